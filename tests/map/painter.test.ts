import { getPriority } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile, sceneGraph } from '../../src/engine/index.js';
import { STORY_PROCESS_PRIORITY } from '../../src/engine/process-priority.js';
import { MapPainter, renderMap } from '../../src/map/index.js';
import { fixture, poolProcessesOf } from '../helpers.js';

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

	it.runIf(process.platform === 'linux')(
		'GIVEN a map being painted WHEN the system schedules the painter THEN it runs below the bot, which keeps its priority',
		async () => {
			const compiled = compileFile(fixture('branching.ink'));
			if (!compiled.ok) throw new Error('the fixture does not compile');
			await painter.paint(sceneGraph(compiled.compiled), {
				title: 'Two Doors',
				color: 0x336699,
				path: [],
				votes: [],
				seen: [],
			});
			const processes = poolProcessesOf(process.pid);
			expect(processes.length).toBeGreaterThan(0);
			for (const pid of processes) expect(getPriority(pid)).toBe(STORY_PROCESS_PRIORITY);
			expect(getPriority()).toBeLessThan(STORY_PROCESS_PRIORITY);
		},
	);
});
