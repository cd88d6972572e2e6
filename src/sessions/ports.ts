import type { Beat, SceneGraph, StoryMeta } from '../engine/index.js';
import type { MapView } from '../map/index.js';
import type { ClosedBy, HistoryEntry, StopReason, VotingRules } from '../store/records.js';

/**
 * What a channel's dream needs from the chat it is told in. The Discord adapter implements it; the sessions
 * know nothing of messages, embeds or buttons beyond this.
 */
export interface ChannelOutput {
	/**
	 * Posts a beat. `nonce` is the same each time this beat is tried, so a retry after a crash cannot post it twice.
	 * Resolves to the message's id.
	 */
	postBeat(channelId: string, beat: BeatView, nonce: string): Promise<string>;
	postVote(channelId: string, vote: VoteView, nonce: string): Promise<string>;
	editVote(channelId: string, messageId: string, vote: VoteView): Promise<void>;
	postEnding(channelId: string, ending: EndingView, nonce: string): Promise<string>;
	/** A short message from Reverie itself (a reset, a story that changed, an unreadable record). */
	postNotice(channelId: string, notice: NoticeView): Promise<void>;
	/** Shows that the next beat is coming. Best effort. */
	typing(channelId: string): Promise<void>;
}

/** Draws the map of the night, away from the thread that answers clicks (`MapPainter` in src/map). */
export interface MapPainting {
	paint(graph: SceneGraph, view: MapView): Promise<Buffer>;
}

/** Thrown by a {@link ChannelOutput} when the channel or the message is gone or no longer visible to the bot. */
export class ChannelGoneError extends Error {
	constructor(
		readonly channelId: string,
		reason: string,
	) {
		super(reason);
	}
}

export interface BeatView {
	story: StoryMeta;
	beat: Beat;
	/** The scene the beat is told in, for a chapter (`beat.chapter`) that starts without a heading of its own. */
	scene?: string | null;
	/** The beat's picture as it can be sent (see `pictures.ts`); absent when it has none or it is left out. */
	picture?: PictureView;
	/** The speaker's portrait (their `# voice:`), as it can be sent; absent when they have none or it is left out. */
	portrait?: PictureView;
}

/** A picture as it is sent: an address Discord fetches, or a file sent with the message. */
export type PictureView = ({ kind: 'url'; url: string } | { kind: 'file'; name: string; bytes: Buffer }) & {
	/** What it shows, in words, for members who cannot see it. */
	alt?: string;
};

export interface VoteChoiceView {
	index: number;
	text: string;
	/** Its ballots; 0 for every choice while a sealed vote is open (see {@link VoteView.sealed}). */
	votes: number;
	/** Shown greyed out, never to be taken (`# UNCLICKABLE`). */
	unclickable?: true;
}

export interface VoteView {
	story: StoryMeta;
	sessionId: string;
	channelId: string;
	round: number;
	choices: VoteChoiceView[];
	/** Unix ms when it closes; `null` while it waits for its first ballot. */
	deadline: number | null;
	state: 'open' | 'waiting' | 'closed';
	/** The winner's index once closed. */
	winner: number | null;
	closedBy: ClosedBy | null;
	ballots: number;
	/** How the group decides (a narrator's ballot is a decision, the others' advice). */
	voting: VotingRules;
	/** A sealed vote still open: how many have voted shows, not for what. */
	sealed: boolean;
}

/**
 * How many endings a dream has: all of them (`samplePlays` null), or, for a story too large to explore whole, those
 * that many seeded sample plays saw.
 */
export interface EndingTotal {
	endings: number;
	samplePlays: number | null;
}

/** What a server has found of a dream, told with its recap and in `/dream list` and `/dream status`. */
export interface EndingsFound {
	/** The dream's endings this server has reached. */
	count: number;
	/** How many endings the dream has, from the engine's exploration or its sample plays; null while not known. */
	total: EndingTotal | null;
	/** This play's ending is one the server had not reached before. */
	newEnding: boolean;
}

export interface EndingView {
	story: StoryMeta;
	/** What the server has found of the dream, this play's ending included. */
	found: EndingsFound;
	/** The map of the night as a PNG; null when there is none to show. */
	map: Buffer | null;
	/** The ending's name from its `# ending:` tag, when it has one. */
	ending: string | null;
	history: HistoryEntry[];
	dreamers: number;
	beatsTold: number;
}

/** Something Reverie itself tells a channel, outside the story; the adapter chooses the words. */
export type Notice =
	/** A moderator reset the channel's dream. */
	| { kind: 'reset'; userId: string }
	/** The dream's story changed under it (or is gone) and it cannot go on from where it is. */
	| { kind: 'story-changed' }
	/** The story failed while being told (an error in it, or a turn past the sandbox's limits): `detail` says how. */
	| { kind: 'story-broke'; detail: string }
	/** A moderator removed the server's dream this channel was in. */
	| { kind: 'story-removed'; userId: string }
	/** The channel's record could not be read back, so the channel was reset. */
	| { kind: 'unreadable' }
	/** Told in the channel a thread was opened from: the dream in thread `threadId` ended outside its story. */
	| { kind: 'thread-ended'; threadId: string; reason: StopReason }
	/** A story night planned for this channel could not begin at its time. */
	| { kind: 'night-failed'; why: 'story-gone' | 'running' | 'no-thread' | 'no-start' };

export interface NoticeView {
	/** The dream the notice is about, when it is known. */
	story: StoryMeta | null;
	/** The story's id, when the story itself is no longer known. */
	storyId: string | null;
	notice: Notice;
}

/**
 * What a story night needs of the chat beside its channel: the server's scheduled event (so members get the chat's own
 * reminders and can say they will come), a thread of its own, and its announcement. The Discord adapter implements it.
 * Every call may fail (a missing permission, the chat down); the planner says what came of it.
 */
export interface ServerEvents {
	/** Creates the server's event for a night; resolves to its id. */
	create(event: NightEventView): Promise<string>;
	/** Marks the event begun, when its dream starts. */
	begin(guildId: string, eventId: string): Promise<void>;
	/** Marks it over, when its dream ends. */
	end(guildId: string, eventId: string): Promise<void>;
	/** Cancels it: the night will not happen. */
	cancel(guildId: string, eventId: string): Promise<void>;
	/** The members who said they are interested. */
	interested(guildId: string, eventId: string): Promise<string[]>;
	/** Opens a public thread for a dream in `channelId`; resolves to its id. */
	openThread(channelId: string, name: string): Promise<string>;
	/** Announces a night's dream in its channel (or thread): the dream, who began it, who said they would come. */
	announce(channelId: string, view: NightStartView): Promise<void>;
}

/** A night as its event shows it. */
export interface NightEventView {
	guildId: string;
	channelId: string;
	story: StoryMeta;
	/** Unix ms. */
	at: number;
	weekly: boolean;
	thread: boolean;
}

export interface NightStartView {
	story: StoryMeta;
	/** Who planned it. */
	plannedBy: string;
	interested: string[];
	/** For a dream told in a thread, announced in the channel it was opened from. */
	threadId: string | null;
}
