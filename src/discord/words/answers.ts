/**
 * What Reverie answers a member, privately: to a command (where a dream is, the server's settings, the dreams it can
 * play, a start that did not happen, a reset, a skip, the map) and to a click on a button.
 */
import type { SkipOutcome, StaleReason } from '../../sessions/outcomes.js';
import type { Pace, Phase, StopReason, VoteMode } from '../../store/records.js';
import { plural, quoted } from './forms.js';
import { stopReasonText } from './notices.js';

/** Said when a member asks about a channel's dream and there is none. */
const NO_DREAM = 'No dream is running in this channel. `/dream start` begins one.';

/** `/dream status`: an embed of fields under the dream's title. */
export const statusWords = {
	none: NO_DREAM,
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
	/** `paces`: the names of those there are. */
	notAPace: (pace: string, paces: readonly string[]) => `“${pace}” is not a pace: choose ${paces.join(', ')}.`,
	saved: 'Saved. New votes use these settings.',
	voteMode: 'Vote mode',
	modeName: { open: 'open', sealed: 'sealed', narrator: 'narrator' } satisfies Record<VoteMode, string>,
	/** Each mode as its help says it, with its ties and no-ballot rules. */
	modeHelp: {
		open: 'Open: everyone sees the tallies as votes come in. The most votes win; a tie goes to the choice listed first; with no votes the dream waits for the first.',
		sealed:
			'Sealed: the vote shows how many have voted, not for what, until it closes. The most votes win; a tie goes to the choice listed first; with no votes the dream waits for the first.',
		narrator:
			'Narrator: one member (the one who began the dream, or the one named) decides, and their pick closes the vote at once; everyone else’s votes are advice they can see. If the narrator has not chosen when the time runs out, the most votes decide (a tie to the choice listed first); with no votes at all the dream waits.',
	} satisfies Record<VoteMode, string>,
	quickClose: 'Quick close',
	quickCloseHelp:
		'A vote closes as soon as the dreamers who have not voted yet could not change the result (the first vote of a dream always runs its time). In narrator mode the narrator’s pick already closes it.',
	onOff: (on: boolean) => (on ? 'on' : 'off'),
	threads: 'Dreams in threads',
	timeZone: 'Time zone',
	notAZone: (zone: string) =>
		`“${zone}” is not a time zone I know. Try a name such as \`Europe/Paris\` or \`America/New_York\`.`,
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

/** What any command or button may answer. */
export const generalWords = {
	notAModerator:
		'Only moderators can do that: Manage Messages or Manage Server, or the moderator role set in `/dream settings`.',
	wentWrong: 'Something went wrong on my side. Please try again in a moment.',
	directMessage: 'Dreams are told in server channels, not in direct messages.',
	noSuchCommand: (name: string) => `Reverie has no /${name} command.`,
	noSuchSubcommand: 'That subcommand is not one Reverie knows. Try `/dream start`.',
	/** The permissions Reverie needs in a channel, named as Discord names them. */
	permission: {
		viewChannel: 'View Channel',
		sendMessages: 'Send Messages',
		embedLinks: 'Embed Links',
		createPublicThreads: 'Create Public Threads',
		sendMessagesInThreads: 'Send Messages in Threads',
		manageEvents: 'Manage Events',
	},
};

/** `/dream start`, when no dream begins (one that begins is announced to everyone: `startWords`). */
export const startAnswers = {
	missingPermissions: (names: readonly string[]) =>
		`I can't tell a dream here: I'm missing the **${names.join('**, **')}** permission${names.length > 1 ? 's' : ''} in this channel. Nothing was started.`,
	/** `story`: the running dream, when its server still has it. */
	running: (story: { title: string } | null) =>
		`A dream is already running here${story ? ` (“${story.title}”)` : ''}. See \`/dream status\`.`,
	stuck: 'A dream is stopped in this channel and cannot go on. A moderator can `/dream reset` it first.',
	missingThreadPermissions: (names: readonly string[]) =>
		`I can't open a thread for the dream here: I'm missing the **${names.join('**, **')}** permission${names.length > 1 ? 's' : ''} in this channel. Nothing was started; \`/dream start thread:False\` tells it in the channel itself.`,
	threadFailed: 'I could not open a thread for the dream here. Nothing was started.',
	/** Said in the channel a dream's thread was opened from. */
	inThread: (userId: string, title: string, threadId: string) =>
		`<@${userId}> began **${title}** in <#${threadId}>. Join the thread to dream together.`,
	narratorWithoutMode: 'A narrator decides only in the narrator mode: leave `mode` out, or choose `narrator`.',
	unknownStory: (storyId: string, available: readonly { id: string; title: string }[]) =>
		`There is no dream called “${storyId}”. The dreams are: ${available.map((s) => `\`${s.id}\` (${s.title})`).join(', ')}.`,
	noStories: 'Reverie has no dreams to tell: story/ has none that compile.',
	broken: (title: string, failure: StopReason) =>
		`“${title}” could not begin: ${stopReasonText(failure)}. Nothing was started.`,
};

/** `/dream reset`, its confirmation and its buttons. */
export const resetWords = {
	nothing: 'There is no dream running in this channel to reset.',
	confirm: (title: string) =>
		`Reset “${title}” in this channel? Its progress and the open vote are cleared for everyone.`,
	yes: 'Reset the dream',
	no: 'Keep it',
	kept: 'Left as it is.',
	done: 'The dream was reset.',
	stale: 'That dream had already given way to another; nothing was reset.',
	gone: 'There was no dream left to reset.',
};

/** `/dream skip`. */
export const skipWords = {
	closed: (choice: string, ballots: number) =>
		ballots === 0
			? `Vote closed with no ballots: the first choice, “${quoted(choice)}”, goes ahead.`
			: `Vote closed: “${quoted(choice)}” goes ahead.`,
	cutPause: 'On to the next beat.',
	nothing: {
		'no-dream': 'No dream is running in this channel.',
		ended: 'This channel’s dream has ended.',
		stuck: 'This channel’s dream is stopped; `/dream reset` clears it.',
		busy: 'Nothing to skip right now: the next beat is on its way.',
	} satisfies Record<Extract<SkipOutcome, { kind: 'nothing' }>['reason'], string>,
};

/** A click on a vote's button: the member's own confirmation, or why it changed nothing. */
export const ballotWords = {
	counted: (choice: string, previous: string | null) =>
		previous
			? `Changed: your vote is now for “${quoted(choice)}” (was “${quoted(previous)}”).`
			: `Counted: your vote is for “${quoted(choice)}”. You can change it until the vote closes.`,
	unchanged: (choice: string) => `Your vote is already for “${quoted(choice)}”.`,
	/** In a narrator's dream, the ballot of anyone else. */
	advice: (choice: string, previous: string | null) =>
		previous
			? `Changed: your advice to the narrator is now “${quoted(choice)}” (was “${quoted(previous)}”).`
			: `Counted as advice to the narrator: “${quoted(choice)}”. If the narrator has not chosen when the time runs out, the most votes decide.`,
	decided: (choice: string) => `You chose, as the narrator: “${quoted(choice)}”. The dream goes on.`,
	wentOn: (choice: string) => `The dream goes on: “${quoted(choice)}”.`,
	unavailable: 'I could not record your vote just now. Please try again in a moment.',
	stale: {
		'no-dream': 'This dream is no longer running here (it was reset or it ended). `/dream start` begins a new one.',
		'other-dream': 'That vote belongs to an earlier dream in this channel. Vote on the newest one.',
		ended: 'This dream has ended. `/dream start` begins another.',
		stuck: 'This dream is stopped and cannot go on. A moderator can `/dream reset` it.',
		'old-round': 'That vote is already over. Vote on the newest one.',
		closed: 'That vote is closed.',
		unclickable: 'That choice is shown but cannot be taken: vote for another.',
		'other-channel': 'That button belongs to a dream in another channel: it changes nothing here.',
		'unknown-button': 'That button is from an older version of Reverie and no longer does anything.',
	} satisfies Record<StaleReason | 'other-channel' | 'unknown-button', string>,
};

/** `/dream map`. */
export const mapWords = {
	none: NO_DREAM,
	unavailable: "The map of this channel's dream cannot be drawn right now. Try again in a moment.",
	title: (title: string) => `The map so far: ${title}`,
	description: 'Scenes and endings this server has not seen yet are left blank.',
};
