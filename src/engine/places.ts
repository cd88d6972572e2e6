/** Where things are in a dream's source and state, read from the debug information inkjs's compiler keeps. */
import { createHash } from 'node:crypto';
import type { Story } from 'inkjs/full';

export interface Place {
	file: string;
	line?: number;
}

/**
 * ink's state, less what differs between two arrivals at the same place with the same memory (the turn count), as a
 * digest: an explorer holds a key for every state it meets, and a state's JSON is kilobytes where its digest is 27
 * characters, so a story that loops without end meets its time bound long before its memory limit.
 */
export function stateKey(json: string): string {
	const state = JSON.parse(json) as { turnIdx?: number; turnIndices?: Record<string, number> };
	const turn = state.turnIdx ?? 0;
	delete state.turnIdx;
	if (state.turnIndices)
		state.turnIndices = Object.fromEntries(Object.entries(state.turnIndices).map(([k, v]) => [k, turn - v]));
	return createHash('sha1').update(JSON.stringify(state)).digest('base64url');
}

export function parentPath(path: string): string {
	return path.split('.').slice(0, -1).join('.');
}

interface DebugMeta {
	fileName: string | null;
	startLineNumber: number;
}

export function placeOf(meta: DebugMeta | null | undefined, fallbackFile: string): Place {
	if (!meta) return { file: fallbackFile };
	return { file: meta.fileName ?? fallbackFile, line: meta.startLineNumber };
}

// ink's ControlCommand types that open and close a tag in the output stream.
export const BEGIN_TAG = 24;
export const END_TAG = 25;

/** The source line of the text just produced (not of its tags), from the debug information the compiler keeps. */
export function outputPlace(story: Story, file: string): Place {
	let inTag = false;
	for (const obj of story.state.outputStream) {
		const command = (obj as { commandType?: number }).commandType;
		if (command === BEGIN_TAG) inTag = true;
		else if (command === END_TAG) inTag = false;
		const value = (obj as { value?: unknown }).value;
		if (!inTag && typeof value === 'string' && value.trim() !== '' && obj.debugMetadata)
			return placeOf(obj.debugMetadata, file);
	}
	// A line of only tags: its place is that of its tags.
	const tagged = story.state.outputStream.find((obj) => obj.debugMetadata);
	return tagged ? placeOf(tagged.debugMetadata, file) : { file };
}

export function choicePlace(story: Story, sourcePath: string, file: string): Place {
	const sample = story.currentChoices.find((c) => c.targetPath)?.targetPath;
	if (!sample || !sourcePath) return { file };
	// inkjs does not export its Path class; every path object carries its constructor.
	const PathClass = sample.constructor as new (s: string) => NonNullable<typeof sample>;
	const found = story.ContentAtPath(new PathClass(sourcePath));
	return placeOf(found.obj?.debugMetadata, file);
}

// ink's ControlCommand types that open and close a string built in evaluation (a choice's label, a string value).
const BEGIN_STRING = 7;
const END_STRING = 8;

interface RuntimeObject {
	debugMetadata?: DebugMeta | null;
	commandType?: number;
	value?: unknown;
	content?: RuntimeObject[];
	namedOnlyContent?: Map<string, RuntimeObject> | null;
}

/** `file:line` of a place, the key lines are compared by. */
/** Returns the first value it met with the same key: what many states meet alike is then held once. */
export function keptOnce<T>(keyOf: (value: T) => string): (value: T) => T {
	const held = new Map<string, T>();
	return (value) => {
		const key = keyOf(value);
		const known = held.get(key);
		if (known !== undefined) return known;
		held.set(key, value);
		return value;
	};
}

export const lineKey = (place: Place) => `${place.file}:${place.line ?? 0}`;

/**
 * Every line of the source that holds text the dream can tell (not tags, nor strings built in evaluation), found in
 * the compiled story's containers. Keys are `file:line`.
 */
export function textLines(story: Story, file: string): Map<string, Place> {
	const lines = new Map<string, Place>();
	const stack: RuntimeObject[] = [story.mainContentContainer as unknown as RuntimeObject];
	while (stack.length > 0) {
		const container = stack.pop() as RuntimeObject;
		let inTag = false;
		let inString = 0;
		for (const obj of container.content ?? []) {
			if (obj.content) stack.push(obj);
			if (obj.commandType === BEGIN_TAG) inTag = true;
			else if (obj.commandType === END_TAG) inTag = false;
			else if (obj.commandType === BEGIN_STRING) inString++;
			else if (obj.commandType === END_STRING) inString = Math.max(0, inString - 1);
			else if (!inTag && inString === 0 && typeof obj.value === 'string' && obj.value.trim() && obj.debugMetadata) {
				const place = placeOf(obj.debugMetadata, file);
				lines.set(lineKey(place), place);
			}
		}
		for (const named of container.namedOnlyContent?.values() ?? []) if (named.content) stack.push(named);
	}
	return lines;
}

/** The lines of the text in ink's output since the last `Continue` (for the lines told, see {@link textLines}). */
export function outputLines(story: Story, file: string): string[] {
	const lines: string[] = [];
	let inTag = false;
	for (const obj of story.state.outputStream as unknown as RuntimeObject[]) {
		if (obj.commandType === BEGIN_TAG) inTag = true;
		else if (obj.commandType === END_TAG) inTag = false;
		else if (!inTag && typeof obj.value === 'string' && obj.value.trim() && obj.debugMetadata)
			lines.push(lineKey(placeOf(obj.debugMetadata, file)));
	}
	return lines;
}
