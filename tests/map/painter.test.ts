import { afterAll, describe, expect, it } from 'vitest';
import { compileFile, sceneGraph } from '../../src/engine/index.js';
import { MapPainter, renderMap } from '../../src/map/index.js';
import { fixture } from '../helpers.js';

const painter = new MapPainter();
afterAll(() => painter.close());

describe('the map painter', () => {
	it('GIVEN a graph and a view WHEN painted in its child process THEN the PNG is the one drawn on this thread', async () => {
		const compiled = compileFile(fixture('branching.ink'));
		if (!compiled.ok) throw new Error('the fixture does not compile');
		const graph = sceneGraph(compiled.compiled);
		const view = { title: 'Two Doors', color: 0x336699, path: ['The hall'], votes: [], seen: ['The hall'] };
		const png = await painter.paint(graph, view);
		expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
		expect(png.equals(renderMap(graph, view).png)).toBe(true);
	});
});
