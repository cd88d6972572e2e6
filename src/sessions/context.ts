import { type Catalogue, type StoryMeta, type StoryTeller, storyMeta, type TellableStory } from '../engine/index.js';
import type { Logger } from '../log.js';
import { DiscoveryStore } from '../store/discoveries.js';
import type { ChannelRecord, GuildSettings, StopReason, VoteRecord } from '../store/records.js';
import type { ChannelRead, ChannelTurn, Store } from '../store/store.js';
import { BackgroundWork } from './background.js';
import { ActiveChannels, nextRetryMs } from './channel-memory.js';
import { type StoryChecker, StoryLibrary } from './library.js';
import { StoryPictures } from './pictures.js';
import {
	ChannelGoneError,
	type ChannelOutput,
	type MapPainting,
	type NoticeView,
	type ServerEvents,
	type VoteView,
} from './ports.js';
import { GuildSettingsCache } from './settings.js';
import { endOutside } from './transitions.js';
import { tally } from './votes.js';

export interface SessionsOptions {
	store: Store;
	/** The built-in dreams. */
	catalogue: Catalogue;
	/** Runs the dreams' turns (in production, a pool of processes: this thread runs no story). */
	teller: StoryTeller;
	/** Checks the stories servers add and explores dreams for their maps; without one, `/dream add` is refused. */
	checker?: StoryChecker;
	/** Draws the map of the night; without one, recaps go without it. */
	painter?: MapPainting;
	output: ChannelOutput;
	log: Logger;
	/** Settings for a server that has set none. */
	defaults: GuildSettings;
	/**
	 * A fixed pause after every beat, in ms, replacing the reading-time rule; `0` tells the dream without any pause
	 * (nor `# pause:`), for tests. `null` for the reading-time rule.
	 */
	beatDelayMs: number | null;
	/** Told of every dream that ends, by its story or outside it (a story night's event ends with it). */
	ended?: (record: ChannelRecord) => void;
	/** The server's scheduled events and threads, for story nights; without them, nights cannot be planned. */
	events?: ServerEvents;
	/** How soon a story night may be planned to begin, in ms, instead of a minute: for tests only. */
	nightLeadMs?: number;
	/** The vote window in ms instead of the server's seconds: for tests only. */
	voteMsOverride?: number;
	now?: () => number;
}

/** A read that found the channel's record stored but unreadable: only {@link SessionContext.resetUnreadable} takes it. */
export type UnreadableRecord = Extract<ChannelRead, { kind: 'corrupt' }>;

/**
 * The record a read found, or null for none. An unreadable one is not taken here (the type refuses it): it is reset
 * first ({@link SessionContext.resetUnreadable}), and the caller decides where.
 */
export function recordIn(found: Exclude<ChannelRead, UnreadableRecord>): ChannelRecord | null {
	return found.kind === 'ok' ? found.record : null;
}

/** For {@link Store.withChannel}: a member waits for this turn (a click, a command), so its store work goes first. */
export const URGENT = { urgent: true } as const;

/**
 * What every part of the sessions shares: the store, the story catalogue, the channel output, the clock, the
 * channels at work in this process and the background work; and the few steps they all take (read a record, reset an
 * unreadable one, change a record under its lock, post without failing the caller, try again later).
 */
export class SessionContext {
	readonly store: Store;
	readonly library: StoryLibrary;
	readonly teller: StoryTeller;
	readonly output: ChannelOutput;
	readonly log: Logger;
	readonly now: () => number;
	readonly channels = new ActiveChannels();
	readonly work: BackgroundWork;
	readonly settings: GuildSettingsCache;
	/** What each server has found of each dream: endings and scenes. */
	readonly found: DiscoveryStore;
	/** The pictures beats show, from their stories' zips. */
	readonly pictures: StoryPictures;

	constructor(readonly options: SessionsOptions) {
		this.store = options.store;
		this.library = new StoryLibrary(options.catalogue, options.store, options.checker ?? null, options.log);
		this.teller = options.teller;
		this.output = options.output;
		this.log = options.log;
		this.now = options.now ?? Date.now;
		this.work = new BackgroundWork(options.log, this.now);
		this.settings = new GuildSettingsCache(options.store, options.defaults);
		this.found = new DiscoveryStore(options.store);
		this.pictures = new StoryPictures((guildId, storyId) => this.library.pictures(guildId, storyId));
	}

	get stopping(): boolean {
		return this.work.stopping;
	}

	/** The dream a record is of, as its server plays it; undefined when the server no longer has it. */
	storyOf(record: { guildId: string; storyId: string }): Promise<TellableStory | undefined> {
		return this.library.find(record.guildId, record.storyId);
	}

	/** The vote window for a server, in ms. */
	async voteMs(guildId: string): Promise<number> {
		return this.options.voteMsOverride ?? (await this.settings.get(guildId)).voteSeconds * 1000;
	}

	/**
	 * Reads the channel's record in a turn of its lock, and only reads it: an unreadable record is found `corrupt`, and
	 * what follows from that is the caller's (see {@link resetUnreadable}).
	 */
	readChannel(channelId: string, options: { urgent?: boolean } = {}): Promise<ChannelRead> {
		return this.store.withChannel(channelId, (turn) => turn.read(), options);
	}

	/**
	 * The step taken for a record found unreadable, in the turn that read it: it is logged, deleted, the channel's timers
	 * stopped and the channel told, so that one bad record costs that channel its dream and nothing else. Resolves to
	 * null, the record the channel has now.
	 */
	async resetUnreadable(turn: ChannelTurn, found: UnreadableRecord): Promise<null> {
		const { channelId } = turn;
		this.log.error({ channelId, reason: found.reason }, 'unreadable channel record: resetting the channel');
		await turn.delete();
		this.channels.forget(channelId);
		this.work.spawn(this.notify(channelId, { story: null, storyId: null, notice: { kind: 'unreadable' } }));
		return null;
	}

	/**
	 * {@link resetUnreadable} for a record found unreadable by a read in a turn of its own ({@link readChannel}): in a
	 * new turn the record is read again, and reset if it is still unreadable. Resolves to the record the channel has now
	 * (null, or one written meanwhile).
	 */
	resetUnreadableChannel(channelId: string, options: { urgent?: boolean } = {}): Promise<ChannelRecord | null> {
		return this.store.withChannel(
			channelId,
			async (turn) => {
				const found = await turn.read();
				return found.kind === 'corrupt' ? this.resetUnreadable(turn, found) : recordIn(found);
			},
			options,
		);
	}

	/**
	 * Read-modify-write of the dream `sessionId`'s record under the channel's lock. `change` returns the next record,
	 * or null to leave it alone. Returns the written record, or null when nothing was written (gone, another dream).
	 */
	update(
		channelId: string,
		sessionId: string,
		change: (record: ChannelRecord) => ChannelRecord | null,
	): Promise<ChannelRecord | null> {
		return this.store.withChannel(channelId, async (turn) => {
			const found = await turn.read();
			const record = found.kind === 'corrupt' ? await this.resetUnreadable(turn, found) : recordIn(found);
			const next = record && record.sessionId === sessionId ? change(record) : null;
			if (!next) return null;
			const written = { ...next, updatedAt: this.now() };
			await turn.write(written);
			return written;
		});
	}

	/** Runs a post or edit that may fail without failing the caller: a gone channel ends the dream, the rest is logged. */
	async tryOutput(channelId: string, post: () => Promise<unknown>): Promise<boolean> {
		try {
			await post();
			return true;
		} catch (error) {
			if (error instanceof ChannelGoneError) await this.channelGone(channelId, error.message);
			else this.log.warn({ err: error, channelId }, 'could not update the channel');
			return false;
		}
	}

	/** Tells the channel something outside the story, if it can. */
	notify(channelId: string, notice: NoticeView): Promise<boolean> {
		return this.tryOutput(channelId, () => this.output.postNotice(channelId, notice));
	}

	/**
	 * The channel or a message of the dream is gone (`detail` says how, for the log): the dream ends (and can be
	 * started again), with `reason` as its stop reason.
	 */
	async channelGone(
		channelId: string,
		detail: string,
		reason: StopReason = { kind: 'channel-gone', detail },
	): Promise<void> {
		const ended = await this.store.withChannel(channelId, async (turn) => {
			const found = await turn.read();
			const record = found.kind === 'corrupt' ? await this.resetUnreadable(turn, found) : recordIn(found);
			const ended = record && endOutside(record, reason, this.now());
			if (ended) await turn.write(ended);
			return ended;
		});
		this.channels.forget(channelId);
		this.log.warn({ channelId, reason: detail }, 'channel gone: dream ended');
		if (!ended) return;
		this.options.ended?.(ended);
		// A dream in a thread that is gone or locked is told where the thread was opened from.
		if (ended.parentId) {
			const story = await this.storyOf(ended).catch(() => undefined);
			await this.notify(ended.parentId, {
				story: story ? meta(story.meta) : null,
				storyId: ended.storyId,
				notice: { kind: 'thread-ended', threadId: channelId, reason },
			});
		}
	}

	/**
	 * A failure to post or to reach the store: `again` runs after a pause that grows with each failure in a row (see
	 * {@link nextRetryMs}), on the channel's `timer`. A gone channel ends the dream instead.
	 */
	async failed(
		channelId: string,
		error: unknown,
		retry: { timer: 'voteTimer' | 'retryTimer'; what: string; again: () => Promise<void> },
	): Promise<void> {
		if (error instanceof ChannelGoneError) return this.channelGone(channelId, error.message);
		const activity = this.channels.of(channelId);
		const retryInMs = nextRetryMs(activity);
		this.log.warn({ err: error, channelId, retryInMs }, `${retry.what}; will retry`);
		if (this.stopping) return;
		clearTimeout(activity[retry.timer]);
		activity[retry.timer] = setTimeout(() => {
			activity[retry.timer] = undefined;
			this.work.spawn(retry.again());
		}, retryInMs);
	}

	voteView(record: ChannelRecord, vote: VoteRecord, story: StoryMeta): VoteView {
		// A sealed vote's tallies never leave the core while it is open, so no view of it can show them by mistake.
		const sealed = record.voting.mode === 'sealed' && !vote.closed;
		const counts = sealed ? new Array<number>(vote.choices.length).fill(0) : tally(vote.ballots, vote.choices.length);
		return {
			story: meta(story),
			sessionId: record.sessionId,
			channelId: record.channelId,
			round: vote.round,
			choices: vote.choices.map((c, i) => ({
				index: i,
				text: c.text,
				votes: counts[i] ?? 0,
				...(c.unclickable ? { unclickable: true as const } : {}),
			})),
			deadline: vote.deadline,
			state: vote.closed ? 'closed' : vote.deadline === null ? 'waiting' : 'open',
			winner: vote.winner,
			closedBy: vote.closedBy,
			ballots: Object.keys(vote.ballots).length,
			voting: record.voting,
			sealed,
		};
	}
}

/** A story's description without its compiled parts, for the views handed to the output. */
export function meta(story: StoryMeta): StoryMeta {
	return storyMeta(story);
}
