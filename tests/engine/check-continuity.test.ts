import { describe, expect, it } from 'vitest';
import { CONTINUITY } from '../../src/engine/check.js';
import { checkStory } from '../../src/engine/index.js';
import { fixture } from '../helpers.js';

describe('what the checker reads as an editor would', () => {
	it('GIVEN a thing one path shows and both paths name WHEN checked THEN each mention on the other path is a warning, with the way there', () => {
		const warnings = checkStory(fixture('defects/continuity.ink')).diagnostics.filter((d) =>
			d.message.startsWith(CONTINUITY),
		);
		expect(warnings).toEqual([
			expect.objectContaining({
				severity: 'warning',
				line: 17,
				message:
					'continuity: "stool" is mentioned before any line on this path introduced it (the way there: "The right door")',
			}),
			expect.objectContaining({
				severity: 'warning',
				line: 18,
				message: expect.stringMatching(/^continuity: "notebook" is mentioned before any line on this path/),
			}),
			expect.objectContaining({
				severity: 'warning',
				line: 21,
				message: 'continuity: "pen" is mentioned, but no line introduces it (# introduces: pen)',
			}),
		]);
	});

	it('GIVEN # introduces: and # mentions: WHEN checked THEN they are known tags, and one with no names is an error', () => {
		const { diagnostics } = checkStory(fixture('defects/continuity.ink'));
		expect(diagnostics.filter((d) => d.message.includes('unknown tag'))).toEqual([]);
		const empty = checkStory(fixture('defects/continuity.ink'), {
			source: 'A line. # scene: One # introduces: , \n-> END\n',
		}).diagnostics.filter((d) => d.severity === 'error');
		expect(empty).toEqual([
			expect.objectContaining({ line: 1, message: '"# introduces:" needs the names of the things it introduces' }),
		]);
		const swallowed = checkStory(fixture('defects/continuity.ink'), {
			source: 'A tune you know. # introduces: tune When you look up, the hall is empty.\n-> END\n',
		}).diagnostics.filter((d) => d.severity === 'error');
		expect(swallowed).toEqual([
			expect.objectContaining({
				line: 1,
				message: expect.stringMatching(/^"# introduces:" names "tune when you look up", which reads like the rest/),
			}),
		]);
	});

	it('GIVEN nine beats before the first vote WHEN checked THEN the run is reported, and is a warning over eight', () => {
		const report = checkStory(fixture('defects/long-run.ink'));
		expect(report.stats?.longestRun).toEqual({
			beats: 9,
			from: { file: 'long-run.ink', line: 4 },
			to: { file: 'long-run.ink', line: 12 },
		});
		expect(report.diagnostics).toEqual([
			expect.objectContaining({
				severity: 'warning',
				line: 4,
				message: expect.stringMatching(/^9 beats in a row without a vote, to line 12 \(more than 8/),
			}),
		]);
		expect(checkStory(fixture('branching.ink')).stats?.longestRun.beats).toBe(2);
	});

	it('GIVEN an ending told with what two votes chose and one told the same way always WHEN checked THEN each ending lists the votes it remembers', () => {
		const report = checkStory(fixture('defects/forgetful-ending.ink'));
		expect(report.stats?.endingMemory).toEqual([
			{
				name: 'The garden',
				votes: [
					{ file: 'forgetful-ending.ink', line: 7 },
					{ file: 'forgetful-ending.ink', line: 13 },
				],
			},
			{ name: 'The landing', votes: [] },
		]);
	});

	it('GIVEN shuffles of words only WHEN checked THEN one seed explores every path, and no alternative is called dead text', () => {
		const report = checkStory(fixture('defects/shuffled-words.ink'));
		expect(report.diagnostics).toEqual([]);
		expect(report.stats?.endings).toEqual(['The roof', 'The yard']);
	});

	it('GIVEN a shuffle that can divert WHEN checked THEN it is explored with several seeds, as RANDOM is', () => {
		const report = checkStory(fixture('defects/shuffled-way.ink'));
		expect(report.stats?.endings).toEqual(['Heads', 'Tails']);
		expect(report.diagnostics).toEqual([
			expect.objectContaining({ message: expect.stringMatching(/^this dream uses RANDOM or shuffles: 8 seed\(s\)/) }),
		]);
	});
});
