/**
 * The shape of a dream as a group that votes at random lives it: where its choices lead into different scenes, how
 * often each ending closes it, how many votes and minutes a play takes, which scenes a play reaches, and whether an
 * ending's words change with what the group did. Read by playing every state, as the channel would be told it.
 */
import type { CompiledStory } from './compile.js';
import { type HeapGuard, heapGuard } from './heap-guard.js';
import { beatDelayMs } from './pace.js';
import { choicePlace, keptOnce, lineKey, type Place, parentPath, stateKey } from './places.js';
import { type Beat, endingNameOf, type Passage, StoryRunner, UNTITLED } from './runner.js';
import { type Spread, samplePlays, seeded } from './sample.js';

export { endingNameOf, type Spread, UNTITLED };

/** A branch point whose choices lead into different scenes. */
export interface Fork {
	place: Place;
	/** The scene each choice leads into (`…` when it stays in the scene it is in). */
	scenes: string[];
}

export interface EndingShape {
	name: string;
	/** The share of random plays that close on it, 0–1. */
	share: number;
	/** How many different texts it is told with, from the last vote to its end. */
	variants: number;
}

export interface ShapeReport {
	/**
	 * How the shape was read: from every state (`exhaustive`, its shares exact, or sampled over the explored states when
	 * the dream loops), or, when the exploration stopped at its bound, from `plays` random plays of the story itself.
	 */
	coverage: { kind: 'exhaustive'; states: number } | { kind: 'sampled'; plays: number; states: number; ms: number };
	forks: Fork[];
	endings: EndingShape[];
	/** The share of random plays that reach each scene, in the order scenes are first met. */
	scenes: { name: string; share: number }[];
	votes: Spread;
	/** A play's length at the normal pace with every vote open for `voteSeconds`. */
	minutes: Spread;
	/** True when the shares are exact; false when sampled (the dream loops back on itself) or not all was explored. */
	exact: boolean;
	/** Random plays sampled when not exact. */
	samples: number;
	/** States explored; `bounded` when the bound stopped the exploration. */
	states: number;
	bounded: boolean;
}

export interface ShapeOptions {
	/** How long each vote stays open, in seconds (default 60, the bot's default). */
	voteSeconds?: number;
	maxStates?: number;
	maxMs?: number;
	/** Random plays when the shares cannot be exact (default 20,000), drawn with a fixed seed. */
	samples?: number;
	/** When the exploration stops at its bound: random plays of the story and their time (see `samplePlays`). */
	samplePlays?: number;
	sampleMs?: number;
}

/**
 * The shape of a dream whose exploration stopped at its bound, from random plays of the story to their ends: the
 * explored states alone would show only its first votes. Forks are those the explored states show.
 */
function playedShape(compiled: CompiledStory, points: Map<string, BranchPoint>, options: ShapeOptions): ShapeReport {
	const sample = samplePlays(compiled, {
		...(options.samplePlays !== undefined ? { plays: options.samplePlays } : {}),
		...(options.sampleMs !== undefined ? { maxMs: options.sampleMs } : {}),
		...(options.voteSeconds !== undefined ? { voteSeconds: options.voteSeconds } : {}),
	});
	return {
		coverage: { kind: 'sampled', plays: sample.plays, states: points.size, ms: sample.ms },
		forks: forksOf(points),
		// How many texts an ending is told with needs every way to it: unknown here, so not claimed (0).
		endings: sample.endings.map((e) => ({ ...e, variants: 0 })),
		scenes: sample.scenes,
		votes: sample.votes,
		minutes: sample.minutes,
		exact: false,
		samples: sample.plays,
		states: points.size,
		bounded: true,
	};
}

/** A way from one branch point (or the start) to the next one or an ending: what is told on it. */
export interface Edge {
	beats: Beat[];
	/** The next branch point's key, or null when the way ends the dream. */
	next: string | null;
	ending: string | null;
}

export interface BranchPoint {
	/** The choices' place in the source, and ink's path of their container: the same for every arrival there. */
	place: Place;
	path: string;
	/** One per choice taken; empty when the exploration stopped before it reached this point's choices. */
	edges: Edge[];
}

/** Every branch point a dream reaches within a bound, keyed by state, and the way from its start to the first. */
export interface Branches {
	start: Edge;
	points: Map<string, BranchPoint>;
	/** True when the bound stopped the exploration: some branch points were reached but their choices not taken. */
	bounded: boolean;
	/** The branch points whose choices were taken; the others are where the bound stopped it. */
	expanded: Set<string>;
}

/** What the rest of a play holds from some point, over random votes. */
interface Outlook {
	endings: Map<string, number>;
	scenes: Map<string, number>;
	votes: Spread;
	ms: Spread;
}

const KEEP_GOING = '…';

/** Plays every state of `compiled` within the bounds and reads its shape. */
export function analyseShape(compiled: CompiledStory, options: ShapeOptions = {}): ShapeReport {
	const voteMs = (options.voteSeconds ?? 60) * 1000;
	const { start, points, bounded } = exploreBranches(compiled, options);
	const beatMs = (beats: Beat[]) => beats.reduce((ms, b) => ms + beatDelayMs(b.text, b.pause ?? 0), 0);

	const exactOutlook = bounded ? null : outlooks(points, start, voteMs, beatMs);
	if (bounded) return playedShape(compiled, points, options);
	const samples = options.samples ?? 20_000;
	const outlook = exactOutlook ?? sampled(points, start, voteMs, beatMs, samples);
	const sceneOrder = firstMet(points, start);
	return {
		coverage: { kind: 'exhaustive', states: points.size },
		forks: forksOf(points),
		endings: [...outlook.endings.entries()]
			.map(([name, share]) => ({
				name,
				share,
				variants: endingVariants(points, start, name),
			}))
			.sort((a, b) => b.share - a.share),
		scenes: sceneOrder.map((name) => ({ name, share: outlook.scenes.get(name) ?? 0 })),
		votes: outlook.votes,
		minutes: { min: outlook.ms.min / 60_000, mean: outlook.ms.mean / 60_000, max: outlook.ms.max / 60_000 },
		exact: exactOutlook !== null,
		samples: exactOutlook ? 0 : samples,
		states: points.size,
		bounded,
	};
}

/**
 * Plays every state of `compiled` breadth first, within the bounds, as the channel would be told it: each branch point
 * once per state, with the way each of its choices takes. Shared by the shape report and the scene graph.
 */
export function exploreBranches(
	compiled: CompiledStory,
	bounds: { maxStates?: number; maxMs?: number; heap?: HeapGuard } = {},
): Branches {
	const maxStates = bounds.maxStates ?? 100_000;
	const heap = bounds.heap ?? heapGuard();
	const deadline = Date.now() + (bounds.maxMs ?? 10_000);
	const runner = new StoryRunner(compiled);
	const { story } = compiled;
	const file = compiled.file.split(/[\\/]/).at(-1) ?? compiled.id;
	const points = new Map<string, BranchPoint>();
	// The same place met in many states is kept once: a story that loops holds little per state.
	const placeOnce = keptOnce(lineKey);
	const expanded = new Set<string>();
	const queue: Passage[] = [];

	/** The edge a passage is, queuing the branch point it reaches when it is new. */
	const edgeOf = (passage: Passage): Edge => {
		const ending = passage.ended ? endingNameOf(passage) : null;
		if (passage.ended) return { beats: passage.beats, next: null, ending };
		const key = stateKey(passage.save.ink);
		if (!points.has(key)) {
			const first = story.currentChoices[0];
			const place = first ? choicePlace(story, first.sourcePath, file) : { file };
			points.set(key, { place: placeOnce(place), path: parentPath(first?.sourcePath ?? ''), edges: [] });
			queue.push(passage);
		}
		return { beats: passage.beats, next: key, ending: null };
	};

	const opening = runner.start();
	if (opening.kind !== 'ok') throw new Error(`the dream does not start: ${opening.kind}`);
	const start = edgeOf(opening.passage);
	let bounded = false;
	for (let head = 0; head < queue.length; head++) {
		if (points.size >= maxStates || Date.now() > deadline || heap.full()) {
			bounded = true;
			break;
		}
		const passage = queue[head] as Passage;
		queue[head] = undefined as never; // let the passage's saved state go once its choices are taken
		const key = stateKey(passage.save.ink);
		const point = points.get(key) as BranchPoint;
		expanded.add(key);
		for (const choice of passage.choices) {
			if (choice.unclickable) continue;
			const next = runner.choose(passage.save, choice.index);
			if (next.kind !== 'ok') continue;
			point.edges.push(edgeOf(next.passage));
		}
	}
	return { start, points, bounded, expanded };
}

/** The scenes a passage opens. */
const scenesOf = (beats: Beat[]) => beats.flatMap((b) => (b.scene ? [b.scene] : []));

/** Branch points whose choices lead into different scenes, one per place in the source. */
function forksOf(points: Map<string, BranchPoint>): Fork[] {
	const forks = new Map<string, Fork>();
	for (const point of points.values()) {
		const scenes = point.edges.map((e) => scenesOf(e.beats)[0] ?? (e.ending ? `(${e.ending})` : KEEP_GOING));
		if (new Set(scenes).size < 2) continue;
		if (!forks.has(point.path)) forks.set(point.path, { place: point.place, scenes });
	}
	return [...forks.values()].sort((a, b) => (a.place.line ?? 0) - (b.place.line ?? 0));
}

/**
 * Each branch point's outlook, from the ends back (post-order over an explicit stack). Null when a branch point leads
 * back to one still being worked out: the dream loops, and its shares are sampled instead.
 */
function outlooks(
	points: Map<string, BranchPoint>,
	start: Edge,
	voteMs: number,
	beatMs: (beats: Beat[]) => number,
): Outlook | null {
	const done = new Map<string, Outlook>();
	const open = new Set<string>();
	const of = (edge: Edge): Outlook | undefined => {
		const ms = beatMs(edge.beats);
		const own = scenesOf(edge.beats);
		if (edge.next === null) {
			const ending = edge.ending ?? UNTITLED;
			return {
				endings: new Map([[ending, 1]]),
				scenes: new Map(own.map((s) => [s, 1])),
				votes: { min: 0, mean: 0, max: 0 },
				ms: { min: ms, mean: ms, max: ms },
			};
		}
		const after = done.get(edge.next);
		if (!after) return undefined;
		const scenes = new Map(after.scenes);
		for (const s of own) scenes.set(s, 1);
		return {
			endings: after.endings,
			scenes,
			votes: after.votes,
			ms: { min: after.ms.min + ms, mean: after.ms.mean + ms, max: after.ms.max + ms },
		};
	};
	const stack: string[] = start.next === null ? [] : [start.next];
	while (stack.length > 0) {
		const key = stack.at(-1) as string;
		if (done.has(key)) {
			stack.pop();
			continue;
		}
		const point = points.get(key) as BranchPoint;
		const waiting = point.edges.filter((e) => e.next !== null && !done.has(e.next)).map((e) => e.next as string);
		if (waiting.length > 0 && !open.has(key)) {
			open.add(key);
			for (const next of waiting) {
				if (open.has(next)) return null;
				stack.push(next);
			}
			continue;
		}
		if (waiting.length > 0) return null;
		stack.pop();
		open.delete(key);
		const parts = point.edges.map((e) => of(e) as Outlook);
		done.set(key, combine(parts, voteMs));
	}
	return of(start) ?? null;
}

/** A branch point's outlook: one vote, then each choice as likely as the others. */
function combine(parts: Outlook[], voteMs: number): Outlook {
	const share = 1 / Math.max(parts.length, 1);
	const endings = new Map<string, number>();
	const scenes = new Map<string, number>();
	for (const part of parts) {
		for (const [name, p] of part.endings) endings.set(name, (endings.get(name) ?? 0) + p * share);
		for (const [name, p] of part.scenes) scenes.set(name, (scenes.get(name) ?? 0) + p * share);
	}
	const spread = (pick: (o: Outlook) => Spread, add: number): Spread => ({
		min: Math.min(...parts.map((p) => pick(p).min)) + add,
		mean: parts.reduce((sum, p) => sum + pick(p).mean * share, 0) + add,
		max: Math.max(...parts.map((p) => pick(p).max)) + add,
	});
	return { endings, scenes, votes: spread((o) => o.votes, 1), ms: spread((o) => o.ms, voteMs) };
}

/** Random plays drawn with a fixed seed, for a dream that loops back on itself or was not explored to its ends. */
function sampled(
	points: Map<string, BranchPoint>,
	start: Edge,
	voteMs: number,
	beatMs: (beats: Beat[]) => number,
	samples: number,
): Outlook {
	const random = seeded(1);
	const endings = new Map<string, number>();
	const scenes = new Map<string, number>();
	const votes = { min: Number.POSITIVE_INFINITY, mean: 0, max: 0 };
	const ms = { min: Number.POSITIVE_INFINITY, mean: 0, max: 0 };
	let finished = 0;
	for (let play = 0; play < samples; play++) {
		let edge: Edge | undefined = start;
		let count = 0;
		let time = 0;
		const seen = new Set<string>();
		for (let step = 0; edge && step < 1000; step++) {
			time += beatMs(edge.beats);
			for (const s of scenesOf(edge.beats)) seen.add(s);
			if (edge.next === null) break;
			const point = points.get(edge.next);
			if (!point || point.edges.length === 0) {
				edge = undefined;
				break;
			}
			count++;
			time += voteMs;
			edge = point.edges[Math.floor(random() * point.edges.length)];
		}
		if (!edge || edge.next !== null) continue;
		finished++;
		const ending = edge.ending ?? UNTITLED;
		endings.set(ending, (endings.get(ending) ?? 0) + 1);
		for (const s of seen) scenes.set(s, (scenes.get(s) ?? 0) + 1);
		votes.min = Math.min(votes.min, count);
		votes.max = Math.max(votes.max, count);
		votes.mean += count;
		ms.min = Math.min(ms.min, time);
		ms.max = Math.max(ms.max, time);
		ms.mean += time;
	}
	const per = (n: number) => n / Math.max(finished, 1);
	return {
		endings: new Map([...endings].map(([k, v]) => [k, per(v)])),
		scenes: new Map([...scenes].map(([k, v]) => [k, per(v)])),
		votes: { min: finished ? votes.min : 0, mean: per(votes.mean), max: votes.max },
		ms: { min: finished ? ms.min : 0, mean: per(ms.mean), max: ms.max },
	};
}

/** The scenes in the order a breadth-first reading meets them. */
function firstMet(points: Map<string, BranchPoint>, start: Edge): string[] {
	const order: string[] = [];
	const seen = new Set<string>();
	const visited = new Set<string>();
	const queue: Edge[] = [start];
	for (let head = 0; head < queue.length; head++) {
		const edge = queue[head] as Edge;
		for (const s of scenesOf(edge.beats))
			if (!seen.has(s)) {
				seen.add(s);
				order.push(s);
			}
		if (edge.next === null || visited.has(edge.next)) continue;
		visited.add(edge.next);
		queue.push(...(points.get(edge.next)?.edges ?? []));
	}
	return order;
}

/** How many different texts an ending is told with, from the last vote before it to its end. */
function endingVariants(points: Map<string, BranchPoint>, start: Edge, ending: string): number {
	const texts = new Set<string>();
	for (const edge of [start, ...[...points.values()].flatMap((p) => p.edges)])
		if (edge.next === null && (edge.ending ?? UNTITLED) === ending) texts.add(edge.beats.map((b) => b.text).join('\n'));
	return texts.size;
}
