import { describe, expect, it } from 'vitest';
import { checkStory, compileFile } from '../../src/engine/index.js';
import { analyseShape } from '../../src/engine/shape.js';
import { fixture } from '../helpers.js';

function shapeOf(file: string, options: Parameters<typeof analyseShape>[1] = {}) {
	const result = compileFile(fixture(file));
	if (!result.ok) throw new Error(`${file} does not compile`);
	return analyseShape(result.compiled, options);
}

describe('the shape of a dream over random votes', () => {
	it('GIVEN the two-doors dream WHEN its shape is read THEN each ending has its exact share, and the votes and forks are counted', () => {
		const shape = shapeOf('branching.ink');
		expect(shape.exact).toBe(true);
		// Taking the key (1/2), then the garden (1/3); the long dark via the cellar from either side; waking otherwise.
		const shares = Object.fromEntries(shape.endings.map((e) => [e.name, e.share]));
		expect(shares['The glass garden']).toBeCloseTo(1 / 6, 10);
		expect(shares['The long dark']).toBeCloseTo(1 / 12 + 1 / 8, 10);
		expect(shares.Waking).toBeCloseTo(15 / 24, 10);
		expect(shape.votes.min).toBe(2);
		expect(shape.votes.max).toBe(3);
		expect(shape.votes.mean).toBeCloseTo(29 / 12, 10);
		// The first vote keeps the hall; the doors and the cellar's vote lead to different places.
		expect(shape.forks.map((f) => f.place.line)).toEqual([14, 26]);
		expect(shape.forks[0]?.scenes).toEqual(['The garden', 'The cellar', '(Waking)']);
		expect(shape.scenes).toEqual([
			{ name: 'The hall', share: 1 },
			{ name: 'The garden', share: expect.closeTo(1 / 6, 10) },
			{ name: 'The cellar', share: expect.closeTo(1 / 6 + 1 / 4, 10) },
		]);
		// Every ending is told one way from the last vote on.
		expect(shape.endings.map((e) => e.variants)).toEqual([1, 1, 1]);
		// Two or three votes of 60 s, and the beats' reading time.
		expect(shape.minutes.min).toBeGreaterThan(2);
		expect(shape.minutes.max).toBeLessThan(4);
	});

	it('GIVEN a dream that loops back on itself WHEN its shape is read THEN it is sampled with a fixed seed, the same on every run', () => {
		// Its bucket count grows at every draw, so its states never end: explored to a bound, then sampled.
		// Played from the story itself, not from the states explored, which hold only its first votes.
		const options = { maxStates: 2000, samplePlays: 2000, sampleMs: 60_000 };
		const first = shapeOf('real-world/sticky-loop.ink', options);
		expect(first.exact).toBe(false);
		expect(first.coverage).toMatchObject({ kind: 'sampled', plays: 2000 });
		expect(first.samples).toBe(2000);
		// How many texts an ending has needs every way to it: not claimed from a sample.
		expect(first.endings).toEqual([{ name: 'Morning', share: 1, variants: 0 }]);
		// Leaving is one choice of three at every vote: a play takes three votes on average.
		expect(first.votes.mean).toBeGreaterThan(2.85);
		expect(first.votes.mean).toBeLessThan(3.15);
		expect(first.bounded).toBe(true);
		const again = shapeOf('real-world/sticky-loop.ink', options);
		const timeless = (shape: typeof first) => ({ ...shape, coverage: { ...shape.coverage, ms: 0 } });
		expect(timeless(again)).toEqual(timeless(first));
	});
});

describe('dead text', () => {
	it('GIVEN a branch no path takes WHEN checked THEN its line is reported as never told, and no other line is', () => {
		const report = checkStory(fixture('shape/dead-branch.ink'));
		expect(report.diagnostics).toEqual([
			{
				severity: 'warning',
				file: 'dead-branch.ink',
				line: 11,
				message: 'this line is never told on any path (dead text)',
			},
		]);
	});

	it('GIVEN the two-doors dream, whose every line some path tells WHEN checked THEN no line is reported', () => {
		expect(checkStory(fixture('branching.ink')).diagnostics).toEqual([]);
	});
});
