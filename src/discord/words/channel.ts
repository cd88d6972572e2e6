/**
 * What Reverie posts in a channel for everyone there, besides the story's own words: a dream's start, its votes and
 * its recap. Mentions (`<@id>`) and timestamps (`<t:…:R>`, which every client shows in its own words) come as values.
 */

import { FADED_ENDING } from '../../sessions/sessions.js';
import type { ClosedBy } from '../../store/records.js';
import { plural, quoted } from './forms.js';

/** The message that announces a dream, under its title and description. */
export const startWords = {
	began: (userId: string) =>
		`<@${userId}> began this dream. It comes one beat at a time; when it branches, everyone here votes on what happens next.`,
};

/** Why a vote closed. */
const CLOSED_BY: Record<ClosedBy, string> = {
	deadline: 'the time ran out',
	everyone: 'everyone had voted',
	skip: 'a moderator closed it',
	narrator: 'the narrator chose',
	certain: 'the result was certain',
};

/** What a beat says besides the story's own words. */
export const beatWords = {
	/** A sound the story names, which Discord does not play in a message. */
	sound: (url: string) => `-# A sound goes with this line: ${url} (Discord does not play it here)`,
	/** A picture's alt text, where the story gave none. */
	noAlt: 'A picture from the story',
	/** Above the first beat after a vote, while the vote's own message does not show it closed yet. */
	chosen: (choice: string, votes: number, ballots: number) =>
		`-# The dream chose “${quoted(choice)}” — ${votes} of ${plural(ballots, 'vote')}.`,
};

/** A vote's message: its choices and their votes, then where it stands; a button per choice. */
export const voteWords = {
	title: (closed: boolean) => (closed ? 'The dream chose' : 'What happens next? Vote below.'),
	/** One choice with its votes (none shown while a sealed vote is open: `votes` null); `won`: the closed vote's winner. */
	choice: (choice: { number: number; text: string; votes: number | null; won: boolean }) =>
		`${choice.won ? '✅ ' : ''}**${choice.number}. ${choice.text}**${choice.votes === null ? '' : ` — ${plural(choice.votes, 'vote')}`}`,
	button: (number: number, text: string) => `${number}. ${text}`,
	/** A button for a choice whose text is read in the message, not on the button. */
	numberButton: (number: number) => `${number}`,
	/** `closes`: when, as a timestamp. */
	open: (closes: string, ballots: number) => `Closes ${closes} · ${plural(ballots, 'dreamer')} voted so far.`,
	/** How the group decides, said under an open vote of a mode other than the open one. */
	sealed: 'Sealed vote: how many have voted shows, not for what, until it closes.',
	narrator: (narratorId: string) =>
		`<@${narratorId}> is the narrator and decides; everyone else's votes are advice. If the narrator has not chosen when the time runs out, the most votes decide.`,
	quickClose: 'It closes as soon as the votes still to come could not change the result.',
	/** The button that shows a member the story so far, privately. */
	storySoFar: 'Story so far',
	waiting: 'No one has chosen yet. The dream waits for the first vote.',
	closed: (by: ClosedBy, ballots: number) => `Closed: ${CLOSED_BY[by]}. ${plural(ballots, 'dreamer')} voted.`,
	calledOff: 'This vote was called off.',
};

/** A point with one choice: no vote but a "go on" button, which the first click (or, after a pause, nobody's) takes. */
export const goOnWords = {
	title: (gone: boolean) => (gone ? 'The dream went on' : 'The dream goes on'),
	/** `goes`: when, as a timestamp. */
	open: (goes: string) => `It goes on ${goes}, or as soon as someone clicks.`,
	gone: 'It went on.',
	/** The button, when the choice's text does not fit on it. */
	button: 'Go on',
};

/** The recap at a dream's end: the ending, the path the group took, what the server has found. */
export const recapWords = {
	/** A story that ran out of content (no `-> END`) fades, as Inky's player simply stops there. */
	title: (ending: string | null) =>
		ending === FADED_ENDING ? 'The dream fades here' : ending ? `The end: ${ending}` : 'The end',
	/**
	 * One vote on the path: the choice taken, its votes of all cast; `skipped`: a moderator closed it; `goOn`: a point
	 * with one choice, which went on.
	 */
	step: (step: { round: number; choice: string; votes: number; ballots: number; skipped: boolean; goOn?: boolean }) =>
		step.goOn
			? `${step.round}. ${quoted(step.choice)} — went on`
			: `${step.round}. ${quoted(step.choice)} — ${step.votes} of ${plural(step.ballots, 'vote')}${step.skipped ? ' (skipped)' : ''}`,
	path: (steps: readonly string[]) => `**The path you took together**\n${steps.join('\n')}`,
	noVotes: 'No votes were needed.',
	/** `found`: the endings found ({@link endingsFound}). */
	newEnding: (found: string) => `**A new ending for this server.** ${found}`,
	knownEnding: (found: string) => `This server had reached this ending before. ${found}`,
	summary: (dreamers: number, beatsTold: number) =>
		`${plural(dreamers, 'dreamer')} took part · ${plural(beatsTold, 'beat')} told`,
	again: 'Dream again with `/dream start`.',
	/** Said when the map could not be attached. */
	noMap: 'Reverie may not attach files in this channel, so the map of the night is not shown.',
	/** The map's words for members who cannot see it. */
	mapAlt: (title: string) =>
		`The map of the night for ${title}: the scenes passed through, in order, each vote taken and the ending reached.`,
};
