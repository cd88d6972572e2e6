/**
 * Whether an exploration should stop for its memory. A story process runs with a small old generation and its
 * collector exposed (see `storyProcessArgs`): there, once the heap in use passes a share of that limit, a full
 * collection tells live data from garbage, and only live data past the share stops the exploration. Elsewhere (tests,
 * an author's process) there is no collector to ask and no small limit: it never stops anything.
 */

/** The share of the old generation an exploration may hold: the rest is for the story's steps and the report. */
const SHARE = 0.4;

export interface HeapGuard {
	/** True once what is held passes the share; cheap between collections. */
	full(): boolean;
}

/** The old generation's limit in bytes from this process's own flags, or `null` when it was not set. */
export function oldSpaceLimit(execArgv: readonly string[] = process.execArgv): number | null {
	const flag = execArgv.findLast((arg) => arg.startsWith('--max-old-space-size='));
	const mb = Number(flag?.split('=')[1]);
	return flag && mb > 0 ? mb * 1024 * 1024 : null;
}

export function heapGuard(share = SHARE): HeapGuard {
	const collect = (globalThis as { gc?: () => void }).gc;
	const oldSpace = oldSpaceLimit();
	if (!collect || oldSpace === null) return { full: () => false };
	const limit = oldSpace * share;
	let wait = 0;
	return {
		full() {
			// Reading the heap's use costs little, but not nothing: every 64th state is often enough; after a collection
			// that found room, 1,024 more states go by before the next.
			if (--wait > 0) return false;
			wait = 64;
			if (process.memoryUsage().heapUsed < limit) return false;
			collect();
			wait = 1024;
			return process.memoryUsage().heapUsed >= limit;
		},
	};
}
