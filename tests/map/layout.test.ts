import { describe, expect, it } from 'vitest';
import { compileFile, type SceneGraph, sceneGraph } from '../../src/engine/index.js';
import { pictureSize } from '../../src/map/draw.js';
import { type Layout, layoutMap, MAX_WIDTH, type PlacedNode } from '../../src/map/layout.js';
import type { MapView } from '../../src/map/types.js';
import { corridorSource } from '../engine/long-house.js';

type Point = { x: number; y: number };

const lay = (graph: SceneGraph, view: MapView) => layoutMap(graph, view, (l) => pictureSize(l, view, MAX_WIDTH));

/** A node's box, shrunk by `inset` on every side. */
const box = (n: PlacedNode, inset = 0) => ({
	left: n.x - n.width / 2 + inset,
	right: n.x + n.width / 2 - inset,
	top: n.y - n.height / 2 + inset,
	bottom: n.y + n.height / 2 - inset,
});

/** How far `p` is from the edge of `n`'s box (0 on it). */
function offEdge(n: PlacedNode, p: Point): number {
	const b = box(n);
	const dx = Math.max(b.left - p.x, 0, p.x - b.right);
	const dy = Math.max(b.top - p.y, 0, p.y - b.bottom);
	if (dx > 0 || dy > 0) return Math.hypot(dx, dy);
	return Math.min(p.x - b.left, b.right - p.x, p.y - b.top, b.bottom - p.y);
}

/** Whether the segment from `p` to `q` passes through the inside of box `b` (Liang–Barsky clipping). */
function crosses(b: ReturnType<typeof box>, p: Point, q: Point): boolean {
	let [t0, t1] = [0, 1];
	const [dx, dy] = [q.x - p.x, q.y - p.y];
	for (const [step, room] of [
		[-dx, p.x - b.left],
		[dx, b.right - p.x],
		[-dy, p.y - b.top],
		[dy, b.bottom - p.y],
	] as [number, number][]) {
		if (step === 0) {
			if (room < 0) return false;
			continue;
		}
		const t = room / step;
		if (step < 0) t0 = Math.max(t0, t);
		else t1 = Math.min(t1, t);
		if (t0 > t1) return false;
	}
	return true;
}

function builtIn(id: string): { graph: SceneGraph; title: string; color: number } {
	const result = compileFile(`story/${id}.ink`);
	if (!result.ok) throw new Error(`${id} does not compile`);
	return { graph: sceneGraph(result.compiled), title: result.compiled.title, color: result.compiled.color };
}

/** The first way out of every scene to an ending, with a vote in each scene: as long a night as the dream has. */
function longNight(graph: SceneGraph, title: string, color: number): MapView {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const path: string[] = [];
	const visited = new Set<string>();
	for (let at: string | undefined = graph.start; at && !visited.has(at); ) {
		visited.add(at);
		path.push(byId.get(at)?.name ?? at);
		at = graph.edges.find((e) => e.from === at && !visited.has(e.to))?.to;
	}
	const votes = path.slice(0, -1).map((scene, i) => ({ scene, round: i + 1, choice: 'Go on', votes: 2, ballots: 3 }));
	return { title, color, path, votes, seen: [] };
}

function corridor(rooms: number): { graph: SceneGraph; view: MapView } {
	const result = compileFile('long-house.ink', { source: corridorSource(rooms) });
	if (!result.ok) throw new Error('the long house does not compile');
	const graph = sceneGraph(result.compiled);
	const path = [...Array.from({ length: rooms }, (_, i) => `Room ${i}`), `Woken in room ${rooms - 1}`];
	const votes = path.slice(0, -1).map((scene, i) => ({ scene, round: i + 1, choice: 'On', votes: 1, ballots: 1 }));
	return { graph, view: { title: 'The Long House', color: 0x336699, path, votes, seen: [] } };
}

const cases: [string, () => Layout][] = [
	...['the-thread', 'the-scar'].flatMap((id): [string, () => Layout][] => [
		[
			`${id}, the author's map`,
			() => {
				const { graph, title, color } = builtIn(id);
				return lay(graph, { title, color, path: [], votes: [], seen: [], reveal: true });
			},
		],
		[
			`${id}, a long night`,
			() => {
				const { graph, title, color } = builtIn(id);
				return lay(graph, longNight(graph, title, color));
			},
		],
	]),
	[
		'a corridor of 16 rooms walked to its end',
		() => {
			const { graph, view } = corridor(16);
			return lay(graph, view);
		},
	],
];

describe('folding the map into columns or lines', () => {
	it.each(cases)(
		'GIVEN %s WHEN laid out THEN no scene covers another, and every way runs from its scene to the next, round the folds and never over a scene',
		(_, layoutOf) => {
			const layout = layoutOf();
			const keyed = new Map(layout.nodes.map((n) => [n.key, n]));
			for (const [i, a] of layout.nodes.entries())
				for (const b of layout.nodes.slice(i + 1)) {
					const [p, q] = [box(a), box(b)];
					const apart = p.right <= q.left || q.right <= p.left || p.bottom <= q.top || q.bottom <= p.top;
					expect(apart, `${a.name ?? a.key} and ${b.name ?? b.key}`).toBe(true);
				}
			for (const edge of layout.edges) {
				const [from, to] = [keyed.get(edge.from) as PlacedNode, keyed.get(edge.to) as PlacedNode];
				const [first, last] = [edge.points[0] as Point, edge.points.at(-1) as Point];
				expect(offEdge(from, first), `${from.name ?? from.key} → ${to.name ?? to.key}`).toBeLessThan(2);
				expect(offEdge(to, last), `${from.name ?? from.key} → ${to.name ?? to.key}`).toBeLessThan(2);
				for (const p of edge.points) {
					expect(p.x).toBeGreaterThanOrEqual(-1);
					expect(p.x).toBeLessThanOrEqual(layout.width + 1);
					expect(p.y).toBeGreaterThanOrEqual(-1);
					expect(p.y).toBeLessThanOrEqual(layout.height + 1);
				}
				// The ways the folds add run straight along the gutters, and none crosses a scene. (dagre's own last stretch
				// into a node may cut a neighbour's corner, folded or not.)
				for (let i = 1; i < edge.points.length; i++) {
					const [p, q] = [edge.points[i - 1] as Point, edge.points[i] as Point];
					if (Math.abs(p.x - q.x) > 0.01 && Math.abs(p.y - q.y) > 0.01) continue;
					for (const other of layout.nodes) {
						if (other === from || other === to) continue;
						const over = `${from.name ?? from.key} → ${to.name ?? to.key} over ${other.name ?? other.key}`;
						expect(crosses(box(other, 4), p, q), over).toBe(false);
					}
				}
			}
		},
	);

	it('GIVEN a long night WHEN laid out THEN it is folded, and its steps still read in order along the folds', () => {
		const { graph, view } = corridor(16);
		const layout = lay(graph, view);
		expect(layout.bands).toBeGreaterThan(1);
		// Within a fold the steps go forward; each fold begins where the one before it ended, on the far side.
		const steps = layout.nodes
			.filter((n) => n.steps.length > 0)
			.sort((a, b) => (a.steps[0] as number) - (b.steps[0] as number));
		const along = (n: PlacedNode) => (layout.direction === 'TB' ? n.y : n.x);
		const across = (n: PlacedNode) => (layout.direction === 'TB' ? n.x : n.y);
		let folds = 0;
		for (let i = 1; i < steps.length; i++) {
			const [a, b] = [steps[i - 1] as PlacedNode, steps[i] as PlacedNode];
			if (along(b) < along(a)) {
				folds++;
				expect(across(b)).toBeGreaterThan(across(a));
			}
		}
		expect(folds).toBeGreaterThan(0);
		expect(folds).toBeLessThan(layout.bands);
	});
});
