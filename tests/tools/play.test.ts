import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const play = (args: string[], input = '') =>
	spawnSync(TSX, ['src/tools/play.ts', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 30_000 });

describe('the terminal playtest', () => {
	it('GIVEN answers with mistakes WHEN a dream is played THEN a bad answer is asked again and the dream reaches its ending', () => {
		const run = play([fixture('branching.ink'), '--fast'], '9\nkey\n1\n3\n');
		expect(run.status).toBe(0);
		const out = run.stdout;
		expect(out).toContain('── The hall ──');
		expect(out.match(/Answer with a number from 1 to 2\./g)).toHaveLength(2);
		expect(out).toContain('You pocket the key.');
		expect(out).toContain('— The end: Waking —');
		expect(out).toContain('Your path: Take the key → Wait in the hall');
		expect(out.indexOf('You stand in a hall')).toBeLessThan(out.indexOf('1. Take the key'));
	});

	it('GIVEN a dream that is not there WHEN asked for THEN the dreams there are are listed and it exits non-zero', () => {
		const run = play(['no-such-dream']);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('There is no dream called "no-such-dream". The dreams are:');
		expect(run.stderr).toMatch(/the-thread\s+The Thread of Night/);
		expect(run.stderr).toMatch(/the-scar\s+/);
	});

	it('GIVEN input that ends mid-dream WHEN played THEN it stops quietly instead of hanging', () => {
		const run = play(['the-thread', '--fast'], '1\n');
		expect(run.status).toBe(0);
		expect(run.stdout).toContain('(The dream fades: no more answers.)');
	});
});
