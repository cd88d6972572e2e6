import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkStory, compileFile, FADED_ENDING, sceneGraph } from '../../src/engine/index.js';
import { samplePlays } from '../../src/engine/sample.js';
import { analyseShape } from '../../src/engine/shape.js';
import { fixture } from '../helpers.js';
import { largeStorySource } from './large-story.js';

const WOOD = 'generated/the-long-wood.ink';
const ENDINGS = [
	'An early waking',
	'Out by The Pale Well',
	'Out by The Sunken Well',
	'Out by The Windy Well',
	FADED_ENDING,
];

function compiled(options: { countAllVisits?: boolean } = {}) {
	const result = compileFile(fixture(WOOD), options);
	if (!result.ok) throw new Error('the long wood must compile');
	return result.compiled;
}

/** Enough time that the plays asked for are all drawn, even on a busy machine: the counts are then exact. */
const UNHURRIED = 60_000;

describe('a story too large to explore whole', () => {
	it('GIVEN the generated long wood WHEN compared with its generator THEN the fixture is that output, unedited', () => {
		expect(readFileSync(fixture(WOOD), 'utf8')).toBe(largeStorySource());
	});

	it('GIVEN random plays with a fixed seed WHEN drawn twice THEN they see the same endings, shares, scenes and lengths', () => {
		const story = compiled();
		const first = samplePlays(story, { plays: 300, maxMs: UNHURRIED });
		const again = samplePlays(story, { plays: 300, maxMs: UNHURRIED });
		expect({ ...again, ms: 0 }).toEqual({ ...first, ms: 0 });
		expect(first).toMatchObject({ plays: 300, endless: 0, broken: 0, timedOut: false, errors: [] });
		expect(first.endings.map((e) => e.name).sort()).toEqual([...ENDINGS].sort());
		expect(first.endings.reduce((sum, e) => sum + e.share, 0)).toBeCloseTo(1, 10);
		// Both places where the wood runs out of content are met, at the lines ink names.
		expect(first.fades).toEqual([
			{ file: 'the-long-wood.ink', line: 193 },
			{ file: 'the-long-wood.ink', line: 380 },
		]);
		expect(first.scenes[0]).toEqual({ name: 'The Mossy Stair', share: 1 });
		expect(first.votes.min).toBeGreaterThan(0);
		expect(first.minutes.mean).toBeGreaterThan(first.votes.mean);
	});

	it('GIVEN a time bound shorter than the plays asked for WHEN drawn THEN it stops in time and says how many it drew', () => {
		const sample = samplePlays(compiled(), { plays: 1_000_000, maxMs: 200 });
		expect(sample.timedOut).toBe(true);
		expect(sample.plays).toBeGreaterThan(0);
		expect(sample.plays).toBeLessThan(1_000_000);
		expect(sample.ms).toBeLessThan(2000);
	});

	it('GIVEN its exploration stops at its bound WHEN checked THEN its endings, knots and path lengths come from the plays, and it says so', () => {
		const report = checkStory(fixture(WOOD), { maxMs: 300, samplePlays: 400, sampleMs: UNHURRIED });
		const { stats, diagnostics } = report;
		expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(stats?.bounded).toBe(true);
		expect(stats?.endings).toEqual([...ENDINGS].sort());
		expect(stats?.shape).toMatchObject({ kind: 'sampled', plays: 400, knots: { seen: 59, of: 61 } });
		if (stats?.shape.kind !== 'sampled') return;
		expect(stats.shape.endings.map((e) => e.name).sort()).toEqual([...ENDINGS].sort());
		expect(stats.shortestPath).toBeGreaterThan(0);
		expect(stats.longestPath).toBeGreaterThan(stats.shortestPath);
		expect(diagnostics.map((d) => d.message)).toContainEqual(
			expect.stringMatching(/^exploration stopped at its bound of 300 ms .*its shape comes from 400 random plays/),
		);
		// Only the draft and one clearing no divert leads to are left unreached, as warnings.
		expect(diagnostics.filter((d) => /never reached/.test(d.message)).map((d) => d.message)).toEqual([
			'knot "k21" is never reached (no divert leads to it)',
			'knot "draft" is never reached (no divert leads to it)',
		]);
	});

	it('GIVEN a dream explored whole WHEN checked THEN its shape says it is exhaustive, with its states', () => {
		expect(checkStory(fixture('branching.ink')).stats?.shape).toEqual({ kind: 'exhaustive', states: 12 });
	});

	it('GIVEN its exploration stops at its bound WHEN its shape is read THEN it comes from plays of the whole story, not the first votes', () => {
		const shape = analyseShape(compiled(), { maxMs: 300, samplePlays: 400, sampleMs: UNHURRIED });
		expect(shape.coverage).toMatchObject({ kind: 'sampled', plays: 400 });
		expect(shape.endings.map((e) => e.name).sort()).toEqual([...ENDINGS].sort());
		expect(shape.votes.mean).toBeGreaterThan(5);
	});

	it('GIVEN its exploration stops at its bound WHEN its scene graph is read with plays THEN it draws every scene and ending they saw, and says how it was read', () => {
		const graph = sceneGraph(compiled(), { maxMs: 300, sample: { plays: 400, maxMs: UNHURRIED } });
		expect(graph.coverage).toEqual({ kind: 'sampled', plays: 400 });
		expect(graph.truncated).toBe(false);
		const endings = graph.nodes.filter((n) => n.kind === 'ending').map((n) => n.name);
		expect(endings.sort()).toEqual([...ENDINGS].sort());
		// Each of the 60 knots opens a scene; every one is seen but the one no divert leads to.
		expect(graph.nodes.filter((n) => n.kind === 'scene')).toHaveLength(59);
		const ids = new Set(graph.nodes.map((n) => n.id));
		for (const edge of graph.edges) expect(ids.has(edge.from) && ids.has(edge.to)).toBe(true);
	});
});
