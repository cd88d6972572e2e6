import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

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
