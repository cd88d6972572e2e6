import Tinypool from 'tinypool';
import { PrioritySemaphore } from '../concurrency/priority-semaphore.js';
import type { UnpackResult } from './archive.js';
import type { StoryReport } from './check.js';
import { overrunOf, storyProcessArgs, tooLongWords } from './overrun.js';
import type { GraphAnswer, ReadyTask, SandboxTask, UnpackTask } from './sandbox-worker.js';
import type { SceneGraph } from './scene-graph.js';
import type { ShapeReport } from './shape.js';

/** How much a stranger's story may take while it is checked. */
export interface SandboxLimits {
	/** Processes at most; each checks one story at a time. */
	processes: number;
	/** The old generation of a process's heap, in MB: a story that grows without bound meets it. */
	memoryMb: number;
	/** The checker's own bound on exploring states, in ms: past it, the report says how far it got. */
	exploreMs: number;
	/**
	 * The whole check, in ms. Exploring stops by itself at {@link exploreMs} between two steps of the story, so a
	 * check still running past this is stuck inside one step: a loop or a recursion that never reaches a line or a
	 * choice. Its process is ended and a new one takes its place.
	 */
	checkMs: number;
	/**
	 * When exploring stops at {@link exploreMs}, the time random plays then take to give the story's shape (its endings
	 * seen, each with its share, its scenes and its length). Default: half the time {@link checkMs} leaves after
	 * exploring, at most 2.5 s.
	 */
	sampleMs?: number;
}

/**
 * A stranger's story: 3 s of exploring, then (for a story too large for that) 2.5 s of random plays; the whole check
 * past 12 s is stuck in one step (the process starts, compiles and reads what it explored besides; on two busy cores a
 * large story's check was measured at 6–8 s).
 */
export const SANDBOX_LIMITS: SandboxLimits = {
	processes: 1,
	memoryMb: 64,
	exploreMs: 3000,
	checkMs: 12_000,
	sampleMs: 2500,
};
/**
 * The time Reverie's own dreams may take to be explored for their map and their count of endings: they are no
 * stranger's, and a bound cut short by a busy machine (the sandbox runs below the bot) would count too few endings.
 */
export const OWN_STORY_LIMITS: Pick<SandboxLimits, 'exploreMs' | 'checkMs' | 'sampleMs'> = {
	exploreMs: 20_000,
	checkMs: 25_000,
	sampleMs: 2500,
};

/** How a story is handed to the sandbox beyond its text. */
export interface StoryOptions {
	/** One of Reverie's own dreams: explored within {@link OWN_STORY_LIMITS}' time rather than a stranger's. */
	own?: boolean;
	/**
	 * The texts of the files the story `INCLUDE`s, by the name its `INCLUDE` gives, read by a caller that trusts them
	 * (`story:check` for an author's files). Without them, an `INCLUDE` is an error: the sandbox reads no file.
	 */
	includes?: Record<string, string>;
	/** The paths of the pictures the story brings, for its `# IMAGE:` tags (a zip's, or the files beside it). */
	pictures?: string[];
}

const includesOf = (options: StoryOptions) => (options.includes ? { includes: options.includes } : {});

type TimeLimits = Pick<SandboxLimits, 'exploreMs' | 'checkMs' | 'sampleMs'>;

/** The time random plays may take under `limits` (see {@link SandboxLimits.sampleMs}). */
export function sampleMsOf(limits: TimeLimits): number {
	return limits.sampleMs ?? Math.max(0, Math.min(2500, (limits.checkMs - limits.exploreMs) / 2));
}

export type SandboxResult =
	| { kind: 'checked'; report: StoryReport }
	/** The story did something no story may: `reason` says what, in words for its author. */
	| { kind: 'refused'; reason: string };

export type ShapeResult =
	| { kind: 'shape'; shape: ShapeReport }
	/** The story did something no story may, or does not compile: `reason` says what, in words for its author. */
	| { kind: 'refused'; reason: string };

export type GraphResult =
	| { kind: 'graph'; graph: SceneGraph }
	/** The story did something no story may, or does not compile: `reason` says what, in words for its author. */
	| { kind: 'refused'; reason: string };

/**
 * Checks stories that strangers wrote in child processes with limits on memory and time, never on the thread that
 * answers Discord: that thread only waits for the answer. A process that overruns is ended and replaced, and nothing
 * else waits on it.
 */
export class StorySandbox {
	private readonly pool: Tinypool;
	/**
	 * One task per process at a time, queued here rather than in the pool: a task queued in the pool behind one that
	 * overran was never run once that one's process was ended, and a task's time must not run while it waits.
	 */
	private readonly turns: PrioritySemaphore;

	constructor(
		private readonly limits: SandboxLimits = SANDBOX_LIMITS,
		private readonly ownLimits: TimeLimits = OWN_STORY_LIMITS,
	) {
		this.turns = new PrioritySemaphore(limits.processes, 1);
		this.pool = new Tinypool({
			filename: new URL('./sandbox-entry.js', import.meta.url).href,
			// Processes, not threads: a story that allocates past a worker thread's heap limit in one step (a string
			// doubling) can take the whole process down with it, where a child process only ends itself.
			runtime: 'child_process',
			minThreads: 0,
			maxThreads: limits.processes,
			execArgv: storyProcessArgs(limits.memoryMb),
		});
	}

	/**
	 * Compiles and checks one story from its text (`fileName` gives its id), within the limits of a stranger's story,
	 * or {@link OWN_STORY_LIMITS}' time for one of Reverie's own dreams (`own`). Never throws for what the story does.
	 */
	async check(fileName: string, source: string, options: StoryOptions = {}): Promise<SandboxResult> {
		const limits = this.timeLimits(options);
		const answer = await this.run<StoryReport>(
			{
				fileName,
				source,
				...includesOf(options),
				...(options.pictures ? { pictures: options.pictures } : {}),
				maxMs: limits.exploreMs,
				sampleMs: sampleMsOf(limits),
			},
			limits.checkMs,
		);
		return answer.kind === 'done' ? { kind: 'checked', report: answer.value } : answer;
	}

	/**
	 * The story's shape as a group voting at random lives it (`analyseShape`), read in the sandbox within the same
	 * limits as {@link check}: for the author's own check. Never throws for what the story does.
	 */
	async shape(fileName: string, source: string, options: StoryOptions = {}): Promise<ShapeResult> {
		const limits = this.timeLimits(options);
		const answer = await this.run<ShapeResult>(
			{
				kind: 'shape',
				fileName,
				source,
				...includesOf(options),
				maxMs: limits.exploreMs,
				sampleMs: sampleMsOf(limits),
			},
			limits.checkMs,
		);
		return answer.kind === 'done' ? answer.value : answer;
	}

	/**
	 * Explores one story from its text for the map of the night, within {@link SandboxLimits.exploreMs} (past it, the
	 * graph is truncated), or {@link OWN_STORY_LIMITS} for one of Reverie's own dreams (`own`). Never throws for what
	 * the story does; a story that does not compile is refused.
	 */
	async graph(fileName: string, source: string, options: StoryOptions = {}): Promise<GraphResult> {
		const limits = this.timeLimits(options);
		const answer = await this.run<GraphAnswer>(
			{
				kind: 'graph',
				fileName,
				source,
				...includesOf(options),
				maxMs: limits.exploreMs,
				sampleMs: sampleMsOf(limits),
			},
			limits.checkMs,
		);
		return answer.kind === 'done' ? answer.value : answer;
	}

	/**
	 * Unpacks a story's zip (`fileName` gives its name) within a stranger's limits of memory and time: its files, or
	 * why it is refused (see `unpackStoryArchive`). Never throws for what the archive holds.
	 */
	async unpack(fileName: string, bytes: Uint8Array): Promise<UnpackResult | { kind: 'overrun'; reason: string }> {
		const answer = await this.run<UnpackResult>(
			{ kind: 'unpack', fileName, archive: Buffer.from(bytes).toString('base64') },
			this.limits.checkMs,
		);
		return answer.kind === 'done' ? answer.value : { kind: 'overrun', reason: answer.reason };
	}

	private timeLimits(options: { own?: boolean }): TimeLimits {
		return options.own ? this.ownLimits : this.limits;
	}

	private async run<T>(
		task: SandboxTask | UnpackTask,
		checkMs = this.limits.checkMs,
	): Promise<{ kind: 'done'; value: T } | { kind: 'refused'; reason: string }> {
		await this.turns.acquire(0);
		try {
			// A process is started and loaded first, outside the story's time: on a busy machine, starting one (after a
			// story that overran ended the last) took seconds a story's check was then refused for.
			await this.pool.run({ kind: 'ready' } satisfies ReadyTask);
			const signal = AbortSignal.timeout(checkMs);
			try {
				return { kind: 'done', value: (await this.pool.run(task, { signal })) as T };
			} catch (error) {
				if (signal.aborted) return { kind: 'refused', reason: tooLongWords(checkMs) };
				const message = error instanceof Error ? error.message : String(error);
				return {
					kind: 'refused',
					reason: overrunOf(error, this.limits.memoryMb) ?? `it could not be checked: ${message}`,
				};
			}
		} finally {
			this.turns.release();
		}
	}

	/** Ends the workers. */
	async close(): Promise<void> {
		await this.pool.destroy();
	}
}
