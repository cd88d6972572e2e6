/**
 * Random plays of a dream, drawn with a fixed seed: the shape of a story too large to explore state by state. Each play
 * starts the story afresh (with its own ink seed, so `RANDOM` and shuffles vary too), picks each vote's choice at
 * random, and runs to an ending, as a channel voting at random would be told it. Plays run on the live inkjs story,
 * without saving a state between votes, so thousands fit in a few seconds.
 */
import type { CompiledStory } from './compile.js';
import { beatDelayMs } from './pace.js';
import { type Place, placeOf } from './places.js';
import { type Beat, choiceOption, endingNameOf, type StoryEnd, tellToBranch } from './runner.js';

export interface SampleOptions {
	/** Plays to draw (default {@link SAMPLE_PLAYS}); fewer when {@link maxMs} runs out first. */
	plays?: number;
	/** Time for all the plays, in ms (default 3000): checked between votes, so a long play stops too. */
	maxMs?: number;
	/** The seed of the first play's draws (default 1): the same seed, the same plays. */
	seed?: number;
	/** Votes in one play before it is given up as endless (default 500). */
	maxVotes?: number;
	/** How long each vote stays open, in seconds, for the play time (default 60, the bot's default). */
	voteSeconds?: number;
}

export interface Spread {
	min: number;
	mean: number;
	max: number;
}

/** Plays drawn when not told otherwise: enough for a share of 1% to show, few enough for a few seconds. */
export const SAMPLE_PLAYS = 2000;

/** What the plays saw. Shares are of the plays that reached an ending. */
export interface Sample {
	/** Plays that reached an ending. */
	plays: number;
	/** Plays given up after `maxVotes` votes (the dream loops and the draws kept it going). */
	endless: number;
	/** Plays stopped by a runtime error (see {@link errors}). */
	broken: number;
	/** True when the time ran out before every play asked for was drawn. */
	timedOut: boolean;
	/** How long the plays took, in ms. */
	ms: number;
	endings: { name: string; share: number }[];
	/** The scenes seen, with the share of plays that reach each, in the order first met. */
	scenes: { name: string; share: number }[];
	/** ink paths of every container visited on some play (knots, stitches, gathers…): read the knots from them. */
	visited: string[];
	votes: Spread;
	beats: Spread;
	/** A play's length at the normal pace with every vote open `voteSeconds`. */
	minutes: Spread;
	/** Where some play ran out of content (see {@link StoryEnd}), each once. */
	fades: Place[];
	/** The runtime errors plays met, each once, as ink words them. */
	errors: string[];
	/** The ways seen from scene to scene and from the last scene to an ending, by name; `from` null before any scene. */
	transitions: { from: string | null; to: string; ending: boolean }[];
	/** The first scene told, or the first ending when a play met no scene. */
	first: { name: string; ending: boolean } | null;
}

/** Plays `compiled` at random within the options' bounds. Leaves the story reset. */
export function samplePlays(compiled: CompiledStory, options: SampleOptions = {}): Sample {
	const wanted = options.plays ?? SAMPLE_PLAYS;
	const began = Date.now();
	const deadline = began + (options.maxMs ?? 3000);
	const maxVotes = options.maxVotes ?? 500;
	const voteMs = (options.voteSeconds ?? 60) * 1000;
	const random = seeded(options.seed ?? 1);
	const { story } = compiled;
	const file = compiled.file.split(/[\\/]/).at(-1) ?? compiled.id;
	const warn = () => {};

	const endings = new Map<string, number>();
	const scenes = new Map<string, number>();
	const sceneOrder: string[] = [];
	const visited = new Set<string>();
	const fades = new Map<string, Place>();
	const errors = new Set<string>();
	const transitions = new Map<string, Sample['transitions'][number]>();
	const votes: number[] = [];
	const beats: number[] = [];
	const times: number[] = [];
	let first: Sample['first'] = null;
	let endless = 0;
	let broken = 0;
	let timedOut = false;
	const link = (from: string | null, to: string, ending: boolean) => {
		if (from === to && !ending) return;
		transitions.set(`${from ?? ''}\n${ending ? 'e' : 's'}\n${to}`, { from, to, ending });
	};

	for (let play = 0; play < wanted; play++) {
		if (Date.now() > deadline) {
			timedOut = true;
			break;
		}
		story.ResetState();
		// ink's own seed, for RANDOM and shuffles: drawn from the same sequence, so plays differ and repeat.
		story.state.storySeed = Math.floor(random() * 100);
		story.state.previousRandom = 0;
		let count = 0;
		let told = 0;
		let ms = 0;
		let last: string | null = null;
		const seen = new Set<string>();
		let lastBeats: Beat[] = [];
		let end: StoryEnd | undefined;
		let outcome: 'ended' | 'endless' | 'broken' | 'late' = 'ended';
		for (let atStart = true; ; atStart = false) {
			const step = tellToBranch(story, file, atStart, warn);
			if (step.kind !== 'ok') {
				errors.add(step.detail);
				outcome = 'broken';
				break;
			}
			for (const beat of step.beats) {
				told++;
				ms += beatDelayMs(beat.text, beat.pause ?? 0);
				if (!beat.scene) continue;
				if (first === null) first = { name: beat.scene, ending: false };
				link(last, beat.scene, false);
				last = beat.scene;
				seen.add(beat.scene);
				if (!scenes.has(beat.scene)) {
					scenes.set(beat.scene, 0);
					sceneOrder.push(beat.scene);
				}
			}
			lastBeats = step.beats;
			// The choices a group could take: one shown greyed out (`# UNCLICKABLE`) never is.
			const choices = story.currentChoices.flatMap((c, i) => (choiceOption(c).unclickable ? [] : [i]));
			if (choices.length === 0) {
				end = step.faded ?? { kind: 'written' };
				break;
			}
			if (count >= maxVotes) {
				outcome = 'endless';
				break;
			}
			if (Date.now() > deadline) {
				outcome = 'late';
				break;
			}
			count++;
			ms += voteMs;
			story.ChooseChoiceIndex(choices[Math.floor(random() * choices.length)] ?? 0);
		}
		for (const [path, visits] of visitCounts(story)) if (visits > 0) visited.add(path);
		if (outcome === 'late') {
			timedOut = true;
			break;
		}
		if (outcome === 'broken') broken++;
		if (outcome === 'endless') endless++;
		if (outcome !== 'ended') continue;
		if (end?.kind === 'faded') {
			const place = placeOf({ fileName: end.file, startLineNumber: end.line ?? 0 }, file);
			fades.set(`${place.file}:${place.line}`, end.line === undefined ? { file: place.file } : place);
		}
		const ending = endingNameOf({ beats: lastBeats, ...(end ? { end } : {}) });
		if (first === null) first = { name: ending, ending: true };
		link(last, ending, true);
		endings.set(ending, (endings.get(ending) ?? 0) + 1);
		for (const scene of seen) scenes.set(scene, (scenes.get(scene) ?? 0) + 1);
		votes.push(count);
		beats.push(told);
		times.push(ms / 60_000);
	}
	story.ResetState();

	const plays = votes.length;
	const share = (n: number) => n / Math.max(plays, 1);
	return {
		plays,
		endless,
		broken,
		timedOut,
		ms: Date.now() - began,
		endings: [...endings]
			.map(([name, n]) => ({ name, share: share(n) }))
			.sort((a, b) => b.share - a.share || a.name.localeCompare(b.name)),
		scenes: sceneOrder.map((name) => ({ name, share: share(scenes.get(name) ?? 0) })),
		visited: [...visited].sort(),
		votes: spreadOf(votes),
		beats: spreadOf(beats),
		minutes: spreadOf(times),
		fades: [...fades.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
		errors: [...errors],
		transitions: [...transitions.values()],
		first,
	};
}

function spreadOf(values: readonly number[]): Spread {
	if (values.length === 0) return { min: 0, mean: 0, max: 0 };
	let min = Number.POSITIVE_INFINITY;
	let max = Number.NEGATIVE_INFINITY;
	let sum = 0;
	for (const v of values) {
		min = Math.min(min, v);
		max = Math.max(max, v);
		sum += v;
	}
	return { min, mean: sum / values.length, max };
}

/** The story's visit counts: read from inkjs's own map when it has one, rather than serialising the whole state. */
export function visitCounts(story: CompiledStory['story']): Iterable<[string, number]> {
	const state = story.state as unknown as { _visitCounts?: unknown; _patch?: unknown };
	if (state._visitCounts instanceof Map && !state._patch) return (state._visitCounts as Map<string, number>).entries();
	return Object.entries(
		(JSON.parse(story.state.toJson()) as { visitCounts?: Record<string, number> }).visitCounts ?? {},
	);
}

/** A small seeded generator (mulberry32): the same draws on every run. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
