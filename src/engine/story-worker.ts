/**
 * Runs in a process of the story pool (`PooledTeller`): tells one turn of a dream and keeps the stories it has
 * loaded, least recently told forgotten first. Nothing here touches the disk or the network; the pool limits the
 * process's heap and each turn's time.
 */
import type { Logger } from '../log.js';
import { exitWithParent } from '../parent-watch.js';
import { LruMap } from './lru.js';
import { lowerOwnPriority } from './process-priority.js';
import { type RunResult, StoryRunner } from './runner.js';
import { runnerOf, storyKey, type TellableStory, type TellRequest, tellWith } from './teller.js';

// Only story processes load this module: they run below the bot, so its clicks go first (see process-priority.ts),
// and end when the bot does, even killed (see parent-watch.ts).
lowerOwnPriority();
exitWithParent();

export interface TellTask {
	kind: 'tell';
	request: TellRequest;
	meta: TellableStory['meta'];
	fileName: string;
	/** Only when the process said it does not hold the story: most turns cross without it. */
	program?: TellableStory['program'];
	/** How many stories a process keeps loaded. */
	storiesPerProcess: number;
}

/** Starts a process without telling anything (`PooledTeller.warm`). */
export interface WarmTask {
	kind: 'warm';
}

/** A runtime warning as `StoryRunner` logged it in the process, to be logged again on the main side. */
export interface LoggedWarning {
	object: object;
	message: string;
}

export type TellReply = { kind: 'unknown-story' } | { kind: 'told'; result: RunResult; warnings: LoggedWarning[] };

/** Said to the pool (through its channel) as a turn begins, so its clock counts the turn, not the process starting. */
export const TURN_BEGAN = { turn: 'began' } as const;

let runners: LruMap<string, StoryRunner> | undefined;
const warnings: LoggedWarning[] = [];
const ignore = () => {};
const collector: Logger = {
	debug: ignore,
	info: ignore,
	error: ignore,
	warn: (object, message) => warnings.push({ object, message }),
};

export default function tell(task: TellTask | WarmTask): TellReply | null {
	if (task.kind === 'warm') return null;
	runners ??= new LruMap(task.storiesPerProcess);
	const key = storyKey(task.meta);
	let runner = runners.get(key);
	warnings.length = 0;
	if (!runner) {
		if (!task.program) return { kind: 'unknown-story' };
		const loaded = runnerOf({ meta: task.meta, fileName: task.fileName, program: task.program }, collector);
		if (!(loaded instanceof StoryRunner)) return { kind: 'told', result: loaded, warnings: [] };
		runner = loaded;
		runners.set(key, runner);
	}
	// The turn's clock starts here, after loading: compiling a server's large story (already checked in the sandbox)
	// took past a turn's 2 s on a busy machine, and the dream could not begin. Loading is held to the process's start
	// allowance instead (see `PooledTeller.run`).
	process.send?.(TURN_BEGAN);
	const result = tellWith(runner, task.request);
	return { kind: 'told', result, warnings: warnings.splice(0) };
}
