/**
 * Runs in a worker of the story sandbox ({@link StorySandbox}): checks one uploaded story from its text, or explores it
 * for its scene graph. Nothing here touches the disk or the network; the worker's heap and time are limited by the pool
 * that runs it.
 */
import { exitWithParent } from '../parent-watch.js';
import { type CheckOptions, checkStory, type DreamReport } from './check.js';
import { compileFile } from './compile.js';
import { formatDiagnostic } from './diagnostics.js';
import { lowerOwnPriority } from './process-priority.js';
import { type SceneGraph, sceneGraph } from './scene-graph.js';

// Only story processes load this module: they run below the bot, so its clicks go first (see process-priority.ts),
// and end when the bot does, even killed (see parent-watch.ts).
lowerOwnPriority();
exitWithParent();

export interface SandboxTask {
	/** What to do with the story: check it (the default), or read its scene graph. */
	kind?: 'check' | 'graph';
	/** The upload's file name, e.g. `the-lost-key.ink`: the dream's id and the name its diagnostics give. */
	fileName: string;
	source: string;
	/** The bound on exploring states (see {@link CheckOptions.maxMs}). */
	maxMs: number;
}

/** A scene graph's answer: the graph, or why the story has none (it does not compile). */
export type GraphAnswer = { kind: 'graph'; graph: SceneGraph } | { kind: 'refused'; reason: string };

/** What crosses back to the main thread: plain data, never the compiled story (which cannot be copied). */
export default function runInSandbox(task: SandboxTask): DreamReport | GraphAnswer {
	if (task.kind === 'graph') return graphOf(task);
	const options: CheckOptions = { source: task.source, maxMs: task.maxMs };
	return checkStory(task.fileName, options);
}

function graphOf(task: SandboxTask): GraphAnswer {
	const result = compileFile(task.fileName, { source: task.source });
	if (!result.ok) {
		const first = result.errors[0];
		return { kind: 'refused', reason: `it does not compile${first ? `: ${formatDiagnostic(first)}` : ''}` };
	}
	return { kind: 'graph', graph: sceneGraph(result.compiled, { maxMs: task.maxMs }) };
}
