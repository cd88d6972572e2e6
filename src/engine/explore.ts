import { type HeapGuard, heapGuard } from './heap-guard.js';

/** Beats on the shortest and the longest way from a state to an ending. */
export interface Walk {
	min: number;
	max: number;
}

/** A state at a branch point: the beats told to reach it, and the state after each of its choices. */
export interface Branch<P> {
	beats: number;
	/** Each choice's state; `key` when the caller has already worked out its key. */
	children: { state: string; place: P; key?: string }[];
}

/** What one state leads to: a walk to an ending, `null` for a dead end, or the keys of its choices' states. */
type Node = Walk | null | { beats: number; children: string[] };

export interface Bounds {
	maxStates: number;
	/** `Date.now()` after which no more states are explored. */
	deadline: number;
	/** Says when what is held passes the memory an exploration may take (default: this process's {@link heapGuard}). */
	heap?: HeapGuard;
}

/** What stopped an exploration before every state was seen. */
export type Bound = 'states' | 'time' | 'memory';

export interface Exploration {
	/** States explored. */
	states: number;
	/** Which bound stopped the exploration before every state was seen, or `null` when it finished. */
	bound: Bound | null;
	/** The walk from the start, over the states explored. */
	walk: Walk | null;
}

/**
 * Explores every state reachable from the start, breadth first with an explicit queue: a dream that loops on sticky
 * choices neither overflows the call stack nor hides its near endings behind an endless first choice.
 * `expand(null, …)` runs from the start (its key is `''`); `keyOf` says which states are the same.
 */
export function exploreStates<P>(
	start: P,
	keyOf: (state: string) => string,
	expand: (state: string | null, place: P, key: string) => Walk | null | Branch<P>,
	bounds: Bounds,
): Exploration {
	const graph = new Map<string, Node>();
	const queue: { key: string; state: string | null; place: P }[] = [{ key: '', state: null, place: start }];
	const queued = new Set<string>(['']);
	let bound: Exploration['bound'] = null;
	const heap = bounds.heap ?? heapGuard();
	for (let head = 0; head < queue.length; head++) {
		if (graph.size >= bounds.maxStates) bound = 'states';
		else if (Date.now() > bounds.deadline) bound = 'time';
		else if (heap.full()) bound = 'memory';
		if (bound) break;
		const item = queue[head];
		if (!item) break;
		queue[head] = undefined as never; // let the state's JSON go once explored
		const result = expand(item.state, item.place, item.key);
		if (result === null || !('children' in result)) {
			graph.set(item.key, result);
			continue;
		}
		const children: string[] = [];
		for (const child of result.children) {
			const key = child.key ?? keyOf(child.state);
			children.push(key);
			if (queued.has(key)) continue;
			queued.add(key);
			queue.push({ key, state: child.state, place: child.place });
		}
		graph.set(item.key, { beats: result.beats, children });
	}
	return { states: graph.size, bound, walk: walkFrom(graph, '') };
}

/**
 * The shortest and longest walks from `root` to an ending, post-order over an explicit stack. A state that leads back
 * to one still being walked, or that was never explored, is not a way to an ending.
 */
function walkFrom(graph: Map<string, Node>, root: string): Walk | null {
	const walks = new Map<string, Walk | null>();
	const stack: { key: string; next: number; min: number; max: number }[] = [];
	let result: Walk | null = null;
	const settle = (walk: Walk | null) => {
		const parent = stack.at(-1);
		if (!parent) result = walk;
		else if (walk) {
			parent.min = Math.min(parent.min, walk.min);
			parent.max = Math.max(parent.max, walk.max);
		}
	};
	const enter = (key: string) => {
		const known = walks.get(key);
		if (known !== undefined) return settle(known);
		const node = graph.get(key);
		if (node === undefined || node === null || !('children' in node)) {
			walks.set(key, node ?? null);
			return settle(node ?? null);
		}
		walks.set(key, null);
		stack.push({ key, next: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY });
	};
	enter(root);
	for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
		const node = graph.get(frame.key) as { beats: number; children: string[] };
		const child = node.children[frame.next++];
		if (child !== undefined) {
			enter(child);
			continue;
		}
		stack.pop();
		const walk = Number.isFinite(frame.min) ? { min: node.beats + frame.min, max: node.beats + frame.max } : null;
		walks.set(frame.key, walk);
		settle(walk);
	}
	return result;
}
