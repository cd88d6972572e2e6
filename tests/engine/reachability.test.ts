import { describe, expect, it } from 'vitest';
import { compileFile } from '../../src/engine/compile.js';
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
		const { reachable, flows } = reachableIn('reach-shapes.ink');
		expect(reachable).not.toBe('everything');
		for (const flow of flows) expect(reachable).toContain(flow.path);
	});

	it('GIVEN a knot only reached through a stitch run into from its knot WHEN read THEN the stitches are reachable and a knot no divert names is not', () => {
		const { reachable } = reachableIn('deep-well.ink');
		expect(reachable).toEqual(new Set(['', 'shaft', 'bottom', 'bottom.landing', 'bottom.pool', 'daylight']));
	});

	it('GIVEN a divert to a variable WHEN read THEN everything counts as reachable', () => {
		expect(reachableIn('divert-variable.ink').reachable).toBe('everything');
	});
});
