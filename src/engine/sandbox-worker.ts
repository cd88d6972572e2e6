/**
 * Runs in a worker of the story sandbox ({@link StorySandbox}): checks one uploaded story from its text. Nothing here
 * touches the disk or the network; the worker's heap and time are limited by the pool that runs it.
 */
import { type CheckOptions, checkStory, type DreamReport } from './check.js';

export interface SandboxTask {
	/** The upload's file name, e.g. `the-lost-key.ink`: the dream's id and the name its diagnostics give. */
	fileName: string;
	source: string;
	/** The checker's own bound on exploring states (see {@link CheckOptions.maxMs}). */
	maxMs: number;
}

/** What crosses back to the main thread: the report, without the compiled story (which cannot be copied). */
export default function checkInSandbox(task: SandboxTask): DreamReport {
	const options: CheckOptions = { source: task.source, maxMs: task.maxMs };
	return checkStory(task.fileName, options);
}
