/**
 * What Reverie answers a member, privately, about a channel's dream and a server's: where a dream is, the server's
 * settings, the dreams it can play.
 */
import type { Pace, Phase } from '../../store/records.js';
import { plural } from './forms.js';

/** `/dream status`: an embed of fields under the dream's title. */
export const statusWords = {
	none: 'No dream is running in this channel. `/dream start` begins one.',
	phase: {
		narrating: 'Being told',
		voting: 'Waiting on a vote',
		closing: 'Counting a vote',
		stuck: 'Stopped: it cannot go on',
		ended: 'Ended',
	} satisfies Record<Phase, string>,
	state: 'State',
	scene: 'Scene',
	noScene: '—',
	beatsTold: 'Beats told',
	dreamers: 'Dreamers',
	endingsFound: 'Endings found here',
	started: 'Started',
	/** `when`: a timestamp. */
	startedBy: (userId: string, when: string) => `by <@${userId}> ${when}`,
	/** The open vote's field: `closes` is when, as a timestamp, or null while no one has voted. */
	vote: (round: number, closes: string | null) =>
		`Vote ${round} (${closes === null ? 'waiting for the first vote' : `closes ${closes}`})`,
	tally: (number: number, text: string, votes: number) => `${number}. ${text} — ${plural(votes, 'vote')}`,
	note: 'Note',
	stuck: 'A moderator can /dream reset it.',
};

/** `/dream settings`. */
export const settingsWords = {
	title: "This server's dream settings",
	voteWindow: 'Vote window',
	seconds: (seconds: number) => plural(seconds, 'second'),
	pace: 'Pace',
	paceName: { slow: 'slow', normal: 'normal', fast: 'fast' } satisfies Record<Pace, string>,
	moderatorRole: 'Moderator role',
	noModeratorRole: 'none (Manage Messages or Manage Server)',
};

/** `/dream list`: the built-in dreams, then the server's own. */
export const listWords = {
	title: 'Dreams to play here',
	howTo: '`/dream start story:<id>` begins one in this channel. Moderators add more with `/dream add`.',
	none: 'There are no dreams to play yet.',
	own: (count: number) => `This server's own dreams (${count})`,
	/** A dream as the list and the `story` option name it. */
	name: (title: string, id: string) => `${title} (${id})`,
	noDescription: 'No description.',
	by: (author: string) => `by ${author}`,
	/** Its author and the endings found, on one line. */
	byline: (parts: readonly string[]) => parts.join(' · '),
};
