import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, vi } from 'vitest';

export const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);

const made: string[] = [];
afterEach(() => {
	for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

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
