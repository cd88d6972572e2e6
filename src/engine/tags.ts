import { SCENE_TAGS } from './scene-tags.js';

/**
 * The tag vocabulary of a dream. Global tags sit at the top of the file; beat tags at the end of a line of text.
 * Inky's own (`# IMAGE:`, `# AUDIO:`, `# CLEAR`, `# CLASS:`, `# speaker:`) are read in `scene-tags.ts`, and its
 * `# theme:` is taken quietly. Anything else (tags written for another player, like `# img:`) is ignored when telling;
 * `story:check` warns about it, once per name.
 */
export const GLOBAL_TAGS = ['title', 'description', 'color', 'author', 'theme', 'voice'] as const;
/** The global tags a dream should have; without one, a default stands in and `story:check` warns. */
export const EXPECTED_GLOBAL_TAGS = ['title', 'description', 'color'] as const;
/**
 * `introduces` and `mentions` keep continuity and are read only by `story:check`: `# introduces: stool, notebook` on
 * the line that first shows them, `# mentions: stool` on a line (or in a choice's brackets) that takes them as known.
 * A mention on a path where no earlier line introduced the thing is a warning.
 */
export const BEAT_TAGS = ['scene', 'pause', 'ending', 'introduces', 'mentions'] as const;

export type GlobalTagName = (typeof GLOBAL_TAGS)[number];
export type BeatTagName = (typeof BEAT_TAGS)[number];

/** The longest `# pause:` a beat may ask for, in seconds: longer silences read as a stalled bot. */
export const MAX_PAUSE_SECONDS = 30;

export interface ParsedTag {
	key: string;
	value: string;
}

/** Splits `key: value` (the value may itself contain colons). A tag without a colon has an empty value. */
export function parseTag(raw: string): ParsedTag {
	const text = raw.trim();
	const colon = text.indexOf(':');
	if (colon === -1) return { key: text.toLowerCase(), value: '' };
	return { key: text.slice(0, colon).trim().toLowerCase(), value: text.slice(colon + 1).trim() };
}

/** Reads a colour written as `\#8a6fd1`, `#8a6fd1` or `8a6fd1` into a number, or `null` when it is not one. */
export function parseColor(value: string): number | null {
	const match = /^\\?#?([0-9a-f]{6})$/i.exec(value.trim());
	return match?.[1] ? Number.parseInt(match[1], 16) : null;
}

/**
 * Reads a `# voice: Name, \#c0392b, pictures/mara.png` value: a speaker's name, then (in any order, each optional) their
 * colour and a portrait (a picture's path or an `https` address). `null` without a name, or with a part that is
 * neither a colour nor a picture.
 */
export function parseVoice(value: string): { name: string; voice: { color?: number; portrait?: string } } | null {
	const [name, ...parts] = value.split(',').map((part) => part.trim());
	if (!name) return null;
	const voice: { color?: number; portrait?: string } = {};
	for (const part of parts) {
		const color = parseColor(part);
		if (color !== null) voice.color = color;
		else if (/\.(png|jpe?g|gif|webp)$/i.test(part) || /^https:/i.test(part)) voice.portrait = part;
		else return null;
	}
	return { name, voice };
}

/** Reads a `# pause:` value in seconds, or `null` when it is not a number in 0..MAX_PAUSE_SECONDS. */
export function parsePause(value: string): number | null {
	if (!/^\d+(\.\d+)?$/.test(value)) return null;
	const seconds = Number(value);
	return seconds <= MAX_PAUSE_SECONDS ? seconds : null;
}

export function isGlobalTag(key: string): key is GlobalTagName {
	return (GLOBAL_TAGS as readonly string[]).includes(key);
}

export function isBeatTag(key: string): key is BeatTagName {
	return (BEAT_TAGS as readonly string[]).includes(key);
}

export interface TagProblem {
	/** An error for a tag that means to be one of Reverie's and is written wrong; a warning for a foreign one. */
	severity: 'error' | 'warning';
	message: string;
}

/** What is wrong with a beat's tag, or `null` when it is fine. Global tags are allowed only where ink puts them. */
export function beatTagProblem(raw: string): TagProblem | null {
	const { key, value } = parseTag(raw);
	const error = (message: string): TagProblem => ({ severity: 'error', message });
	if (isBeatTag(key)) {
		if (key === 'pause' && parsePause(value) === null)
			return error(`"# pause: ${value}" is not a number of seconds between 0 and ${MAX_PAUSE_SECONDS}`);
		if ((key === 'scene' || key === 'ending') && value === '') return error(`"# ${key}:" needs a name`);
		if ((key === 'introduces' || key === 'mentions') && propsOf(value).length === 0)
			return error(`"# ${key}:" needs the names of the things it ${key === 'introduces' ? 'introduces' : 'mentions'}`);
		const prose = (key === 'introduces' || key === 'mentions') && propsOf(value).find(looksLikeProse);
		if (prose)
			return error(
				`"# ${key}:" names "${prose}", which reads like the rest of the line: a tag runs to the end of its line, ` +
					'so put it after the text',
			);
		return null;
	}
	if (/^[0-9a-f]{6}$/i.test(key))
		return error(`"# ${key}" looks like a colour split off by a bare "#": write the colour as "# color: \\#${key}"`);
	if (isGlobalTag(key)) return error(`"# ${key}:" is a global tag: put it at the top of the file, before any text`);
	return {
		severity: 'warning',
		message: `unknown tag "# ${key}" is ignored when telling (beat tags are: ${[...BEAT_TAGS, ...SCENE_TAGS].join(', ')})`,
	};
}

/** A name of five words or more, or with a sentence's end in it, is the text after a tag put mid-line. */
const looksLikeProse = (name: string) => /[.!?]/.test(name) || name.split(/\s+/).length >= 5;

/** The things a `# introduces:` or `# mentions:` tag names: comma-separated, compared without case. */
export function propsOf(value: string): string[] {
	return value
		.split(',')
		.map((name) => name.trim().toLowerCase())
		.filter((name) => name !== '');
}

/** The title of a dream that names none, from its id: `the-lost-key` is "The Lost Key". */
export function titleFromId(id: string): string {
	return id
		.split(/[-_\s]+/)
		.filter((word) => word !== '')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}
