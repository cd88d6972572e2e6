import type { Story } from 'inkjs/full';
import type { Logger } from '../log.js';

/**
 * The source line of each piece of a compiled story, which its JSON forgets: keyed by ink's path of a container
 * (`cellar.0.g-0`), and by that path and an index for content on a line of its own within it (`cellar.0.g-0 2`).
 */
export type SourceLines = Record<string, number>;

interface InkNode {
	debugMetadata: { startLineNumber: number } | null;
	path: { toString(): string };
	content?: InkNode[];
	namedOnlyContent?: Map<string, InkNode> | null;
}

/** Reads the lines from a story compiled from its source (one loaded from JSON has none). */
export function sourceLinesOf(story: Story): SourceLines {
	const lines: SourceLines = {};
	const visit = (container: InkNode) => {
		const key = container.path.toString();
		const own = container.debugMetadata?.startLineNumber;
		if (own !== undefined) lines[key] = own;
		for (const [index, child] of (container.content ?? []).entries()) {
			const line = child.debugMetadata?.startLineNumber;
			if (line !== undefined && line !== own) lines[`${key} ${index}`] = line;
			if (child.content) visit(child);
		}
		for (const child of container.namedOnlyContent?.values() ?? []) if (child.content) visit(child);
	};
	visit(story.mainContentContainer as unknown as InkNode);
	return lines;
}

// How inkjs names the place of a warning in a story that has no debug metadata.
const POINTER = /^ink runtime warning: \(Ink Pointer -> (\S*) -- index (\d+)\): /;

/**
 * A logger that puts back the line of a runtime warning from a story loaded from JSON, so it is logged as
 * `StoryRunner` logs it for the story compiled from source: `{ storyId, file, line }` and ink's words alone.
 */
export function withSourceLines(log: Logger, lines: SourceLines): Logger {
	return {
		debug: (object, message) => log.debug(object, message),
		info: (object, message) => log.info(object, message),
		error: (object, message) => log.error(object, message),
		warn: (object, message) => {
			const pointer = POINTER.exec(message);
			if (!pointer) return log.warn(object, message);
			const [whole, path = '', index] = pointer;
			const line = lines[`${path} ${index}`] ?? lines[path];
			log.warn({ ...object, line }, `ink runtime warning: ${message.slice(whole.length)}`);
		},
	};
}
