import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers.js';

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

	it('GIVEN a path with no "-> END" WHEN played to where it runs out THEN the dream fades there, with the line, instead of breaking', () => {
		const run = play([fixture('inky/fades.ink'), '--fast'], '2\n');
		expect(run.status).toBe(0);
		expect(run.stdout).toContain('You keep walking until the walking is all there is.');
		expect(run.stdout).toContain('— The dream fades here (no "-> END": it ran out at line 19) —');
	});

	it('GIVEN a story with pictures, sounds, speakers and chapters WHEN played THEN the terminal shows each, and a greyed-out choice cannot be taken', () => {
		const run = play([fixture('scene-tags/the-lighthouse.ink'), '--fast'], '3\n1\n');
		expect(run.status).toBe(0);
		const out = run.stdout;
		expect(out).toContain('[picture: A grey beach under a white tower, the lamp dark. (pictures/shore.png)]');
		expect(out).toContain('Mara — You came by the last boat, then.');
		expect(out).toContain('The visitor — I came for the lamp.');
		expect(out).toContain('[sound: https://example.org/sounds/gulls.ogg (Discord does not play it in the channel)]');
		expect(out).toContain('3. Swim out to the rocks (shown, but it cannot be chosen)');
		expect(out).toContain('That choice cannot be chosen: pick another.');
		// The chapter: a rule, then the scene's heading.
		expect(out).toMatch(/═{40}\n\n── The lamp room ──/);
		expect(out).toContain('[picture without alt text: pictures/wick.png]');
		expect(out).toContain('Your path: Climb the stair');
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

	it('GIVEN --map WHEN a dream is played to its end THEN the map of that playthrough is written: its path, its votes, the rest blank', () => {
		const file = `${tempDir()}/night.svg`;
		const run = play([fixture('branching.ink'), '--fast', '--map', file], '1\n1\n');
		expect(run.status).toBe(0);
		expect(run.stdout).toMatch(/Map written to .*night\.svg \(\d+×\d+, \d+ KB\)\./);
		const svg = readFileSync(file, 'utf8');
		expect(svg).toContain('class="node scene seen on-path start" data-id="scene:The hall" data-steps="1"');
		expect(svg).toContain('data-id="scene:The garden" data-steps="2"');
		expect(svg).toContain('data-id="ending:The glass garden" data-steps="3"');
		expect(svg).toContain('Vote 1: “Take the key”');
		expect(svg).toContain('Vote 2: “Unlock the left door”');
		expect(svg).toContain('1 of 1 vote');
		// Not played, so not named: the cellar and the other two endings are silhouettes.
		expect(svg.match(/class="node (scene|ending) unseen"/g)).toHaveLength(3);
		for (const name of ['The cellar', 'The long dark', 'Waking']) expect(svg).not.toContain(name);
	});

	it('GIVEN --map with a .png WHEN the input ends mid-dream THEN the map of the way so far is a PNG', () => {
		const file = `${tempDir()}/night.png`;
		const run = play(['the-thread', '--fast', '--map', file], '1\n');
		expect(run.status).toBe(0);
		const png = readFileSync(file);
		expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
		expect(png.readUInt32BE(16)).toBeLessThanOrEqual(1600);
	});
});
