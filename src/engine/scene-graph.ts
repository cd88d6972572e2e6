/**
 * The scenes of a dream and the ways between them, as the map of the night draws them: read from the same exploration
 * of every state as the shape report, so what the map shows is what a channel can be told.
 */
import type { CompiledStory } from './compile.js';
import type { Beat } from './runner.js';
import { samplePlays } from './sample.js';
import { type Edge, exploreBranches, UNTITLED } from './shape.js';

export interface SceneNode {
	/** `scene:<name>` or `ending:<name>`: a scene and an ending may share a name. */
	id: string;
	kind: 'scene' | 'ending';
	name: string;
}

export interface SceneGraph {
	storyId: string;
	contentHash: string;
	/** Every scene (by its `# scene:` name) and every ending (by its `# ending:` name), each once. */
	nodes: SceneNode[];
	/** A way from one node to the next as some path goes (consecutive scenes; the last scene to its ending). */
	edges: { from: string; to: string }[];
	/** The node told first. */
	start: string;
	/**
	 * True when the exploration stopped at its bound and no random play could stand in for the rest: parts not reached
	 * are drawn as "…". A graph read from random plays (see {@link coverage}) is not truncated: it is what they saw.
	 */
	truncated: boolean;
	/**
	 * How the graph was read: every state explored, or (its exploration cut short by its bound) the scenes and endings
	 * `plays` random plays saw, joined to what was explored. Optional, as for graphs stored before it existed (take them
	 * as exhaustive unless truncated). Say it with every count read from the graph: "3 endings seen in 2,000 sample plays".
	 */
	coverage?: GraphCoverage;
	/**
	 * When truncated: the nodes some way from which was not explored, where the map draws "…". Optional, so a graph
	 * made elsewhere (or stored before it existed) still renders: the map then hangs "…" from the loose ends.
	 */
	unexplored?: string[];
}

/** How a scene graph was read (see {@link SceneGraph.coverage}). */
export type GraphCoverage = { kind: 'exhaustive' } | { kind: 'sampled'; plays: number };

export interface SceneGraphOptions {
	maxStates?: number;
	maxMs?: number;
	/**
	 * When the exploration stops at its bound: random plays of the story to draw what they see (see `samplePlays`),
	 * at most `plays` of them within `maxMs`. Without it, a bounded graph is truncated, "…" where the exploration stopped.
	 */
	sample?: { plays?: number; maxMs?: number };
}

export const sceneId = (name: string) => `scene:${name}`;
export const endingId = (name: string) => `ending:${name}`;

/**
 * Explores `compiled` within the bounds (by default those of the shape report) and reads its scene graph. A state can
 * be reached from more than one scene (a stitch without a scene of its own), so the walk carries the scene last told
 * with each branch point rather than pinning one scene on it.
 */
export function sceneGraph(compiled: CompiledStory, options: SceneGraphOptions = {}): SceneGraph {
	const { start, points, bounded, expanded } = exploreBranches(compiled, options);
	const nodes = new Map<string, SceneNode>();
	const edges = new Map<string, { from: string; to: string }>();
	const unexplored = new Set<string>();
	let first: string | null = null;

	const node = (kind: SceneNode['kind'], name: string): string => {
		const id = kind === 'scene' ? sceneId(name) : endingId(name);
		if (!nodes.has(id)) nodes.set(id, { id, kind, name });
		first ??= id;
		return id;
	};
	const link = (from: string | null, to: string) => {
		// Before the first scene there is nowhere to come from; a scene told again straight after itself goes nowhere.
		if (from === null || from === to) return;
		edges.set(`${from}\n${to}`, { from, to });
	};
	/** Walks the scenes an edge tells after `last`, and says which scene it leaves the group in. */
	const follow = (edge: Edge, last: string | null): string | null => {
		let current = last;
		for (const name of scenesOf(edge.beats)) {
			const id = node('scene', name);
			link(current, id);
			current = id;
		}
		if (edge.next === null) link(current, node('ending', edge.ending ?? UNTITLED));
		return current;
	};

	// Breadth first over (branch point, scene last told) pairs: finitely many, since both are.
	const queue: { key: string; last: string | null }[] = [];
	const visited = new Set<string>();
	const enqueue = (key: string | null, last: string | null) => {
		if (key === null) return;
		const pair = `${key}\n${last ?? ''}`;
		if (visited.has(pair)) return;
		visited.add(pair);
		queue.push({ key, last });
	};
	enqueue(start.next, follow(start, null));
	for (let head = 0; head < queue.length; head++) {
		const { key, last } = queue[head] as { key: string; last: string | null };
		if (!expanded.has(key)) {
			if (last !== null) unexplored.add(last);
			continue;
		}
		for (const edge of points.get(key)?.edges ?? []) enqueue(edge.next, follow(edge, last));
	}

	// Cut short, the exploration drew only the first votes' scenes: random plays to the end draw the rest they see.
	const sample = bounded && options.sample ? samplePlays(compiled, options.sample) : null;
	const sampled = sample !== null && sample.plays > 0;
	if (sample && sampled) {
		if (sample.first) node(sample.first.ending ? 'ending' : 'scene', sample.first.name);
		for (const way of sample.transitions) {
			const to = node(way.ending ? 'ending' : 'scene', way.to);
			link(way.from === null ? null : node('scene', way.from), to);
		}
	}

	const graph: SceneGraph = {
		storyId: compiled.id,
		contentHash: compiled.contentHash,
		nodes: [...nodes.values()],
		edges: [...edges.values()],
		start: first ?? node('ending', UNTITLED),
		truncated: bounded && !sampled,
	};
	if (!bounded) graph.coverage = { kind: 'exhaustive' };
	else if (sample) graph.coverage = { kind: 'sampled', plays: sample.plays };
	if (bounded && !sampled) graph.unexplored = [...unexplored];
	return graph;
}

const scenesOf = (beats: Beat[]) => beats.flatMap((b) => (b.scene ? [b.scene] : []));
