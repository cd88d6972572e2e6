import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { storeFileOf } from './snapshot.js';

/** What the lock file says: which process holds the playground's store, and where its page is. */
interface LockHolder {
	pid: number;
	url: string;
	/** This playground among those a process may start one after another. */
	id: string;
}

/** A playground's hold on its store: removed when it stops. */
export interface FolderLock {
	release(): void;
}

/** The lock file of a SQLite store: beside it; none for a store kept in memory or elsewhere. */
export function lockFileFor(storeUrl: string): string | null {
	const store = storeFileOf(storeUrl);
	if (!store) return null;
	const parsed = path.parse(store);
	return path.join(parsed.dir, `${parsed.name}.lock`);
}

/**
 * Takes the playground's store for this process, or says which other playground has it: two playgrounds on one store
 * would share its dreams while each runs its own world, and the second's bot would stand by forever behind the
 * first's lease, its page answering nothing. A lock left by a process that is gone (a crash) is taken over.
 */
export function lockFolder(
	storeUrl: string,
	url: string,
	alive: (pid: number) => boolean = processAlive,
): { kind: 'locked'; lock: FolderLock } | { kind: 'taken'; by: LockHolder; file: string } {
	const file = lockFileFor(storeUrl);
	if (!file) return { kind: 'locked', lock: { release: () => undefined } };
	mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const mine: LockHolder = { pid: process.pid, url, id: randomUUID() };
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(file, 'wx');
			writeSync(fd, JSON.stringify(mine));
			closeSync(fd);
			return { kind: 'locked', lock: { release: () => releaseIfMine(file, mine.id) } };
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const holder = readHolder(file);
		if (holder && alive(holder.pid)) return { kind: 'taken', by: holder, file };
		// Left by a playground that is gone, or unreadable: it holds nothing.
		rmSync(file, { force: true });
	}
	throw new Error(`could not take the playground's lock file ${file}`);
}

function readHolder(file: string): LockHolder | null {
	try {
		const { pid, url, id } = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
		return typeof pid === 'number' && typeof url === 'string' && typeof id === 'string' ? { pid, url, id } : null;
	} catch {
		return null;
	}
}

function releaseIfMine(file: string, id: string): void {
	if (readHolder(file)?.id === id) rmSync(file, { force: true });
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
