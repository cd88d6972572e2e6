/**
 * A dream's shuffles (`{~a|b|c}`), read from the compiled story: whether each holds only words, so that the seed can
 * change what a line says but never which way the dream goes, and the lines of each one's alternatives.
 */
import type { Story } from 'inkjs/full';
import { lineKey, placeOf } from './places.js';

export interface Shuffles {
	/** How many shuffles the dream has. */
	count: number;
	/** True when no shuffle holds anything but words: no divert out of it, no call, choice, assignment or draw. */
	wordsOnly: boolean;
	/** Per shuffle, the lines (`file:line`) its alternatives' words are written on. */
	lines: string[][];
}

interface RuntimeObject {
	debugMetadata?: { fileName: string | null; startLineNumber: number } | null;
	commandType?: number;
	value?: unknown;
	isNewline?: boolean;
	content?: RuntimeObject[];
	namedOnlyContent?: Map<string, RuntimeObject> | null;
	path?: { toString(): string };
	pushesToStack?: boolean;
	isConditional?: boolean;
	variableDivertName?: string | null;
	/** A divert's target, resolved to an absolute path. */
	targetPath?: { toString(): string } | null;
	isNewDeclaration?: boolean;
	pathOnChoice?: unknown;
}

// ink's ControlCommand types: a shuffle's index, and those that change where the story goes or what it draws.
const SHUFFLE_INDEX = 17;
const CHANGES_THE_WAY = new Set([
	5, // pop function
	6, // pop tunnel
	14, // RANDOM
	15, // SEED_RANDOM
	17, // a shuffle inside a shuffle
	18, // start thread
	19, // done
	20, // end
	23, // LIST_RANDOM
]);

/** Whether one alternative of the shuffle at `shufflePath` holds only words (and tags, glue, values printed). */
function holdsOnlyWords(branch: RuntimeObject, shufflePath: string): boolean {
	for (const obj of branch.content ?? []) {
		if (obj.content) return false;
		if (typeof obj.commandType === 'number') {
			if (CHANGES_THE_WAY.has(obj.commandType)) return false;
			continue;
		}
		if (typeof obj.pushesToStack === 'boolean') {
			const target = obj.targetPath?.toString() ?? '';
			if (obj.pushesToStack || obj.isConditional || obj.variableDivertName || !target.startsWith(`${shufflePath}.`))
				return false;
			continue;
		}
		if (typeof obj.isNewDeclaration === 'boolean' || obj.pathOnChoice !== undefined) return false;
	}
	return true;
}

/** Reads every shuffle of `story`, whose lines are named after `file`. */
export function shufflesOf(story: Story, file: string): Shuffles {
	const found: Shuffles = { count: 0, wordsOnly: true, lines: [] };
	const stack: RuntimeObject[] = [story.mainContentContainer as unknown as RuntimeObject];
	while (stack.length > 0) {
		const container = stack.pop() as RuntimeObject;
		for (const obj of container.content ?? []) if (obj.content) stack.push(obj);
		for (const named of container.namedOnlyContent?.values() ?? []) if (named.content) stack.push(named);
		if (!(container.content ?? []).some((obj) => obj.commandType === SHUFFLE_INDEX)) continue;
		found.count++;
		const path = container.path?.toString() ?? '';
		const lines = new Set<string>();
		for (const [name, branch] of container.namedOnlyContent ?? []) {
			if (!/^s\d+$/.test(name)) continue;
			if (!holdsOnlyWords(branch, path)) found.wordsOnly = false;
			for (const obj of branch.content ?? [])
				if (typeof obj.value === 'string' && typeof obj.isNewline === 'boolean' && obj.debugMetadata)
					lines.add(lineKey(placeOf(obj.debugMetadata, file)));
		}
		found.lines.push([...lines]);
	}
	return found;
}
