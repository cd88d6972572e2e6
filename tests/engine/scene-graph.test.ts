import { describe, expect, it } from 'vitest';
import { compileFile } from '../../src/engine/index.js';
import { sceneGraph } from '../../src/engine/scene-graph.js';
import { fixture } from '../helpers.js';
import { corridorSource } from './long-house.js';

function compiled(file: string, source?: string) {
	const result = compileFile(file, source === undefined ? {} : { source });
	if (!result.ok) throw new Error(`${file} does not compile`);
	return result.compiled;
}

describe('the scene graph of a dream', () => {
	it('GIVEN the two-doors dream WHEN its graph is read THEN each scene and ending is a node once, with the ways between them', () => {
		const graph = sceneGraph(compiled(fixture('branching.ink')));
		expect(graph.storyId).toBe('branching');
		expect(graph.start).toBe('scene:The hall');
		expect(graph.truncated).toBe(false);
		expect(graph.unexplored).toBeUndefined();
		expect(graph.nodes).toEqual(
			expect.arrayContaining([
				{ id: 'scene:The hall', kind: 'scene', name: 'The hall' },
				{ id: 'scene:The garden', kind: 'scene', name: 'The garden' },
				{ id: 'scene:The cellar', kind: 'scene', name: 'The cellar' },
				{ id: 'ending:The glass garden', kind: 'ending', name: 'The glass garden' },
				{ id: 'ending:The long dark', kind: 'ending', name: 'The long dark' },
				{ id: 'ending:Waking', kind: 'ending', name: 'Waking' },
			]),
		);
		expect(graph.nodes).toHaveLength(6);
		const ways = graph.edges.map((e) => `${e.from} → ${e.to}`).sort();
		// Climbing back up from the cellar wakes the dreamer in the hall's scene-less coda: the cellar's way to Waking.
		expect(ways).toEqual(
			[
				'scene:The hall → scene:The garden',
				'scene:The hall → scene:The cellar',
				'scene:The hall → ending:Waking',
				'scene:The garden → ending:The glass garden',
				'scene:The cellar → ending:The long dark',
				'scene:The cellar → ending:Waking',
			].sort(),
		);
		// Plain data: it crosses a process boundary and a store as it is.
		expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
	});

	it('GIVEN a scene and an ending of the same name WHEN read THEN they are two nodes', () => {
		const source = [
			'The end room. # scene: Home',
			'* [Stay]',
			'  You stay. # ending: Home',
			'  -> END',
			'* [Go]',
			'  You go. # ending: Away',
			'  -> END',
		].join('\n');
		const graph = sceneGraph(compiled('home.ink', source));
		expect(graph.nodes.map((n) => n.id)).toEqual(['scene:Home', 'ending:Home', 'ending:Away']);
		expect(graph.edges).toContainEqual({ from: 'scene:Home', to: 'ending:Home' });
	});

	it('GIVEN a dream larger than the bound WHEN read THEN it says it is truncated and where the exploration stopped', () => {
		const graph = sceneGraph(compiled('long-house.ink', corridorSource(40)), { maxStates: 6 });
		expect(graph.truncated).toBe(true);
		expect(graph.nodes.length).toBeLessThan(40 * 2);
		expect(graph.unexplored?.length).toBeGreaterThan(0);
		const ids = new Set(graph.nodes.map((n) => n.id));
		for (const id of graph.unexplored ?? []) expect(ids.has(id)).toBe(true);
		const whole = sceneGraph(compiled('long-house.ink', corridorSource(12)));
		expect(whole.truncated).toBe(false);
		expect(whole.nodes).toHaveLength(24);
	});
});
