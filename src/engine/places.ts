/** Where things are in a dream's source and state, read from the debug information inkjs's compiler keeps. */
import type { Story } from 'inkjs/full';

export interface Place {
	file: string;
	line?: number;
}

/** ink's state, less what differs between two arrivals at the same place with the same memory (the turn count). */
export function stateKey(json: string): string {
	const state = JSON.parse(json) as { turnIdx?: number; turnIndices?: Record<string, number> };
	const turn = state.turnIdx ?? 0;
	delete state.turnIdx;
	if (state.turnIndices)
		state.turnIndices = Object.fromEntries(Object.entries(state.turnIndices).map(([k, v]) => [k, turn - v]));
	return JSON.stringify(state);
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
