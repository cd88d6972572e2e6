import path from 'node:path';
import type { Story } from 'inkjs/full';
import type { Logger } from '../log.js';
import type { CompiledStory } from './compile.js';
import { INK_ERROR_TYPE, parseInkMessage } from './diagnostics.js';
import { type Picture, parsePicture, splitSpeaker, UNCLICKABLE } from './scene-tags.js';
import { splitParagraph } from './split.js';
import { isGlobalTag, parsePause, parseTag } from './tags.js';

/**
 * The version of {@link StorySave}'s shape. Bump it when the shape changes and teach {@link StoryRunner} to read
 * the older one (or refuse it with a reason): saves outlive processes.
 */
export const SAVE_FORMAT_VERSION = 1;

/** Where a dream stands, as JSON that can be stored and handed back to the runner later. */
export interface StorySave {
	format: number;
	storyId: string;
	/** The `contentHash` of the story this save was made against. */
	contentHash: string;
	/** ink's own state JSON. */
	ink: string;
}

/** One line of the dream, told as one message. */
export interface Beat {
	text: string;
	/** Set on the first beat of a scene: its name, shown as a heading. */
	scene?: string;
	/** Extra silence after this beat, in seconds, from `# pause:`. */
	pause?: number;
	/** Set on the last beat of an ending: the ending's name. */
	ending?: string;
	/** Who says it: from `# speaker:` or a `Name: ` at the start of the line (then not in `text`). */
	speaker?: string;
	/** Set on the first beat after a `# CLEAR`: a new chapter starts here. */
	chapter?: true;
	/** The picture the line shows, from `# IMAGE:`, as the story wrote it (the teller resolves it). */
	image?: Picture;
	/** The sound the line names, from `# AUDIO:`: Discord does not play it inline, so it is offered apart. */
	audio?: string;
}

export interface ChoiceOption {
	/** The index to hand back to {@link StoryRunner.choose}. */
	index: number;
	text: string;
	/** Shown greyed out and never taken (`# UNCLICKABLE` on the choice, as Inky's templates do). */
	unclickable?: true;
}

/**
 * How a dream ended. `written`: at an `-> END` or `-> DONE` its author wrote. `faded`: its content ran out on a path
 * with no `-> END` (ink's "ran out of content"): Inky's player simply stops there, and so does the dream, told as an
 * ending of its own ("the dream fades here") rather than as a broken story. `line` is where ink says it ran out (the
 * last line told).
 */
export type StoryEnd = { kind: 'written' } | { kind: 'faded'; file: string; line?: number };

/** What the dream says up to its next branch point or its end. */
export interface Passage {
	beats: Beat[];
	/** The choices at the branch point; empty when the dream has ended. */
	choices: ChoiceOption[];
	/** True when the dream has ended, whichever way ({@link end} says which). */
	ended: boolean;
	/**
	 * How it ended, set only when `ended`. A passage read back from a save ({@link StoryRunner.inspect}) at its end
	 * says `written`: ink does not keep in its state that it ran out.
	 */
	end?: StoryEnd;
	/** The state after these beats: pass it to `choose` with the group's choice. */
	save: StorySave;
}

/** Expected failures, returned as values: the caller turns each into a clear message. */
export type RunFailure =
	/** The save was made against another version of the story and ink cannot resume it there. */
	| { kind: 'story-changed'; storyId: string; detail: string }
	/** The save is not one this runner can read (another dream, a newer format, damaged JSON). */
	| { kind: 'bad-save'; detail: string }
	/** The choice index is not one of the choices open at this point. */
	| { kind: 'invalid-choice'; index: number; available: number }
	/**
	 * The dream itself misbehaved at run time (a tunnel or function that never returns, a missing EXTERNAL, looped
	 * without a choice). Running out of content is not one: it ends the dream ({@link StoryEnd}'s `faded`).
	 */
	| { kind: 'story-error'; detail: string };

export type RunResult = { kind: 'ok'; passage: Passage } | RunFailure;

export interface RunnerOptions {
	/** Where ink's runtime warnings go (a variable read before it is set…): they are logged and the dream goes on. */
	log?: Logger;
}

/** A passage longer than this without a choice is taken for a loop in the story, not a very long scene. */
const MAX_BEATS_PER_PASSAGE = 1000;

/**
 * Runs one compiled dream for any number of channels. The compiled inkjs `Story` is shared: each call loads the
 * channel's state into it, runs, and saves it back out, all synchronously, so calls never interleave.
 */
export class StoryRunner {
	private readonly log: Logger | undefined;

	constructor(
		readonly compiled: CompiledStory,
		options: RunnerOptions = {},
	) {
		this.log = options.log;
	}

	/**
	 * The opening of the dream, up to its first branch point (or its end). ink draws a seed for its shuffles (`{~…}`)
	 * at each start, one of a hundred; `seed` picks it, so a telling can be told again word for word (tests, replays).
	 */
	start(options: { seed?: number } = {}): RunResult {
		const { story } = this.compiled;
		story.ResetState();
		if (options.seed !== undefined) story.state.storySeed = options.seed;
		return this.runToBranch(true);
	}

	/** The choices open at a save, without moving on: used to check a save still fits the story. */
	inspect(save: StorySave): RunResult {
		const loaded = this.load(save);
		if (loaded) return loaded;
		const passage = this.passage([]);
		return { kind: 'ok', passage };
	}

	/** Applies choice `index` at the branch point of `save` and runs to the next branch point or the end. */
	choose(save: StorySave, index: number): RunResult {
		const loaded = this.load(save);
		if (loaded) return loaded;
		const { story } = this.compiled;
		const available = story.currentChoices.length;
		const choice = Number.isInteger(index) ? story.currentChoices[index] : undefined;
		// A choice shown greyed out (`# UNCLICKABLE`) is never taken, as in Inky's player.
		if (!choice || choiceOption(choice).unclickable) return { kind: 'invalid-choice', index, available };
		try {
			story.ChooseChoiceIndex(index);
		} catch (error) {
			return this.changedOr(save, error);
		}
		const result = this.runToBranch(false);
		if (result.kind === 'story-error' && save.contentHash !== this.compiled.contentHash)
			return { kind: 'story-changed', storyId: save.storyId, detail: result.detail };
		return result;
	}

	/** Loads `save` into the shared story; returns a failure, or `null` when the story now stands at the save. */
	private load(save: StorySave): RunFailure | null {
		if (save.format !== SAVE_FORMAT_VERSION)
			return {
				kind: 'bad-save',
				detail:
					save.format > SAVE_FORMAT_VERSION
						? `save format ${save.format} is newer than this Reverie reads (${SAVE_FORMAT_VERSION})`
						: `save format ${save.format} is no longer read`,
			};
		if (save.storyId !== this.compiled.id)
			return { kind: 'bad-save', detail: `the save is of "${save.storyId}", not "${this.compiled.id}"` };
		const { story } = this.compiled;
		try {
			// LoadJson replaces the whole state (flows, variables, visit counts, turn, seed): no reset is needed first.
			story.state.LoadJson(save.ink);
		} catch (error) {
			return this.changedOr(save, error);
		}
		if (save.contentHash !== this.compiled.contentHash) {
			// Edited story: the save can resume only if every open choice still leads somewhere that exists.
			for (const choice of story.currentChoices) {
				const target = choice.targetPath;
				if (!target || story.ContentAtPath(target).approximate || !story.ContentAtPath(target).obj)
					return {
						kind: 'story-changed',
						storyId: save.storyId,
						detail: `choice "${choice.text}" no longer leads anywhere`,
					};
			}
		}
		return null;
	}

	private changedOr(save: StorySave, error: unknown): RunFailure {
		const detail = error instanceof Error ? error.message : String(error);
		if (save.contentHash !== this.compiled.contentHash) return { kind: 'story-changed', storyId: save.storyId, detail };
		return { kind: 'bad-save', detail };
	}

	private runToBranch(atStart: boolean): RunResult {
		const told = tellToBranch(this.compiled.story, path.basename(this.compiled.file), atStart, (m) => this.warn(m));
		if (told.kind !== 'ok') return told;
		return { kind: 'ok', passage: this.passage(told.beats, told.faded) };
	}

	private warn(message: string) {
		const { file, line, message: warning } = parseInkMessage(message, path.basename(this.compiled.file), 'warning');
		this.log?.warn({ storyId: this.compiled.id, file, line }, `ink runtime warning: ${warning}`);
	}

	private passage(beats: Beat[], faded?: StoryEnd): Passage {
		const { story } = this.compiled;
		const choices = story.currentChoices.map(choiceOption);
		const ended = choices.length === 0 && !story.canContinue;
		return {
			beats,
			choices,
			ended,
			...(ended ? { end: faded ?? WRITTEN } : {}),
			save: {
				format: SAVE_FORMAT_VERSION,
				storyId: this.compiled.id,
				contentHash: this.compiled.contentHash,
				ink: story.state.toJson(),
			},
		};
	}
}

/** A choice as the runner hands it on: its index, its text, and whether it may be taken. */
export function choiceOption(choice: { index: number; text: string; tags: string[] | null }): ChoiceOption {
	const option: ChoiceOption = { index: choice.index, text: choice.text.trim() };
	if ((choice.tags ?? []).some((raw) => parseTag(raw).key === UNCLICKABLE)) option.unclickable = true;
	return option;
}

/** The name of an ending without an `# ending:` tag (and not faded). */
export const UNTITLED = 'untitled ending';

/**
 * The name of the ending a passage closes the dream on: its last `# ending:` tag; or, without one, the faded ending
 * when its content ran out, or the untitled one.
 */
export function endingNameOf(passage: Pick<Passage, 'beats' | 'end'>): string {
	const named = passage.beats.findLast((b) => b.ending)?.ending;
	if (named !== undefined) return named;
	return passage.end?.kind === 'faded' ? FADED_ENDING : UNTITLED;
}

const WRITTEN: StoryEnd = { kind: 'written' };

/** ink's words when a path runs out of content with no `-> END` or `-> DONE` (not inside a tunnel or function). */
export const RAN_OUT = /ran out of content/;

/**
 * The name a faded ending ({@link StoryEnd}) goes by wherever endings are counted and named: the shape, the scene
 * graph (so the map draws it), the checker's endings, and the endings a server finds. One for every place a story
 * fades, as Inky shows them all alike (it stops). Readable, as `shape.ts`'s untitled ending is, since the map draws
 * it; an author's `# ending:` of the same words counts as the same ending.
 */
export const FADED_ENDING = 'the dream fades here';

/** What {@link tellToBranch} told: the beats, and whether the dream faded at their end. */
export type Told = { kind: 'ok'; beats: Beat[]; faded?: StoryEnd } | { kind: 'story-error'; detail: string };

/**
 * Continues `story` from where it stands to its next branch point or its end, reading each line into beats. Shared
 * by the runner (which saves the state after) and the sampler (which plays on the live story). A path that runs out
 * of content ends here, faded, with the beats told up to it; any other runtime error is a story error. `file` names
 * the story in a faded ending's place; `warn` takes ink's runtime warnings (the dream goes on after one, as in ink).
 */
export function tellToBranch(story: Story, file: string, atStart: boolean, warn: (message: string) => void): Told {
	const beats: Beat[] = [];
	let carried: string[] = [];
	let first = atStart;
	const errors: string[] = [];
	let faded: StoryEnd | undefined;
	// Without a handler inkjs throws on a warning too; ink itself prints warnings and carries on, and so do we.
	story.onError = (message, type) => {
		if (type === INK_ERROR_TYPE.warning) warn(message);
		else if (RAN_OUT.test(message) && !faded) {
			const { line } = parseInkMessage(message, file, 'warning');
			faded = { kind: 'faded', file, ...(line !== undefined ? { line } : {}) };
		} else errors.push(message);
	};
	try {
		while (story.canContinue) {
			const text = (story.Continue() ?? '').trim();
			if (errors.length > 0) return { kind: 'story-error', detail: errors.join('; ') };
			// ink hands the global tags back with the first line of the story; they are not the beat's.
			const tags = [...carried, ...(story.currentTags ?? []).filter((t) => !(first && isGlobalTag(parseTag(t).key)))];
			first = false;
			if (text === '') {
				// A line of only tags: its tags belong to the next beat (or the last one, at the end).
				carried = tags;
				continue;
			}
			carried = [];
			beats.push(...toBeats(text, tags));
			if (beats.length > MAX_BEATS_PER_PASSAGE)
				return { kind: 'story-error', detail: `more than ${MAX_BEATS_PER_PASSAGE} beats without a choice` };
		}
	} catch (error) {
		return { kind: 'story-error', detail: error instanceof Error ? error.message : String(error) };
	} finally {
		story.onError = null;
	}
	const last = beats.at(-1);
	if (carried.length > 0 && last) beats[beats.length - 1] = { ...toBeat(last.text, carried), ...last };
	// Ink says it ran out only where no choice waits; a choice still open means the dream goes on.
	if (faded && story.currentChoices.length === 0) return { kind: 'ok', beats, faded };
	return { kind: 'ok', beats };
}

/**
 * A paragraph as beats: one, or several when it is longer than a beat holds (split where sentences end). The scene,
 * the chapter, the picture and the sound open the first piece; the pause and the ending close the last, since they
 * come after the paragraph; every piece keeps the speaker.
 */
export function toBeats(text: string, tags: readonly string[]): Beat[] {
	const whole = toBeat(text, tags);
	const pieces = splitParagraph(whole.text);
	if (pieces.length === 1) return [whole];
	const { pause, ending, text: _, ...opening } = whole;
	return pieces.map((piece, i) => {
		const beat: Beat = i === 0 ? { ...opening, text: piece } : { text: piece };
		if (i > 0 && whole.speaker !== undefined) beat.speaker = whole.speaker;
		if (i === pieces.length - 1) {
			if (pause !== undefined) beat.pause = pause;
			if (ending !== undefined) beat.ending = ending;
		}
		return beat;
	});
}

/** Reads a beat's tags; unknown or malformed ones are ignored here (the checker reports them). */
export function toBeat(text: string, tags: readonly string[]): Beat {
	let speaker: string | undefined;
	const beat: Beat = { text };
	for (const raw of tags) {
		const { key, value } = parseTag(raw);
		if (key === 'scene' && value) beat.scene = value;
		else if (key === 'ending' && value) beat.ending = value;
		else if (key === 'pause') {
			const seconds = parsePause(value);
			if (seconds !== null) beat.pause = seconds;
		} else if (key === 'speaker' && value) speaker = value;
		else if (key === 'clear') beat.chapter = true;
		else if (key === 'image') {
			const picture = parsePicture(value);
			if (picture) beat.image = picture;
		} else if (key === 'audio' && value) beat.audio = value;
	}
	if (text === '') return beat;
	const said = splitSpeaker(text, speaker);
	beat.text = said.text;
	if (said.speaker !== undefined) beat.speaker = said.speaker;
	return beat;
}
