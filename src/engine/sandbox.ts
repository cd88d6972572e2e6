import Tinypool from 'tinypool';
import type { DreamReport } from './check.js';
import { overrunOf, storyProcessArgs, tooLongWords } from './overrun.js';
import type { GraphAnswer, SandboxTask } from './sandbox-worker.js';
import type { SceneGraph } from './scene-graph.js';

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
}

export const SANDBOX_LIMITS: SandboxLimits = { processes: 1, memoryMb: 64, exploreMs: 3000, checkMs: 8000 };
/**
 * The time Reverie's own dreams may take to be explored for their map and their count of endings: they are no
 * stranger's, and a bound cut short by a busy machine (the sandbox runs below the bot) would count too few endings.
 */
export const OWN_DREAM_LIMITS: Pick<SandboxLimits, 'exploreMs' | 'checkMs'> = { exploreMs: 20_000, checkMs: 25_000 };

export type SandboxResult =
	| { kind: 'checked'; report: DreamReport }
	/** The story did something no story may: `reason` says what, in words for its author. */
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

	constructor(
		private readonly limits: SandboxLimits = SANDBOX_LIMITS,
		private readonly ownLimits: Pick<SandboxLimits, 'exploreMs' | 'checkMs'> = OWN_DREAM_LIMITS,
	) {
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

	/** Compiles and checks one story from its text (`fileName` gives its id). Never throws for what the story does. */
	async check(fileName: string, source: string): Promise<SandboxResult> {
		const answer = await this.run<DreamReport>({ fileName, source, maxMs: this.limits.exploreMs });
		return answer.kind === 'done' ? { kind: 'checked', report: answer.value } : answer;
	}

	/**
	 * Explores one story from its text for the map of the night, within {@link SandboxLimits.exploreMs} (past it, the
	 * graph is truncated), or {@link OWN_DREAM_LIMITS} for one of Reverie's own dreams (`own`). Never throws for what
	 * the story does; a story that does not compile is refused.
	 */
	async graph(fileName: string, source: string, options: { own?: boolean } = {}): Promise<GraphResult> {
		const limits = options.own ? this.ownLimits : this.limits;
		const answer = await this.run<GraphAnswer>(
			{ kind: 'graph', fileName, source, maxMs: limits.exploreMs },
			limits.checkMs,
		);
		return answer.kind === 'done' ? answer.value : answer;
	}

	private async run<T>(
		task: SandboxTask,
		checkMs = this.limits.checkMs,
	): Promise<{ kind: 'done'; value: T } | { kind: 'refused'; reason: string }> {
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
	}

	/** Ends the workers. */
	async close(): Promise<void> {
		await this.pool.destroy();
	}
}
