/**
 * Runs in a worker of the story sandbox ({@link StorySandbox}): checks one uploaded story from its text, or explores it
 * for its scene graph. Nothing here touches the disk or the network; the worker's heap and time are limited by the pool
 * that runs it.
 */
import { exitWithParent } from '../parent-watch.js';
import { type UnpackResult, unpackStoryArchive } from './archive.js';
import { type CheckOptions, checkStory, type StoryReport } from './check.js';
import { compileFile } from './compile.js';
import { formatDiagnostic } from './diagnostics.js';
import { lowerOwnPriority } from './process-priority.js';
import { type SceneGraph, sceneGraph } from './scene-graph.js';
import { analyseShape, type ShapeReport } from './shape.js';

// Only story processes load this module: they run below the bot, so its clicks go first (see process-priority.ts),
// and end when the bot does, even killed (see parent-watch.ts).
lowerOwnPriority();
exitWithParent();

export interface SandboxTask {
	/** What to do with the story: check it (the default), read its scene graph, or read its shape. */
	kind?: 'check' | 'graph' | 'shape';
	/** The upload's file name, e.g. `the-lost-key.ink`: the dream's id and the name its diagnostics give. */
	fileName: string;
	source: string;
	/** The texts of the files it `INCLUDE`s, by name, when they were given (see `CompileOptions.includes`). */
	includes?: Record<string, string>;
	/** The paths of the pictures it brings (see {@link CheckOptions.pictures}). */
	pictures?: string[];
	/** The bound on exploring states (see {@link CheckOptions.maxMs}). */
	maxMs: number;
	/** The time random plays may take when exploring stops at its bound (see {@link CheckOptions.sampleMs}). */
	sampleMs?: number;
}

/** Unpacks a story's zip (see `unpackStoryArchive`): its bytes in base64, as they cross between processes. */
export interface UnpackTask {
	kind: 'unpack';
	/** The archive's file name, e.g. `the-mill.zip`: its main file may be named after it. */
	fileName: string;
	archive: string;
}

/** Asks only that a process be up and loaded: the story's own time starts after it (see `StorySandbox.run`). */
export interface ReadyTask {
	kind: 'ready';
}

/** A shape's answer: the shape, or why the story has none (it does not compile). */
export type ShapeAnswer = { kind: 'shape'; shape: ShapeReport } | { kind: 'refused'; reason: string };

/** A scene graph's answer: the graph, or why the story has none (it does not compile). */
export type GraphAnswer = { kind: 'graph'; graph: SceneGraph } | { kind: 'refused'; reason: string };

/** What crosses back to the main thread: plain data, never the compiled story (which cannot be copied). */
export default function runInSandbox(
	task: SandboxTask | UnpackTask | ReadyTask,
): StoryReport | GraphAnswer | ShapeAnswer | UnpackResult | 'ready' {
	if (task.kind === 'ready') return 'ready';
	if (task.kind === 'unpack') return unpackStoryArchive(Buffer.from(task.archive, 'base64'), task.fileName);
	const sample = task.sampleMs !== undefined ? { sampleMs: task.sampleMs } : {};
	const includes = task.includes ? { includes: task.includes } : {};
	if (task.kind === 'graph' || task.kind === 'shape') {
		const result = compileFile(task.fileName, { source: task.source, ...includes });
		if (!result.ok) {
			const first = result.errors[0];
			return { kind: 'refused', reason: `it does not compile${first ? `: ${formatDiagnostic(first)}` : ''}` };
		}
		if (task.kind === 'shape')
			return { kind: 'shape', shape: analyseShape(result.compiled, { maxMs: task.maxMs, ...sample }) };
		const graph = sceneGraph(result.compiled, {
			maxMs: task.maxMs,
			...(task.sampleMs !== undefined ? { sample: { maxMs: task.sampleMs } } : {}),
		});
		return { kind: 'graph', graph };
	}
	const pictures = task.pictures ? { pictures: task.pictures } : {};
	const options: CheckOptions = { source: task.source, ...includes, ...pictures, maxMs: task.maxMs, ...sample };
	return checkStory(task.fileName, options);
}
