/**
 * What a story that overran the limits of the process running it did, in words for its author: the sandbox's
 * refusals and the story pool's story errors say the same things the same way.
 */

/** A turn or check still running past `ms` is stuck inside one step of the story. */
export function tooLongWords(ms: number): string {
	return `it runs more than ${ms / 1000} s without reaching a line or a choice (a loop or a recursion that never ends)`;
}

export function outOfMemoryWords(memoryMb: number): string {
	return `it ran out of the ${memoryMb} MB a story may use (something in it grows or recurses without end)`;
}

export const RECURSION_WORDS = 'it recurses without end (a function or tunnel that calls itself forever)';

/** True for JavaScript's own stack overflow (a `RangeError`, or its message passed on as text). */
export function isStackOverflow(error: unknown): boolean {
	const message = error instanceof Error ? error.message : String(error);
	return (error instanceof RangeError && /call stack/i.test(message)) || /maximum call stack/i.test(message);
}

/**
 * What a story process's failure says about the story, or `null` when it says nothing about it. Our own code never
 * ends its process: one that died ran out of its heap (or its stack) on the story.
 */
export function overrunOf(error: unknown, memoryMb: number): string | null {
	const message = error instanceof Error ? error.message : String(error);
	if (/exited unexpectedly|out of memory/i.test(message)) return outOfMemoryWords(memoryMb);
	if (error instanceof RangeError || /call stack/i.test(message)) return RECURSION_WORDS;
	return null;
}

/**
 * A story process's flags: none of this process's (its entry loads the TypeScript itself), a small heap, and its
 * collector exposed so that exploring can tell live data from garbage (see `heapGuard`).
 */
export function storyProcessArgs(memoryMb: number): string[] {
	return [`--max-old-space-size=${memoryMb}`, '--max-semi-space-size=8', '--stack-size=4000', '--expose-gc'];
}
