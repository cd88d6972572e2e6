import Tinypool, { type TinypoolChannel } from 'tinypool';
import type { Logger } from '../log.js';
import { overrunOf, storyProcessArgs, tooLongWords } from './overrun.js';
import type { RunResult, StorySave } from './runner.js';
import type { TellReply, TellTask, WarmTask } from './story-worker.js';
import type { StoryTeller, TellableStory, TellRequest } from './teller.js';

/** How much the dreams being told may take. */
export interface PoolLimits {
	/** Processes at most; each tells one turn at a time. */
	processes: number;
	/** The old generation of a process's heap, in MB: a story that grows without bound meets it. */
	memoryMb: number;
	/** One turn, in ms, from when a process takes it: past it, the story is stuck in a loop or a recursion. */
	turnMs: number;
	/** How many compiled stories each process keeps loaded. */
	storiesPerProcess: number;
}

/**
 * How long a story process may take to start, load the story it was given and begin its turn, beyond the turn's own
 * time.
 */
const PROCESS_START_MS = 15_000;

export const POOL_LIMITS: PoolLimits = { processes: 2, memoryMb: 256, turnMs: 2000, storiesPerProcess: 32 };

export interface PooledTellerOptions extends Partial<PoolLimits> {
	/** Where ink's runtime warnings go, as `StoryRunner` logs them, and a process that fails between turns. */
	log?: Logger;
}

// tinypool ends an idle process after `idleTimeout` (at once by default), and with it the stories it has loaded.
const IDLE_PROCESS_MS = 30 * 60_000;

/**
 * Tells dreams in a pool of child processes, each with a small heap and a time limit per turn, so the thread that
 * answers Discord runs no story and only waits for answers. A turn that overruns ends its process (a new one takes
 * its place) and is a story error in words for the story's author. Processes, not threads: see `sandbox.ts`.
 */
export class PooledTeller implements StoryTeller {
	readonly limits: PoolLimits;
	private readonly pool: Tinypool;
	private readonly log: Logger | undefined;
	private sent = 0;

	constructor(options: PooledTellerOptions = {}) {
		this.limits = {
			processes: options.processes ?? POOL_LIMITS.processes,
			memoryMb: options.memoryMb ?? POOL_LIMITS.memoryMb,
			turnMs: options.turnMs ?? POOL_LIMITS.turnMs,
			storiesPerProcess: options.storiesPerProcess ?? POOL_LIMITS.storiesPerProcess,
		};
		this.log = options.log;
		this.pool = new Tinypool({
			filename: new URL('./story-entry.js', import.meta.url).href,
			runtime: 'child_process',
			minThreads: 0,
			maxThreads: this.limits.processes,
			idleTimeout: IDLE_PROCESS_MS,
			execArgv: storyProcessArgs(this.limits.memoryMb),
		});
		// A process that dies between turns is replaced when the next turn needs it; without a listener, tinypool's
		// 'error' event would end this process.
		this.pool.on('error', (error: unknown) => this.log?.error({ err: error }, 'a story process failed between turns'));
	}

	start(story: TellableStory): Promise<RunResult> {
		return this.tell(story, { op: 'start' });
	}

	choose(story: TellableStory, save: StorySave, index: number): Promise<RunResult> {
		return this.tell(story, { op: 'choose', save, index });
	}

	inspect(story: TellableStory, save: StorySave): Promise<RunResult> {
		return this.tell(story, { op: 'inspect', save });
	}

	/** How many times a story's program crossed to a process: once per process per story, while it keeps it loaded. */
	get programsSent(): number {
		return this.sent;
	}

	/** Starts one process now rather than on the first turn (for the bot's start-up). */
	async warm(): Promise<void> {
		const task: WarmTask = { kind: 'warm' };
		await this.pool.run(task);
	}

	/** Ends the processes; turns still running end with them. */
	async close(): Promise<void> {
		await this.pool.destroy();
	}

	private async tell(story: TellableStory, request: TellRequest): Promise<RunResult> {
		const task: TellTask = {
			kind: 'tell',
			request,
			meta: story.meta,
			fileName: story.fileName,
			storiesPerProcess: this.limits.storiesPerProcess,
		};
		let reply = await this.run(task);
		// The process has not loaded the story (new to it, forgotten, or the process is new): send it once more, whole.
		if (reply.kind === 'unknown-story') {
			this.sent++;
			reply = await this.run({ ...task, program: story.program });
		}
		if (reply.kind === 'unknown-story') return { kind: 'story-error', detail: 'its process could not load it' };
		if (reply.kind !== 'told') return reply;
		for (const warning of reply.warnings) this.log?.warn(warning.object, warning.message);
		return reply.result;
	}

	/** Runs one task in a process with the turn's time limit; an overrun comes back as a story error. */
	private async run(task: TellTask): Promise<TellReply | RunResult> {
		const abort = new AbortController();
		let clock: NodeJS.Timeout | undefined;
		let starting: NodeJS.Timeout | undefined;
		// The turn's clock starts when the process says the turn began: not while the task waits for a process to be free,
		// nor while a new process starts (on a busy machine that alone took longer than a turn may). A process that takes
		// the task (tinypool subscribes it to the channel) and never begins is stopped all the same, later.
		const processTook = () => {
			starting ??= setTimeout(() => abort.abort(), this.limits.turnMs + PROCESS_START_MS);
		};
		const turnBegan = () => {
			clock ??= setTimeout(() => abort.abort(), this.limits.turnMs);
		};
		const channel: TinypoolChannel = { onMessage: processTook, postMessage: turnBegan };
		try {
			return (await this.pool.run(task, { signal: abort.signal, channel })) as TellReply;
		} catch (error) {
			if (abort.signal.aborted) return { kind: 'story-error', detail: tooLongWords(this.limits.turnMs) };
			const overrun = overrunOf(error, this.limits.memoryMb);
			// A failure that says nothing about the story (the pool closing as Reverie stops, a process that could not
			// start) must not end the dream: it is thrown, and the turn is tried again from the channel's record.
			if (overrun === null) throw error;
			return { kind: 'story-error', detail: overrun };
		} finally {
			clearTimeout(clock);
			clearTimeout(starting);
		}
	}
}
