import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, vi } from 'vitest';
import type { ComponentLike } from '../src/dev/local-discord/layout-checks.js';

export const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);
/**
 * Two short dreams (`the-corridor`, `the-stair`) for the tests where the dream itself is not what is tested: told in
 * seconds, and explored in a fraction of a second where the built-in dreams take a copy of Reverie ten.
 */
export const SHORT_DREAMS = fixture('e2e-dreams');

const made: string[] = [];

/** Removes the folders {@link tempDir} made: after every test, from `tests/setup.ts`. */
export function removeTempDirs(): void {
	for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh folder, removed after the test; `files` are copied into it from the fixtures. */
export function tempDir(...files: string[]): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'reverie-test-'));
	made.push(dir);
	for (const file of files) cpSync(fixture(file), path.join(dir, path.basename(file)));
	return dir;
}

/**
 * Waits until `check` gives something truthy, and returns it. `check` may be async, and may throw to say why not yet:
 * the last reason is the error a timeout ends with. Under `vi.useFakeTimers()` vitest advances the fake clock by the
 * interval between checks, so a test on fake timers waits in fake time.
 */
export function waitFor<T>(
	what: string,
	check: () => T | Promise<T>,
	options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
	return vi.waitFor(
		async () => {
			const value = await check();
			if (!value) throw new Error(`timed out waiting for ${what}`);
			return value as NonNullable<T>;
		},
		{ timeout: options.timeoutMs ?? 10_000, interval: options.intervalMs ?? 20 },
	);
}

/** Where a binary is, or why it is not there (said in the skipped test's name). */
export type Found = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Declares the suite `define` when the server it needs was found; otherwise a skipped test whose name says what to
 * install, so a missing server shows in the report instead of passing silently. Under CI (`CI` set), where
 * `.ci/run` installs the servers, a missing one fails instead.
 */
export function suiteWith(found: Found, name: string, define: (binary: string) => void): void {
	if (found.ok) {
		define(found.path);
		return;
	}
	if (process.env.CI) {
		describe(name, () => {
			it(`${found.reason} (CI installs it: see .ci/run)`, () => {
				throw new Error(found.reason);
			});
		});
		return;
	}
	describe.skip(name, () => {
		it.skip(`skipped: ${found.reason}`, () => undefined);
	});
}

/** The story pools' processes among `pid`'s children (Linux: from /proc, each thread's children; tinypool starts them). */
export function poolProcessesOf(pid: number): number[] {
	const tasks = readdirSync(`/proc/${pid}/task`);
	const children = tasks.flatMap((task) =>
		readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
	);
	return children.filter((child) => {
		try {
			return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('tinypool');
		} catch {
			return false; // ended meanwhile
		}
	});
}

/** The texts of a message in Discord's newer layout (its text displays, however deep), in reading order. */
export function textsOf(components: readonly unknown[]): string[] {
	const walk = (parts: readonly ComponentLike[]): string[] =>
		parts.flatMap((p) => [...(p.type === 10 ? [String(p.content)] : []), ...walk(p.components ?? [])]);
	return walk(JSON.parse(JSON.stringify(components)) as ComponentLike[]);
}
