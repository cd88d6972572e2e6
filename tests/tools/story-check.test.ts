import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const check = (args: string[]) =>
	spawnSync(TSX, ['src/tools/story-check.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('story:check --map', () => {
	it('GIVEN --map and two dreams WHEN checked THEN each one’s whole map is written as <folder>/<id>.png', () => {
		const folder = path.join(tempDir(), 'maps');
		const run = check(['--map', folder, fixture('branching.ink'), fixture('real-world/the-lost-key.ink')]);
		expect(run.status).toBe(0);
		expect(readdirSync(folder).sort()).toEqual(['branching.png', 'the-lost-key.png']);
		for (const file of readdirSync(folder)) {
			const png = readFileSync(path.join(folder, file));
			expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
			expect(png.readUInt32BE(16)).toBeLessThanOrEqual(1600);
		}
		expect(run.stdout).toMatch(/map {14}.*branching\.png \(\d+×\d+, \d+ KB\)/);
		// The checker's report is still all there.
		expect(run.stdout).toContain('2 dream(s) checked');
	});

	it('GIVEN --map without a folder WHEN run THEN it says what it needs and exits non-zero', () => {
		const run = check(['--map']);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('--map needs a folder');
	});
});
