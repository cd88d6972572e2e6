/**
 * What a view of the night says of each node of a dream's graph before anything is laid out: named or a silhouette,
 * its steps on the group's path, the votes taken in it, and its rank from the start.
 */
import type { SceneGraph, SceneNode } from '../engine/scene-graph.js';
import type { MapView, MapVote } from './types.js';

/** How many scenes and endings the dream has, and how many of each this server has seen. */
export interface NodeCounts {
	scenes: number;
	seenScenes: number;
	endings: number;
	seenEndings: number;
}

/** The graph, and what the view says of each of its nodes. */
export interface Prepared {
	graph: SceneGraph;
	byId: Map<string, SceneNode>;
	named: Set<string>;
	steps: Map<string, number[]>;
	pathEdges: Set<string>;
	votes: Map<string, MapVote[]>;
	ranks: Map<string, number>;
}

export const edgeKey = (from: string, to: string) => `${from}\n${to}`;

export function counts(prepared: Prepared): NodeCounts {
	const of = (kind: SceneNode['kind']) => prepared.graph.nodes.filter((n) => n.kind === kind);
	const seen = (nodes: SceneNode[]) => nodes.filter((n) => prepared.named.has(n.id)).length;
	return {
		scenes: of('scene').length,
		seenScenes: seen(of('scene')),
		endings: of('ending').length,
		seenEndings: seen(of('ending')),
	};
}

export function countByRank(ranks: Map<string, number>): Map<number, number> {
	const counts = new Map<number, number>();
	for (const rank of ranks.values()) counts.set(rank, (counts.get(rank) ?? 0) + 1);
	return counts;
}

/** What the view says of each node of the graph: named or not, where on the path, its votes, and its rank. */
export function prepare(graph: SceneGraph, view: MapView): Prepared {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const edges = new Set(graph.edges.map((e) => edgeKey(e.from, e.to)));
	const path = resolvePath(graph, byId, edges, view.path);
	const steps = new Map<string, number[]>();
	for (const [i, id] of path.entries()) steps.set(id, [...(steps.get(id) ?? []), i + 1]);
	const pathEdges = new Set<string>();
	for (let i = 1; i < path.length; i++) {
		const [from, to] = [path[i - 1] as string, path[i] as string];
		if (from !== to) pathEdges.add(edgeKey(from, to));
	}
	const seen = new Set(view.seen);
	const named = new Set(
		graph.nodes.filter((n) => view.reveal || steps.has(n.id) || seen.has(n.id) || seen.has(n.name)).map((n) => n.id),
	);
	const votes = new Map<string, MapVote[]>();
	for (const vote of [...view.votes].sort((a, b) => a.round - b.round)) {
		const id = byId.has(vote.scene) ? vote.scene : `scene:${vote.scene}`;
		if (!named.has(id)) continue;
		votes.set(id, [...(votes.get(id) ?? []), vote]);
	}
	return { graph, byId, named, steps, pathEdges, votes, ranks: ranksOf(graph) };
}

/**
 * The path's names as the graph's nodes. A scene and an ending may share a name: each step takes the node of that
 * name the previous step has a way to, and the ending when it is the last step and nothing decides.
 */
function resolvePath(graph: SceneGraph, byId: Map<string, SceneNode>, edges: Set<string>, path: string[]): string[] {
	const resolved: string[] = [];
	path.forEach((step, i) => {
		if (byId.has(step)) {
			resolved.push(step);
			return;
		}
		const candidates = graph.nodes.filter((n) => n.name === step).map((n) => n.id);
		if (candidates.length === 0) return;
		const previous = resolved.at(-1);
		const reached = previous ? candidates.filter((id) => edges.has(edgeKey(previous, id))) : [];
		const pool = reached.length > 0 ? reached : candidates;
		const last = i === path.length - 1;
		const pick = pool.find((id) => byId.get(id)?.kind === (last ? 'ending' : 'scene')) ?? pool[0];
		if (pick) resolved.push(pick);
	});
	return resolved;
}

/** Each node's distance from the start (nodes nothing leads to count as starts too), for cutting rank by rank. */
function ranksOf(graph: SceneGraph): Map<string, number> {
	const next = new Map<string, string[]>();
	const entered = new Set<string>();
	for (const e of graph.edges) {
		next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
		entered.add(e.to);
	}
	const roots = [graph.start, ...graph.nodes.map((n) => n.id).filter((id) => !entered.has(id) && id !== graph.start)];
	const ranks = new Map<string, number>();
	const queue: string[] = [];
	for (const root of roots)
		if (!ranks.has(root)) {
			ranks.set(root, 0);
			queue.push(root);
		}
	for (let head = 0; head < queue.length; head++) {
		const id = queue[head] as string;
		for (const to of next.get(id) ?? [])
			if (!ranks.has(to)) {
				ranks.set(to, (ranks.get(id) ?? 0) + 1);
				queue.push(to);
			}
	}
	// Nodes only reached through a cycle of nodes nothing else leads to.
	const deepest = Math.max(0, ...ranks.values());
	for (const n of graph.nodes) if (!ranks.has(n.id)) ranks.set(n.id, deepest + 1);
	return ranks;
}
