/**
 * The tags of Inky's web player and of common ink templates that Reverie reads from a line: a picture
 * (`# IMAGE: path "alt"`), a sound (`# AUDIO: path`), a new chapter (`# CLEAR`), who speaks (`# speaker: Name`, or a
 * `Name: ` at the start of the line), a style (`# CLASS: name`, accepted and not used). On a choice, `# UNCLICKABLE`
 * shows it without letting anyone take it. Tag names are read without case, as Inky's player does.
 */
export const SCENE_TAGS = ['image', 'audio', 'clear', 'class', 'speaker'] as const;
export type SceneTagName = (typeof SCENE_TAGS)[number];

export const isSceneTag = (key: string): key is SceneTagName => (SCENE_TAGS as readonly string[]).includes(key);

/** The tag on a choice that shows it greyed out, never to be taken. */
export const UNCLICKABLE = 'unclickable';

/** A picture a line shows: an `https` address, or a path to a picture in the story's zip. */
export interface Picture {
	source: string;
	/** What it shows, in words, for members who cannot see it (the quoted text after the path). */
	alt?: string;
}

/** The longest alt text Discord keeps with a picture. */
export const MAX_ALT_CHARS = 1024;

/** Reads `path`, `path "alt text"` or `"path with spaces" "alt text"`; `null` when no path is given. */
export function parsePicture(value: string): Picture | null {
	const match = /^(?:"([^"]+)"|(\S+))(?:\s+"(.*)")?\s*$/s.exec(value.trim());
	const source = match?.[1] ?? match?.[2];
	if (!source) return null;
	const alt = match?.[3]?.trim();
	return alt ? { source, alt } : { source };
}

/** Where a picture or a sound comes from: the web (given to Discord as it is), the story's own files, or neither. */
export type SourceKind = 'https' | 'file' | 'refused';

export function sourceKind(source: string): SourceKind {
	if (/^https:\/\//i.test(source)) return 'https';
	// Any other scheme (http, data, file, attachment) is not one Reverie hands on.
	if (/^[a-z][a-z0-9+.-]*:/i.test(source)) return 'refused';
	return 'file';
}

/**
 * A path as the story's files are kept (`archive.ts`): from the main file's folder, `/` between folders, no `./`.
 * `null` for a path that leaves the story's folder.
 */
export function storyPath(source: string): string | null {
	const parts: string[] = [];
	for (const part of source.replaceAll('\\', '/').split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') {
			if (parts.length === 0) return null;
			parts.pop();
		} else parts.push(part);
	}
	return parts.length > 0 ? parts.join('/') : null;
}

/**
 * A speaker's name at the start of a line, as templates write dialogue: one to three words that each begin with a
 * capital (`Ada:`, `Old Bram:`), then the line. A sentence that happens to open with `Note:` reads as a speaker
 * too; the check lists the speakers it found, so an author sees one that is not.
 */
const SPEAKER_PREFIX = /^(\p{Lu}[\p{L}\p{M}'’.-]*(?: \p{Lu}[\p{L}\p{M}'’.-]*){0,2}):\s+(\S.*)$/su;

/** The line's speaker and its words: from a `# speaker:` tag (which wins), or from a `Name: ` prefix taken off. */
export function splitSpeaker(text: string, tagged: string | undefined): { speaker?: string; text: string } {
	const match = SPEAKER_PREFIX.exec(text);
	if (tagged) {
		// A line tagged with its speaker that also opens with the same name keeps the words only.
		return { speaker: tagged, text: match?.[1] === tagged && match[2] ? match[2] : text };
	}
	if (match?.[1] && match[2]) return { speaker: match[1], text: match[2] };
	return { text };
}
