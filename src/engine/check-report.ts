/**
 * What a story's check reports (check.ts makes it): the limits it holds a story to, and the counts and shape it finds.
 */
import type { StoryMeta } from './compile.js';
import type { Diagnostic } from './diagnostics.js';
import type { HeapGuard } from './heap-guard.js';
import type { Place } from './places.js';
import { SAMPLE_PLAYS, type Spread } from './sample.js';
import { BEAT_LIMITS } from './split.js';
import type { EndingMemory, Run } from './telling.js';

/** The sizes Discord and a listening channel put up with. */
export const LIMITS = {
	/** A paragraph longer than this is told as several beats, split where its sentences end (a warning). */
	maxBeatChars: BEAT_LIMITS.maxBeatChars,
	/** A sentence longer than this is an error: no message can hold it. */
	maxSentenceChars: BEAT_LIMITS.maxSentenceChars,
	/** A beat longer than this is a warning: the length to aim under. */
	aimBeatChars: 400,
	/** More beats than this in a row without a vote is a warning: the group only listens for too long. */
	maxRunBeats: 8,
	/**
	 * A choice's text is shown whole in its vote's message (its button shows only its number when the text does not fit
	 * on it); past this it would crowd the other choices out of the message, and is clipped there (a warning).
	 */
	maxChoiceChars: 600,
	/** A vote's message holds five rows of five buttons. */
	maxChoices: 25,
	/** Distinct story states explored before the checker stops (a story that loops forever still finishes). */
	maxStates: 100_000,
	/** Milliseconds of exploration per dream before the checker stops and says what it did not check. */
	maxMs: 20_000,
	/** Random plays that give the shape of a dream whose exploration stopped at its bound. */
	samplePlays: SAMPLE_PLAYS,
	/** Milliseconds those plays may take (fewer plays when they run out). */
	sampleMs: 3000,
} as const;

export interface StoryStats {
	/** Distinct states of the story explored. */
	states: number;
	/** Distinct places in the story where the channel votes. */
	branchPoints: number;
	/** The names of the endings reached (an ending without a `# ending:` tag is named by its place). */
	endings: string[];
	/** Beats on the shortest and the longest way from the start to an ending. */
	shortestPath: number;
	longestPath: number;
	/** True when exploration stopped at `maxStates` or `maxMs` before seeing everything. */
	bounded: boolean;
	/** The longest run of beats told without a vote on any path, and where it is written. */
	longestRun: Run;
	/** Per ending, the votes whose choice shows in how it is told (from the last vote to its end). */
	endingMemory: EndingMemory[];
	/** Where a path runs out of content (no `-> END`): the dream stops there, faded. In source order. */
	fades: Place[];
	/** Who speaks in the lines explored (`# speaker:` or a `Name: ` opening a line), in the order first met. */
	speakers?: string[];
	/**
	 * How the counts above were had: every state explored, or (when the exploration stopped at its bound) random plays,
	 * whose endings, scenes and lengths are then the dream's shape. Say which wherever a count is shown: "3 endings seen
	 * in 2,000 sample plays", never "at least 0".
	 */
	shape: StoryShape;
}

/** How a dream's counts were had (see {@link StoryStats.shape}). */
export type StoryShape =
	/** Every state was explored: the endings and path lengths are all there are. */
	| { kind: 'exhaustive'; states: number }
	/**
	 * The exploration stopped after `states` states; `plays` random plays with a fixed seed (in `ms`) then gave the
	 * shape. The stats' `endings` hold the endings either saw; here each one seen in the plays has its share of them.
	 */
	| {
			kind: 'sampled';
			plays: number;
			states: number;
			ms: number;
			endings: { name: string; share: number }[];
			scenes: { name: string; share: number }[];
			/** Knots and stitches seen by the exploration or the plays, of all the story has. */
			knots: { seen: number; of: number };
			votes: Spread;
			minutes: Spread;
	  };

export interface StoryReport {
	id: string;
	file: string;
	diagnostics: Diagnostic[];
	/** What the catalogue shows of it (absent when the dream does not compile). */
	meta?: StoryMeta;
	/** Absent when the dream does not compile. */
	stats?: StoryStats;
}

export interface CheckOptions {
	/** The file's text, when it is not read from `file` (an upload; see {@link CompileOptions.source}). */
	source?: string;
	/** With `source`, the texts of the files it includes (see {@link CompileOptions.includes}). */
	includes?: Readonly<Record<string, string>>;
	/** The paths of the pictures the story brings, from its main file's folder, for its `# IMAGE:` tags. */
	pictures?: readonly string[];
	maxStates?: number;
	/** Time allowed for exploring the dream's states, in milliseconds (default `LIMITS.maxMs`). */
	maxMs?: number;
	/** Random plays (and their time) when the exploration stops at its bound (defaults `LIMITS.samplePlays`, `sampleMs`). */
	samplePlays?: number;
	sampleMs?: number;
	/** Called now and then with the number of states explored so far. */
	onProgress?: (states: number) => void;
	/** Says when exploring holds too much memory (default: the process's own `heapGuard`). */
	heap?: HeapGuard;
}
