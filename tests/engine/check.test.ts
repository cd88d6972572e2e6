import { describe, expect, it } from 'vitest';
import { checkStory, type Diagnostic, FADED_ENDING } from '../../src/engine/index.js';
import { fixture } from '../helpers.js';

const errorsOf = (file: string): Diagnostic[] =>
	checkStory(fixture(file)).diagnostics.filter((d) => d.severity === 'error');

describe('the story checker', () => {
	it('GIVEN a sound dream WHEN checked THEN it has no errors and its shape is measured', () => {
		const report = checkStory(fixture('branching.ink'));
		expect(report.diagnostics).toEqual([]);
		expect(report.stats).toMatchObject({
			branchPoints: 3,
			endings: ['The glass garden', 'The long dark', 'Waking'],
			shortestPath: 6,
			longestPath: 8,
			bounded: false,
		});
	});

	it.each([
		['defects/compile-error.ink', 5, /Divert target not found/],
		['defects/too-many-choices.ink', 5, /26 choices at one point \(at most 25 fit a vote/],
		['defects/long-sentence.ink', 5, /a sentence of 4410 characters is longer than a message holds \(4096\)/],
		['defects/external-missing.ink', 4, /EXTERNAL function "ring_bell" has no ink function of the same name/],
	])('GIVEN %s WHEN checked THEN its defect is reported at line %i', (file, line, message) => {
		const errors = errorsOf(file);
		expect(errors).toEqual([expect.objectContaining({ line, message: expect.stringMatching(message) })]);
	});

	it('GIVEN choices as published ink has them (6 and 25 at one point, one of 113 characters, one of 659) WHEN checked THEN none is an error, and only the choice too long to show whole is a warning', () => {
		const report = checkStory(fixture('inky/many-choices.ink'));
		expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(report.diagnostics.filter((d) => /choice/.test(d.message))).toEqual([
			expect.objectContaining({
				severity: 'warning',
				line: 39,
				message: "choice text of 659 characters: the vote's message shows the first 600",
			}),
		]);
		expect(report.stats?.branchPoints).toBe(2);
	});

	it('GIVEN paragraphs longer than a beat WHEN checked THEN each is a warning that it is told as several beats, not an error', () => {
		const report = checkStory(fixture('real-world/long-paragraph.ink'));
		expect(report.diagnostics).toEqual([
			expect.objectContaining({
				severity: 'warning',
				line: 4,
				message: expect.stringMatching(/^paragraph of 1894 characters is told as 2 beats/),
			}),
			expect.objectContaining({
				severity: 'warning',
				line: 7,
				message: expect.stringMatching(/^paragraph of 1894 characters is told as 2 beats/),
			}),
		]);
		expect(errorsOf('defects/long-beat.ink')).toEqual([]);
	});

	it('GIVEN a variable read before it is set WHEN checked THEN it is a warning at its line, not a dead end', () => {
		const report = checkStory(fixture('real-world/unset-variable.ink'));
		expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(report.diagnostics).toContainEqual(
			expect.objectContaining({
				severity: 'warning',
				line: 12,
				message: expect.stringMatching(/^runtime warning: Variable not found: 'oil'/),
			}),
		);
		expect(report.stats?.endings).toEqual(['The kitchen']);
	});

	it('GIVEN an EXTERNAL function with an ink function of the same name WHEN checked THEN it is fine and its ending is reached', () => {
		const report = checkStory(fixture('real-world/external-fallback.ink'));
		expect(report.diagnostics).toEqual([]);
		expect(report.stats?.endings).toEqual(['The vane']);
	});

	it('GIVEN a dream with RANDOM and a shuffle WHEN checked THEN it explores several seeds, reaches every ending, and says what it skipped', () => {
		const report = checkStory(fixture('real-world/random-omens.ink'));
		expect(report.stats?.endings).toEqual(['The river', 'The stranger', 'Tomorrow']);
		expect(report.diagnostics).toEqual([
			expect.objectContaining({
				severity: 'warning',
				message: expect.stringMatching(/^this dream uses RANDOM or shuffles: 8 seed\(s\) explored/),
			}),
		]);
	});

	it('GIVEN a knot only a rare random draw leads to WHEN no seed draws it THEN it is not called unreached', () => {
		const report = checkStory(fixture('real-world/rare-draw.ink'));
		expect(report.stats?.endings).toEqual(['Tails']);
		expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
	});

	it('GIVEN a knot and a stitch no choice leads to WHEN checked THEN both are warnings where they are written, not errors (Inky plays the story)', () => {
		const { diagnostics } = checkStory(fixture('defects/unreached.ink'));
		expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(diagnostics).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ severity: 'warning', line: 11, message: 'stitch "onward.side" is never reached' }),
				expect.objectContaining({ severity: 'warning', line: 15, message: 'knot "forgotten" is never reached' }),
			]),
		);
	});

	it('GIVEN a published story with a knot left from an earlier draft WHEN checked THEN it passes, warned of the knot at its line', () => {
		const { diagnostics, stats } = checkStory(fixture('inky/dead-knot.ink'));
		expect(diagnostics).toEqual([
			{ severity: 'warning', file: 'dead-knot.ink', line: 12, message: 'knot "old_draft" is never reached' },
		]);
		expect(stats?.endings).toEqual(['The orchard', 'The road']);
	});

	it('GIVEN paths that run out of content WHEN checked THEN no error: each is a warning at the line where it runs out, and an ending', () => {
		const { diagnostics, stats } = checkStory(fixture('inky/fades.ink'));
		expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(diagnostics).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					severity: 'warning',
					line: 19,
					message: expect.stringMatching(/^the story runs out of content here .*told as fading out/),
				}),
				expect.objectContaining({
					severity: 'warning',
					line: 23,
					message: expect.stringMatching(/^the story runs out of content here .*stops at ending "The cart"/),
				}),
			]),
		);
		expect(stats?.endings).toEqual(['The cart', 'The hill door', FADED_ENDING]);
		expect(stats?.fades).toEqual([
			{ file: 'fades.ink', line: 19 },
			{ file: 'fades.ink', line: 23 },
		]);
	});

	it('GIVEN a tunnel that never returns WHEN checked THEN it is still an error at its line', () => {
		expect(errorsOf('inky/broken-tunnel.ink')).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					line: 6,
					message: expect.stringMatching(/^dead end: unexpectedly reached end of content/),
				}),
			]),
		);
	});

	it('GIVEN a compile error WHEN checked THEN it stays an error at the line Inky gives', () => {
		expect(errorsOf('defects/compile-error.ink')).toEqual([
			expect.objectContaining({
				severity: 'error',
				line: 5,
				message: expect.stringMatching(/Divert target not found/),
			}),
		]);
	});

	it('GIVEN a dream missing its description and with a bare "#" in its colour WHEN checked THEN each is reported', () => {
		const { diagnostics } = checkStory(fixture('defects/missing-meta.ink'));
		expect(diagnostics).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					severity: 'warning',
					message: expect.stringContaining('missing global tag "# description:"'),
				}),
				expect.objectContaining({ severity: 'error', message: '"# color:" is empty' }),
				expect.objectContaining({
					severity: 'error',
					message: expect.stringContaining('write the colour as "# color: \\#abcdef"'),
				}),
			]),
		);
	});

	it('GIVEN a dream with no global tags WHEN checked THEN it has no errors, and each default it takes is a warning', () => {
		const report = checkStory(fixture('real-world/the-lost-key.ink'));
		expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(report.diagnostics.map((d) => d.message)).toEqual([
			'missing global tag "# title:": the dream is called "The Lost Key"',
			'missing global tag "# description:": the catalogue shows no description',
			'missing global tag "# color:": the dream takes the default colour \\#7b68ee',
		]);
		expect(report.meta).toMatchObject({ title: 'The Lost Key', description: '', color: 0x7b68ee });
	});

	it('GIVEN tags written for other players and an unknown tag WHEN checked THEN each name is one warning, the author is read, and nothing is an error', () => {
		const report = checkStory(fixture('real-world/foreign-tags.ink'));
		expect(report.meta?.author).toBe('A. Writer');
		expect(report.diagnostics).toEqual([
			expect.objectContaining({
				severity: 'warning',
				line: 5,
				message: expect.stringMatching(/^unknown tag "# img" is ignored/),
			}),
			expect.objectContaining({
				severity: 'warning',
				line: 7,
				message: expect.stringMatching(/^unknown tag "# hide_choices" is ignored/),
			}),
		]);
		const mood = checkStory(fixture('defects/unknown-tag.ink')).diagnostics.filter((d) => d.message.includes('mood'));
		expect(mood).toEqual([
			expect.objectContaining({
				severity: 'warning',
				line: 4,
				message: expect.stringMatching(/^unknown tag "# mood" is ignored/),
			}),
		]);
	});

	it('GIVEN a dream that loops forever WHEN checked with a small bound THEN exploration stops and says so as a warning', () => {
		const report = checkStory(fixture('defects/endless.ink'), { maxStates: 50 });
		expect(report.stats?.bounded).toBe(true);
		expect(report.diagnostics).toContainEqual(
			expect.objectContaining({
				severity: 'warning',
				message: expect.stringMatching(
					/^exploration stopped at its bound of 50 states after exploring 50 states.*not checked/,
				),
			}),
		);
		expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
	});

	it('GIVEN a dream that loops on sticky choices and counts forever WHEN checked THEN it finishes without crashing and warns it stopped', () => {
		const report = checkStory(fixture('real-world/sticky-loop.ink'), { maxMs: 1500 });
		expect(report.stats).toMatchObject({ bounded: true, endings: ['Morning'] });
		expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(report.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/^exploration stopped/));
	}, 30_000);

	it('GIVEN exploration cut short by its bound WHEN a knot is only reached far down THEN it is not called unreached, but a knot no divert leads to is', () => {
		const report = checkStory(fixture('real-world/deep-well.ink'), { maxStates: 5 });
		expect(report.stats?.bounded).toBe(true);
		expect(report.diagnostics.filter((d) => /never reached/.test(d.message))).toEqual([
			expect.objectContaining({
				severity: 'warning',
				line: 28,
				message: 'knot "cistern" is never reached (no divert leads to it)',
			}),
		]);
	});

	it('GIVEN exploration that finishes WHEN a knot is never visited THEN it is reported as never reached', () => {
		const report = checkStory(fixture('real-world/deep-well.ink'));
		expect(report.stats).toMatchObject({ bounded: false, endings: ['Daylight', 'The pool'] });
		expect(report.diagnostics).toEqual([
			expect.objectContaining({ severity: 'warning', line: 28, message: 'knot "cistern" is never reached' }),
		]);
	});

	it('GIVEN a bounded exploration and a divert to a variable WHEN checked THEN no knot is called unreached, since the variable may point anywhere', () => {
		const report = checkStory(fixture('real-world/divert-variable.ink'), { maxStates: 1 });
		expect(report.stats?.bounded).toBe(true);
		expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
	});

	it('GIVEN a time bound WHEN a dream takes longer to explore THEN exploration stops at the time and says so', () => {
		const report = checkStory(fixture('real-world/sticky-loop.ink'), { maxMs: 50 });
		expect(report.stats?.bounded).toBe(true);
		expect(report.diagnostics.map((d) => d.message)).toContainEqual(
			expect.stringMatching(/^exploration stopped at its bound of 50 ms/),
		);
	});

	it('GIVEN exploring that holds too much memory WHEN its guard says so THEN exploration stops there and says it was the memory', () => {
		let asked = 0;
		const report = checkStory(fixture('real-world/sticky-loop.ink'), {
			maxMs: 60_000,
			heap: { full: () => ++asked > 40 },
		});
		expect(report.stats).toMatchObject({ bounded: true, states: 40, endings: ['Morning'] });
		expect(report.diagnostics.map((d) => d.message)).toContainEqual(
			expect.stringMatching(
				/^exploration stopped at its share of the memory a story may use after exploring 40 states/,
			),
		);
	});

	it('GIVEN progress is asked for WHEN a dream is checked THEN it is told the states explored', () => {
		const seen: number[] = [];
		checkStory(fixture('branching.ink'), { onProgress: (n) => seen.push(n) });
		expect(seen.at(-1)).toBeGreaterThan(0);
	});
});
