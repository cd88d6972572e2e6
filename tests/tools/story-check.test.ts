import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
/** Runs `npm run story:check`'s command with `args`, to its end. */
function check(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
	const run = spawn(TSX, ['src/tools/story-check.ts', ...args], { cwd: ROOT, timeout: 80_000 });
	let stdout = '';
	let stderr = '';
	run.stdout.setEncoding('utf8').on('data', (text: string) => {
		stdout += text;
	});
	run.stderr.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});
	return new Promise((resolve) => run.on('close', (status) => resolve({ status, stdout, stderr })));
}

// Each test runs the tool in a process of its own and mostly waits for it (a loop runs out its bound), so the
// tests of each group run side by side.
describe.concurrent('story:check --map', () => {
	it('GIVEN --map and two dreams WHEN checked THEN each one’s whole map is written as <folder>/<id>.png', async () => {
		const folder = path.join(tempDir(), 'maps');
		const run = await check(['--map', folder, fixture('branching.ink'), fixture('real-world/the-lost-key.ink')]);
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

	it('GIVEN --map without a folder WHEN run THEN it says what it needs and exits non-zero', async () => {
		const run = await check(['--map']);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('--map needs a folder');
	});

	it('GIVEN --check-seconds that is not a number of seconds WHEN run THEN it says what it needs and exits non-zero', async () => {
		const run = await check(['--check-seconds', 'soon', fixture('branching.ink')]);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('--check-seconds needs a whole number of seconds');
	});
});

describe.concurrent('story:check in the sandbox', () => {
	it('GIVEN a story that loops inside one step WHEN checked THEN it is reported with the words an upload is refused with, and the next story is still checked', async () => {
		// A shorter bound than the upload's 12 s (the words are the same): the loop burns a core until it is refused.
		const run = await check([
			'--check-seconds',
			'4',
			fixture('sandbox/endless-loop.ink'),
			fixture('inky/dead-knot.ink'),
		]);
		expect(run.status).toBe(1);
		expect(run.stdout).toContain(
			'endless-loop.ink: error: refused: it runs more than 4 s without reaching a line or a choice (a loop or a recursion that never ends)',
		);
		// The story after it is checked as usual: its unreached knot a warning, so only the loop is an error.
		expect(run.stdout).toContain('dead-knot.ink:12: warning: knot "old_draft" is never reached');
		expect(run.stdout).toContain('2 dream(s) checked: 1 error(s)');
	}, 90_000);

	it('GIVEN a story too large to explore within the upload bound WHEN checked THEN its counts say they were seen in sample plays', async () => {
		const run = await check([fixture('generated/the-long-wood.ink')]);
		expect(run.status).toBe(0);
		expect(run.stdout).toMatch(/sample plays {5}\d+ \(\d+\.\d s\), seeded/);
		// How many plays fit in the time bound depends on the machine's load: the counts are those the plays saw (the
		// story has 5 endings and 61 knots; 2,000 plays here see every ending and 59 knots).
		expect(run.stdout).toMatch(/endings seen {5}[45]: .*the dream fades here/);
		const knots = /knots seen {7}(\d+) of 61 knots and stitches/.exec(run.stdout);
		expect(Number(knots?.[1])).toBeGreaterThan(40);
		expect(run.stdout).toMatch(/with every vote chosen at random \(from \d+ random plays of the whole story/);
		expect(run.stdout).toMatch(/the-long-wood\.ink:(193|380): warning: the story runs out of content here/);
	}, 90_000);

	it('GIVEN a story in two files WHEN checked THEN the file it INCLUDEs is handed to the sandbox with it', async () => {
		const run = await check([fixture('inky/two-files/the-bell-tower.ink')]);
		expect(run.stdout).toMatch(/endings reached {2}3: Daylight; The belfry; The dark crypt/);
		expect(run.status).toBe(0);
	}, 90_000);
});
