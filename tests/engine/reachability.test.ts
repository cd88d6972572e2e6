import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStory } from '../../src/engine/check.js';
import { compileFile } from '../../src/engine/compile.js';
import { STORY_DIR } from '../../src/engine/index.js';
import { reachableFlows } from '../../src/engine/reachability.js';
import { fixture } from '../helpers.js';

const reachableIn = (file: string) => {
	const result = compileFile(fixture(file));
	if (!result.ok) throw new Error(`${file} does not compile`);
	const stitches = new Set(result.flows.filter((f) => f.kind === 'stitch').map((f) => f.path));
	return { reachable: reachableFlows(result.compiled.story.ToJson() ?? '', stitches), flows: result.flows };
};

describe('reachability from the divert graph', () => {
	it('GIVEN knots reached through a tunnel, a thread, a function call and a choice WHEN read THEN every one is reachable', () => {
		const { reachable, flows } = reachableIn('real-world/reach-shapes.ink');
		expect(reachable).not.toBe('everything');
		for (const flow of flows) expect(reachable).toContain(flow.path);
	});

	it('GIVEN a knot with no text of its own WHEN read THEN its first stitch is reachable through the divert ink writes, and a knot no divert names is not', () => {
		const { reachable } = reachableIn('real-world/deep-well.ink');
		expect(reachable).toEqual(new Set(['', 'shaft', 'bottom', 'bottom.landing', 'bottom.pool', 'daylight']));
	});

	it('GIVEN a stitch after the text of its knot WHEN nothing diverts to it THEN it is unreachable, as is a knot nothing names', () => {
		const { reachable } = reachableIn('defects/unreached.ink');
		expect(reachable).toEqual(new Set(['', 'onward']));
	});

	it('GIVEN a choice whose text has inline logic WHEN read THEN the return ink writes for it is not taken for a divert to anywhere', () => {
		expect(reachableIn('real-world/inline-choice.ink').reachable).toEqual(new Set(['', 'market', 'home']));
	});

	it('GIVEN a divert to a variable WHEN read THEN everything counts as reachable', () => {
		expect(reachableIn('real-world/divert-variable.ink').reachable).toBe('everything');
	});
});

describe('reachability agrees with exploring every state', () => {
	const files = [
		...readdirSync(STORY_DIR).map((f) => path.join(STORY_DIR, f)),
		...[
			'branching.ink',
			'real-world/deep-well.ink',
			'real-world/reach-shapes.ink',
			'real-world/inline-choice.ink',
			'defects/unreached.ink',
		].map(fixture),
	].filter((f) => f.endsWith('.ink'));

	it.each(files.map((f) => [path.basename(f), f]))(
		'GIVEN %s WHEN every state is explored THEN every knot the divert graph calls unreachable is indeed never reached',
		(_name, file) => {
			const report = checkStory(file);
			expect(report.stats?.bounded).toBe(false);
			const neverReached = report.diagnostics.flatMap(
				(d) => /^(?:knot|stitch) "(.*)" is never reached$/.exec(d.message)?.[1] ?? [],
			);
			const result = compileFile(file);
			if (!result.ok) throw new Error(`${file} does not compile`);
			const stitches = new Set(result.flows.filter((f) => f.kind === 'stitch').map((f) => f.path));
			const reachable = reachableFlows(result.compiled.story.ToJson() ?? '', stitches);
			const unreachable =
				reachable === 'everything' ? [] : result.flows.map((f) => f.path).filter((p) => !reachable.has(p));
			expect(neverReached).toEqual(expect.arrayContaining(unreachable));
		},
	);
});
