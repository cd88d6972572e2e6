import { describe, expect, it } from 'vitest';
import { checkStory, loadCatalogue, type Passage, STORY_DIR, StoryRunner } from '../../src/engine/index.js';

const catalogue = loadCatalogue(STORY_DIR);

/** The choices (by text) that lead from the start to each ending, found by walking the dream through the runner. */
function waysToEveryEnding(runner: StoryRunner): Map<string, string[]> {
	const ways = new Map<string, string[]>();
	const seen = new Set<string>();
	const walk = (passage: Passage, path: string[]) => {
		if (seen.has(passage.save.ink)) return;
		seen.add(passage.save.ink);
		if (passage.ended) {
			const ending = passage.beats.findLast((b) => b.ending)?.ending ?? '(unnamed)';
			if (!ways.has(ending)) ways.set(ending, path);
			return;
		}
		for (const choice of passage.choices) {
			const next = runner.choose(passage.save, choice.index);
			if (next.kind !== 'ok') throw new Error(`${path.join(' > ')} > ${choice.text}: ${next.kind}`);
			walk(next.passage, [...path, choice.text]);
		}
	};
	const start = runner.start();
	if (start.kind !== 'ok') throw new Error(start.kind);
	walk(start.passage, []);
	return ways;
}

describe('the dreams that ship with Reverie', () => {
	it('GIVEN story/ WHEN the catalogue loads THEN both dreams compile, with a title, a description and a colour', () => {
		expect(catalogue.failures).toEqual([]);
		expect(catalogue.stories.map((s) => s.id)).toEqual(['the-scar', 'the-thread']);
		for (const story of catalogue.stories) {
			expect(story.title).not.toBe(story.id);
			expect(story.description).toMatch(/\S.*[.!?]$/);
			expect(story.color).toBeGreaterThan(0);
		}
	});

	describe.each(catalogue.stories.map((s) => [s.id, s] as const))('%s', (id, compiled) => {
		it('GIVEN the dream WHEN checked THEN it has no errors, at least 5 branch points and at least 3 endings', () => {
			const report = checkStory(compiled.file);
			expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
			expect(report.stats?.bounded).toBe(false);
			expect(report.stats?.branchPoints).toBeGreaterThanOrEqual(5);
			expect(report.stats?.endings.length).toBeGreaterThanOrEqual(3);
		});

		it('GIVEN each ending the checker finds WHEN a group chooses its way there from the start THEN the dream ends there', () => {
			const endings = checkStory(compiled.file).stats?.endings ?? [];
			const ways = waysToEveryEnding(new StoryRunner(compiled));
			expect([...ways.keys()].sort()).toEqual(endings);
			for (const [ending, choices] of ways) {
				const runner = new StoryRunner(compiled);
				let result = runner.start();
				for (const text of choices) {
					if (result.kind !== 'ok') break;
					const choice = result.passage.choices.find((c) => c.text === text);
					expect(choice, `${id}: "${text}" on the way to ${ending}`).toBeDefined();
					result = runner.choose(result.passage.save, choice?.index ?? -1);
				}
				expect(result.kind).toBe('ok');
				if (result.kind !== 'ok') continue;
				expect(result.passage.ended).toBe(true);
				expect(result.passage.beats.at(-1)?.ending).toBe(ending);
			}
		});

		it('GIVEN the opening WHEN told THEN it starts with a scene heading and every beat fits a message', () => {
			const opening = new StoryRunner(compiled).start();
			expect(opening.kind).toBe('ok');
			if (opening.kind !== 'ok') return;
			expect(opening.passage.beats[0]?.scene).toBeTruthy();
			for (const beat of opening.passage.beats) expect(beat.text.length).toBeLessThanOrEqual(1500);
		});
	});
});
