import { describe, expect, it } from 'vitest';
import { CONTINUITY } from '../../src/engine/check.js';
import { checkStory, loadCatalogue, STORY_DIR } from '../../src/engine/index.js';
import { analyseShape } from '../../src/engine/shape.js';

const catalogue = loadCatalogue(STORY_DIR);

/**
 * Each dream's heart, from its seed: the scene a play must reach, and in how many of the plays at least. The thread's
 * is finding the friend; the late guest's is the welcome at the door, on every path.
 */
const HEART: Record<string, { scene: string; atLeast: number }> = {
	'the-thread': { scene: 'The friend found', atLeast: 0.5 },
	'the-scar': { scene: 'The door', atLeast: 1 },
};

/** What a group that votes at random should find, whatever it chooses (the targets the dreams are written to). */
describe.each(catalogue.stories.map((s) => [s.id, s] as const))('the shape of %s over random votes', (id, compiled) => {
	const shape = analyseShape(compiled);
	const report = checkStory(compiled.file);

	it('GIVEN every path WHEN explored THEN the shares are exact', () => {
		expect(shape.exact).toBe(true);
	});

	it('GIVEN the dream WHEN its choices are followed THEN they lead into different scenes at four places or more', () => {
		expect(shape.forks.length).toBeGreaterThanOrEqual(4);
	});

	it('GIVEN random votes WHEN a play ends THEN every ending closes between 8% and 40% of plays', () => {
		for (const ending of shape.endings) {
			expect(ending.share, ending.name).toBeGreaterThanOrEqual(0.08);
			expect(ending.share, ending.name).toBeLessThanOrEqual(0.4);
		}
	});

	it('GIVEN any path WHEN played THEN it has at least five votes and lasts 10 to 20 minutes at the default pace', () => {
		expect(shape.votes.min).toBeGreaterThanOrEqual(5);
		expect(shape.minutes.min).toBeGreaterThanOrEqual(10);
		expect(shape.minutes.max).toBeLessThanOrEqual(20);
	});

	it("GIVEN random votes WHEN a play goes its way THEN it reaches the seed's heart often enough", () => {
		const heart = HEART[id];
		expect(heart, `the heart of ${id}`).toBeDefined();
		if (!heart) return;
		const reached = shape.scenes.find((s) => s.name === heart.scene)?.share ?? 0;
		expect(reached).toBeGreaterThanOrEqual(heart.atLeast - 1e-9);
	});

	it('GIVEN each ending WHEN reached by different paths THEN what the group chose shows in it (three texts or more)', () => {
		for (const ending of shape.endings) expect(ending.variants, ending.name).toBeGreaterThanOrEqual(3);
	});

	it('GIVEN the file WHEN checked THEN no line of it is dead text', () => {
		const dead = report.diagnostics.filter((d) => d.message.includes('dead text'));
		expect(dead).toEqual([]);
	});

	it('GIVEN each ending WHEN told THEN its text shows what the group chose at two votes or more', () => {
		expect(report.stats?.endingMemory.map((e) => e.name).sort()).toEqual(shape.endings.map((e) => e.name).sort());
		for (const ending of report.stats?.endingMemory ?? [])
			expect(ending.votes.length, ending.name).toBeGreaterThanOrEqual(2);
	});

	it('GIVEN any path WHEN told THEN the group votes at least every 8 beats', () => {
		expect(report.stats?.longestRun.beats).toBeLessThanOrEqual(8);
	});

	it('GIVEN the things a line takes as known WHEN any path reaches it THEN an earlier line on that path showed them', () => {
		expect(report.diagnostics.filter((d) => d.message.startsWith(CONTINUITY))).toEqual([]);
	});
});
