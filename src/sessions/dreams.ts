import { randomBytes } from 'node:crypto';
import {
	beatDelayMs,
	type Catalogue,
	type CompiledStory,
	type RunFailure,
	type StoryMeta,
	StoryRunner,
} from '../engine/index.js';
import type {
	ChannelRecord,
	ClosedBy,
	GuildSettings,
	HistoryEntry,
	Pace,
	Phase,
	VoteRecord,
} from '../store/records.js';
import { RECORD_VERSION } from '../store/records.js';
import type { ChannelTurn, Store } from '../store/store.js';
import { ChannelGoneError, type ChannelOutput, type VoteView } from './ports.js';
import { everyoneVoted, tally, winner, winnerOnSkip } from './votes.js';

/** The logging Reverie does: pino's logger fits. */
export interface Logger {
	debug(object: object, message: string): void;
	info(object: object, message: string): void;
	warn(object: object, message: string): void;
	error(object: object, message: string): void;
}

export interface DreamsOptions {
	store: Store;
	catalogue: Catalogue;
	output: ChannelOutput;
	log: Logger;
	/** Settings for a server that has set none. */
	defaults: GuildSettings;
	/**
	 * A fixed pause after every beat, in ms, replacing the reading-time rule; `0` tells the dream without any pause
	 * (nor `# pause:`), for tests. `null` for the reading-time rule.
	 */
	beatDelayMs: number | null;
	/** The vote window in ms instead of the server's seconds: for tests only. */
	voteMsOverride?: number;
	now?: () => number;
}

/** Pace multipliers for the reading-time rule. */
const PACE_FACTOR: Record<Pace, number> = { slow: 1.5, normal: 1, fast: 0.6 };

/** The longest wait between two tries after a failure to post (Discord or the store being down). */
const MAX_RETRY_MS = 60_000;

/**
 * A tally edit at most this often per vote, so a burst of clicks never meets Discord's rate limit; and this long
 * after the ballot that calls for it, so that one edit shows every ballot of that second, and a short burst of clicks
 * is acknowledged before any edit is sent. The member who voted is answered privately on their own.
 */
export const TALLY_EDIT_INTERVAL_MS = 1000;

/** For {@link Store.withChannel}: a member waits for this turn (a click, a command), so its store work goes first. */
const URGENT = { urgent: true } as const;

/** How many dreams a restart takes up at once (the store's own queue spreads their operations further). */
const RESUME_AT_ONCE = 256;

/** After the store failed to give the tallies, when to try again. */
const TALLY_RETRY_MS = 5000;

export interface StartRequest {
	guildId: string;
	channelId: string;
	/** The dream to start; the catalogue's first when absent. */
	storyId?: string | null;
	userId: string;
	deferTelling?: boolean;
}

export type StartOutcome =
	| { kind: 'started'; story: StoryMeta; sessionId: string }
	| { kind: 'already-running'; story: StoryMeta | null; phase: Phase }
	| { kind: 'unknown-story'; storyId: string; available: StoryMeta[] }
	| { kind: 'no-stories' }
	| { kind: 'story-broken'; story: StoryMeta; detail: string };

/** A member's click on a vote's button: for choice `choice` of round `round` of the dream `sessionId`. */
export interface Ballot {
	channelId: string;
	sessionId: string;
	round: number;
	choice: number;
	userId: string;
}

/** Why a click changed nothing. */
export type StaleReason = 'no-dream' | 'other-dream' | 'ended' | 'stuck' | 'old-round' | 'closed';

export type VoteOutcome =
	| { kind: 'counted'; choice: string; previous: string | null }
	| { kind: 'unchanged'; choice: string }
	| { kind: 'stale'; reason: StaleReason }
	/** The store did not answer: the ballot is not known to be counted, and the member should try again. */
	| { kind: 'unavailable' };

export interface StatusView {
	sessionId: string;
	story: StoryMeta | null;
	storyId: string;
	phase: Phase;
	scene: string | null;
	beatsTold: number;
	round: number;
	vote: VoteView | null;
	dreamers: number;
	startedBy: string;
	startedAt: number;
	note: string | null;
}

export type StatusOutcome = { kind: 'none' } | { kind: 'status'; view: StatusView };
export type ResetOutcome = { kind: 'reset'; story: StoryMeta | null } | { kind: 'none' } | { kind: 'stale' };
export type SkipOutcome =
	| { kind: 'closed-vote'; choice: string; ballots: number }
	| { kind: 'cut-pause' }
	| { kind: 'nothing'; reason: 'no-dream' | 'ended' | 'stuck' | 'busy' };

/** What taking a closed vote's choice came to: nothing to take (not closing), moved on, or stuck. */
type Going = { kind: 'no' } | { kind: 'moved' } | { kind: 'stuck'; record: ChannelRecord };

/** What one channel's dream has in memory besides its record: timers, and the narration loop's pause. */
interface Live {
	voteTimer?: NodeJS.Timeout;
	tallyTimer?: NodeJS.Timeout;
	lastTallyEdit: number;
	narrating: boolean;
	retryTimer?: NodeJS.Timeout;
	retryMs: number;
	/** Ends the current pause between beats early. */
	wake?: () => void;
}

/**
 * Every channel's dream: starting, narrating beat by beat, voting, closing votes, resuming after a restart. Every
 * change to a channel's record goes through the store's per-channel lock; the record is the truth, memory only
 * holds timers. Knows nothing of Discord: it talks to the channel through a {@link ChannelOutput}.
 */
export class Dreams {
	private readonly live = new Map<string, Live>();
	private readonly runners = new Map<string, StoryRunner>();
	private readonly settingsCache = new Map<string, GuildSettings>();
	private readonly inflight = new Set<Promise<unknown>>();
	private closing = false;
	private readonly now: () => number;

	constructor(private readonly options: DreamsOptions) {
		this.now = options.now ?? Date.now;
		for (const story of options.catalogue.stories) this.runners.set(story.id, new StoryRunner(story));
	}

	get catalogue(): Catalogue {
		return this.options.catalogue;
	}

	// ── commands ────────────────────────────────────────────────────────────────────────────────────────────────

	/**
	 * Starts a dream in a channel. The telling begins at once, or, with `deferTelling`, when {@link begin} is called
	 * (so the adapter can announce the dream before its first beat).
	 */
	async start(request: StartRequest): Promise<StartOutcome> {
		return this.track(this.startNow(request));
	}

	/** Begins telling a dream started with `deferTelling`. */
	begin(channelId: string): void {
		this.spawn(this.narrate(channelId));
	}

	private async startNow(request: StartRequest): Promise<StartOutcome> {
		const { stories } = this.options.catalogue;
		if (stories.length === 0) return { kind: 'no-stories' };
		const compiled = request.storyId ? this.options.catalogue.get(request.storyId) : stories[0];
		if (!compiled) return { kind: 'unknown-story', storyId: request.storyId ?? '', available: stories.map(meta) };
		const outcome = await this.options.store.withChannel(
			request.channelId,
			async (turn): Promise<StartOutcome> => {
				const existing = await this.readOrReset(turn);
				if (existing && existing.phase !== 'ended')
					return {
						kind: 'already-running',
						story: this.compiledOf(existing.storyId) ?? null,
						phase: existing.phase,
					};
				const opening = this.runnerOf(compiled).start();
				if (opening.kind !== 'ok') return { kind: 'story-broken', story: meta(compiled), detail: describe(opening) };
				const at = this.now();
				const { passage } = opening;
				const record: ChannelRecord = {
					v: RECORD_VERSION,
					sessionId: randomBytes(6).toString('base64url'),
					guildId: request.guildId,
					channelId: request.channelId,
					storyId: compiled.id,
					contentHash: compiled.contentHash,
					phase: 'narrating',
					save: passage.save,
					beats: passage.beats,
					nextBeat: 0,
					choices: passage.choices,
					ended: passage.ended,
					pendingChoice: null,
					round: 1,
					vote: null,
					lastVoters: [],
					dreamers: [],
					history: [],
					scene: null,
					beatsTold: 0,
					note: null,
					startedBy: request.userId,
					startedAt: at,
					updatedAt: at,
				};
				await turn.write(record);
				return { kind: 'started', story: meta(compiled), sessionId: record.sessionId };
			},
			URGENT,
		);
		if (outcome.kind === 'started' && !request.deferTelling) this.begin(request.channelId);
		return outcome;
	}

	async status(channelId: string): Promise<StatusOutcome> {
		const record = await this.options.store.withChannel(channelId, (turn) => this.readOrReset(turn), URGENT);
		if (!record) return { kind: 'none' };
		const story = this.compiledOf(record.storyId);
		return {
			kind: 'status',
			view: {
				sessionId: record.sessionId,
				story: story ? meta(story) : null,
				storyId: record.storyId,
				phase: record.phase,
				scene: record.scene,
				beatsTold: record.beatsTold,
				round: record.round,
				vote: record.vote && story ? this.voteView(record, record.vote, story) : null,
				dreamers: record.dreamers.length,
				startedBy: record.startedBy,
				startedAt: record.startedAt,
				note: record.note,
			},
		};
	}

	/** Ends and clears the channel's dream. With `sessionId`, only if that dream is still the one running. */
	async reset(channelId: string, userId: string, sessionId?: string): Promise<ResetOutcome> {
		return this.track(this.resetNow(channelId, userId, sessionId));
	}

	private async resetNow(channelId: string, userId: string, sessionId?: string): Promise<ResetOutcome> {
		const removed = await this.options.store.withChannel(
			channelId,
			async (turn) => {
				const record = await this.readOrReset(turn);
				if (!record || record.phase === 'ended') return null;
				if (sessionId && record.sessionId !== sessionId) return 'stale' as const;
				await turn.delete();
				return record;
			},
			URGENT,
		);
		if (removed === null) return { kind: 'none' };
		if (removed === 'stale') return { kind: 'stale' };
		this.forget(channelId);
		const story = this.compiledOf(removed.storyId);
		const vote = removed.vote;
		if (story && vote?.messageId && !vote.closed)
			await this.quietly(channelId, () =>
				this.options.output.editVote(channelId, vote.messageId ?? '', {
					...this.voteView(removed, vote, story),
					state: 'closed',
				}),
			);
		await this.quietly(channelId, () =>
			this.options.output.postNotice(channelId, {
				story: story ? meta(story) : null,
				text: `<@${userId}> reset this channel's dream. \`/dream start\` begins a new one.`,
			}),
		);
		this.options.log.info({ channelId, userId, storyId: removed.storyId }, 'dream reset');
		return { kind: 'reset', story: story ? meta(story) : null };
	}

	/** Closes the open vote now, or cuts the pause before the next beat. */
	async skip(channelId: string): Promise<SkipOutcome> {
		return this.track(this.skipNow(channelId));
	}

	private async skipNow(channelId: string): Promise<SkipOutcome> {
		const record = await this.options.store.withChannel(channelId, (turn) => this.readOrReset(turn), URGENT);
		if (!record) return { kind: 'nothing', reason: 'no-dream' };
		if (record.phase === 'ended') return { kind: 'nothing', reason: 'ended' };
		if (record.phase === 'stuck') return { kind: 'nothing', reason: 'stuck' };
		if (record.phase === 'voting' && record.vote && !record.vote.closed) {
			const closed = await this.closeVote(channelId, record.sessionId, record.vote.round, 'skip');
			if (closed) return { kind: 'closed-vote', choice: closed.choice, ballots: closed.ballots };
			return { kind: 'nothing', reason: 'busy' };
		}
		const live = this.live.get(channelId);
		if (live?.wake) {
			live.wake();
			return { kind: 'cut-pause' };
		}
		return { kind: 'nothing', reason: 'busy' };
	}

	async settings(guildId: string): Promise<GuildSettings> {
		const cached = this.settingsCache.get(guildId);
		if (cached) return cached;
		const settings = await this.options.store.readSettings(guildId, this.options.defaults);
		this.settingsCache.set(guildId, settings);
		return settings;
	}

	async updateSettings(guildId: string, patch: Partial<GuildSettings>): Promise<GuildSettings> {
		const settings = { ...(await this.settings(guildId)), ...patch };
		await this.options.store.writeSettings(guildId, settings);
		this.settingsCache.set(guildId, settings);
		return settings;
	}

	// ── votes ───────────────────────────────────────────────────────────────────────────────────────────────────

	/**
	 * Counts one member's ballot. Never throws: a store that fails is `unavailable`, and the member is told to try
	 * again (a write that timed out may still land later; trying again then finds it counted).
	 */
	async vote(click: Ballot): Promise<VoteOutcome> {
		type Counted = { outcome: VoteOutcome; record?: ChannelRecord; restarted?: boolean };
		let result: Counted;
		try {
			result = await this.options.store.withChannel(
				click.channelId,
				async (turn): Promise<Counted> => {
					const record = await this.readOrReset(turn, true);
					if (!record) return { outcome: { kind: 'stale', reason: 'no-dream' } };
					if (record.sessionId !== click.sessionId) return { outcome: { kind: 'stale', reason: 'other-dream' } };
					if (record.phase === 'ended') return { outcome: { kind: 'stale', reason: 'ended' } };
					if (record.phase === 'stuck') return { outcome: { kind: 'stale', reason: 'stuck' } };
					const vote = record.vote;
					if (!vote || vote.round !== click.round)
						return { outcome: { kind: 'stale', reason: click.round < record.round ? 'old-round' : 'closed' } };
					const choice = vote.choices[click.choice];
					if (vote.closed || !choice) return { outcome: { kind: 'stale', reason: 'closed' } };
					const previous = vote.ballots[click.userId];
					if (previous === click.choice) return { outcome: { kind: 'unchanged', choice: choice.text } };
					vote.ballots[click.userId] = click.choice;
					let restarted = false;
					if (vote.deadline === null) {
						vote.deadline = this.now() + (await this.voteMs(record.guildId));
						restarted = true;
					}
					record.updatedAt = this.now();
					await turn.write(record);
					const before = previous === undefined ? null : (vote.choices[previous]?.text ?? null);
					return { outcome: { kind: 'counted', choice: choice.text, previous: before }, record, restarted };
				},
				URGENT,
			);
		} catch (error) {
			this.options.log.error({ err: error, channelId: click.channelId }, 'could not record a ballot');
			return { kind: 'unavailable' };
		}
		const { record } = result;
		if (result.outcome.kind === 'counted' && record?.vote) {
			const vote = record.vote;
			if (everyoneVoted(vote.ballots, record.lastVoters)) {
				this.spawn(this.closeVote(record.channelId, record.sessionId, vote.round, 'everyone'));
			} else {
				if (result.restarted) this.armVoteTimer(record);
				this.scheduleTallyEdit(record.channelId);
			}
		}
		return result.outcome;
	}

	private async voteMs(guildId: string): Promise<number> {
		return this.options.voteMsOverride ?? (await this.settings(guildId)).voteSeconds * 1000;
	}

	private armVoteTimer(record: ChannelRecord): void {
		const { channelId, sessionId, vote } = record;
		const live = this.liveOf(channelId);
		clearTimeout(live.voteTimer);
		live.voteTimer = undefined;
		if (this.closing || !vote || vote.closed || vote.deadline === null) return;
		const wait = Math.max(0, vote.deadline - this.now());
		const { round } = vote;
		// The timer keeps the ids it needs, not the record: a dream waiting for its vote's deadline holds no copy of it.
		live.voteTimer = setTimeout(() => {
			live.voteTimer = undefined;
			this.spawn(this.closeOnDeadline(channelId, sessionId, round));
		}, wait);
	}

	/**
	 * Closes a vote whose time is up. If the store cannot be reached just then, the close is tried again with a
	 * growing pause (as narration is), so a vote never stays open past its deadline because of one failure.
	 */
	private async closeOnDeadline(channelId: string, sessionId: string, round: number): Promise<void> {
		try {
			await this.closeVote(channelId, sessionId, round, 'deadline');
			this.liveOf(channelId).retryMs = 0;
		} catch (error) {
			const live = this.liveOf(channelId);
			live.retryMs = Math.min(MAX_RETRY_MS, Math.max(1000, live.retryMs * 2));
			this.options.log.warn({ err: error, channelId, retryInMs: live.retryMs }, 'could not close a vote; will retry');
			if (this.closing) return;
			clearTimeout(live.voteTimer);
			live.voteTimer = setTimeout(() => {
				live.voteTimer = undefined;
				this.spawn(this.closeOnDeadline(channelId, sessionId, round));
			}, live.retryMs);
		}
	}

	/**
	 * Edits the vote's tallies a moment later ({@link TALLY_EDIT_INTERVAL_MS}, and at most that often), with the
	 * ballots counted by then.
	 */
	private scheduleTallyEdit(channelId: string): void {
		const live = this.liveOf(channelId);
		if (live.tallyTimer || this.closing) return;
		const wait = Math.max(TALLY_EDIT_INTERVAL_MS, live.lastTallyEdit + TALLY_EDIT_INTERVAL_MS - this.now());
		live.tallyTimer = setTimeout(() => {
			live.tallyTimer = undefined;
			live.lastTallyEdit = this.now();
			this.spawn(this.editTallies(channelId));
		}, wait);
	}

	private async editTallies(channelId: string): Promise<void> {
		let record: ChannelRecord | null;
		try {
			record = await this.options.store.withChannel(channelId, (turn) => this.readOrReset(turn));
		} catch (error) {
			// The store is down: show the tallies once it is back rather than leave them stale until the next click.
			this.options.log.warn({ err: error, channelId }, 'could not read the tallies; will try again');
			this.liveOf(channelId).lastTallyEdit = this.now() + TALLY_RETRY_MS - TALLY_EDIT_INTERVAL_MS;
			this.scheduleTallyEdit(channelId);
			return;
		}
		const vote = record?.vote;
		const story = record && this.compiledOf(record.storyId);
		if (!record || !vote?.messageId || vote.closed || record.phase !== 'voting' || !story) return;
		await this.quietly(channelId, () =>
			this.options.output.editVote(channelId, vote.messageId ?? '', this.voteView(record, vote, story)),
		);
	}

	/**
	 * Closes round `round` of the channel's vote: marks it closed in the store first (with its winner, to be taken),
	 * then edits the vote message, then the dream goes on with the winning choice ({@link goOn}); with `hold`, the
	 * caller goes on later (a restart closes every overdue vote before any dream goes on). Returns the winner, or null
	 * if the vote was not open (already closed, reset, another round) or nobody had voted by the deadline.
	 */
	private async closeVote(
		channelId: string,
		sessionId: string,
		round: number,
		by: ClosedBy,
		hold = false,
	): Promise<{ choice: string; ballots: number; record: ChannelRecord; shown: boolean } | null> {
		type Closing =
			| { kind: 'not-open' }
			| { kind: 'waiting'; record: ChannelRecord }
			| { kind: 'closed'; record: ChannelRecord; choice: string; ballots: number };
		// A moderator's skip waits for this close; a vote closed by its clock or its last ballot has no one waiting.
		const closing = await this.options.store.withChannel(
			channelId,
			async (turn): Promise<Closing> => {
				const record = await this.readOrReset(turn);
				const vote = record?.vote;
				if (!record || !vote || record.sessionId !== sessionId || record.phase !== 'voting')
					return { kind: 'not-open' };
				if (vote.round !== round || vote.closed) return { kind: 'not-open' };
				const counts = tally(vote.ballots, vote.choices.length);
				const ballots = Object.keys(vote.ballots).length;
				const win = by === 'skip' ? winnerOnSkip(counts) : winner(counts);
				const choice = win === null ? undefined : vote.choices[win];
				if (win === null || !choice) {
					// Nobody voted: the vote waits, without a clock, for its first ballot.
					vote.deadline = null;
					record.updatedAt = this.now();
					await turn.write(record);
					return { kind: 'waiting', record };
				}
				vote.closed = true;
				vote.winner = win;
				vote.closedBy = by;
				const entry: HistoryEntry = { round, choice: choice.text, votes: counts[win] ?? 0, ballots, closedBy: by };
				record.history.push(entry);
				record.lastVoters = Object.keys(vote.ballots);
				record.dreamers = [...new Set([...record.dreamers, ...record.lastVoters])];
				record.phase = 'closing';
				record.pendingChoice = choice.index;
				record.round = round + 1;
				record.updatedAt = this.now();
				await turn.write(record);
				return { kind: 'closed', record, choice: entry.choice, ballots };
			},
			{ urgent: by === 'skip' },
		);
		if (closing.kind === 'not-open') return null;
		const live = this.liveOf(channelId);
		clearTimeout(live.voteTimer);
		live.voteTimer = undefined;
		clearTimeout(live.tallyTimer);
		live.tallyTimer = undefined;
		if (closing.kind === 'waiting') {
			await this.editTallies(channelId);
			this.options.log.info({ channelId, round }, 'vote closed with no ballots: waiting for the first');
			return null;
		}
		this.options.log.info({ channelId, round, by, choice: closing.choice }, 'vote closed');
		const shown = await this.showClosed(closing.record);
		if (shown && !hold) this.spawn(this.goOn(closing.record));
		return { choice: closing.choice, ballots: closing.ballots, record: closing.record, shown };
	}

	/** After a vote is closed in the store: show the final tallies on its message, then go on telling. */
	private async finishClosing(record: ChannelRecord): Promise<void> {
		if (await this.showClosed(record)) await this.goOn(record);
	}

	/**
	 * Shows a closed vote's final tallies on its message. False if that failed: the dream does not go on yet, and the
	 * edit is tried again later (from the record, still `closing`), unless the channel is gone.
	 */
	private async showClosed(record: ChannelRecord): Promise<boolean> {
		const vote = record.vote;
		const story = this.compiledOf(record.storyId);
		if (!vote?.messageId || !story) return true;
		try {
			await this.options.output.editVote(record.channelId, vote.messageId, this.voteView(record, vote, story));
			return true;
		} catch (error) {
			if (error instanceof ChannelGoneError) await this.channelGone(record.channelId, error.message);
			else this.retryLater(record.channelId, this.liveOf(record.channelId), error);
			return false;
		}
	}

	/**
	 * Takes a closed vote's winning choice: the story moves on to the next passage, and the telling goes on by itself
	 * (whoever closed the vote, a skip or a click, is answered without waiting for it). A choice the story can no
	 * longer take leaves the dream stuck, and the channel is told.
	 */
	private async goOn(record: ChannelRecord): Promise<void> {
		let going: Going;
		try {
			going = await this.takeChoice(record);
		} catch (error) {
			// The store failed: tried again later, from the record (still `closing`), like narration.
			this.retryLater(record.channelId, this.liveOf(record.channelId), error);
			return;
		}
		if (going.kind === 'stuck') await this.announceStuck(going.record);
		else if (going.kind === 'moved') this.spawn(this.narrate(record.channelId));
	}

	/** Under the channel's lock: takes the pending choice, if any, and moves the record on to narrating. */
	private takeChoice(record: ChannelRecord): Promise<Going> {
		return this.options.store.withChannel(record.channelId, async (turn): Promise<Going> => {
			const current = await this.readOrReset(turn);
			if (!current || current.sessionId !== record.sessionId || current.phase !== 'closing') return { kind: 'no' };
			if (current.pendingChoice !== null) {
				const compiled = this.compiledOf(current.storyId);
				const next = compiled ? this.runnerOf(compiled).choose(current.save, current.pendingChoice) : null;
				if (next?.kind !== 'ok') {
					current.phase = 'stuck';
					current.note = next ? describe(next) : `the dream "${current.storyId}" is no longer in story/`;
					current.updatedAt = this.now();
					await turn.write(current);
					return { kind: 'stuck', record: current };
				}
				const { passage } = next;
				current.save = passage.save;
				current.beats = passage.beats;
				current.nextBeat = 0;
				current.choices = passage.choices;
				current.ended = passage.ended;
				current.pendingChoice = null;
			}
			current.phase = 'narrating';
			current.updatedAt = this.now();
			await turn.write(current);
			return { kind: 'moved' };
		});
	}

	// ── narration ───────────────────────────────────────────────────────────────────────────────────────────────

	/**
	 * Tells the channel's dream from where its record says, one beat at a time, until a vote opens or the dream ends.
	 * Progress is saved after each posted beat; a beat posted but not yet saved when the process died is posted again
	 * with the same nonce, which Discord drops as a duplicate. One loop per channel at a time.
	 */
	private async narrate(channelId: string): Promise<void> {
		const live = this.liveOf(channelId);
		if (live.narrating || this.closing) return;
		live.narrating = true;
		try {
			for (;;) {
				if (this.closing) return;
				const record = await this.options.store.withChannel(channelId, (turn) => this.readOrReset(turn));
				if (record?.phase !== 'narrating') return;
				const story = this.compiledOf(record.storyId);
				if (!story) {
					await this.markStuck(record, `the dream "${record.storyId}" is no longer in story/`);
					return;
				}
				const index = record.nextBeat;
				const beat = record.beats[index];
				if (!beat) {
					if (record.ended) await this.finish(record, story);
					else await this.openVote(record, story);
					return;
				}
				await this.options.output.postBeat(channelId, { story: meta(story), beat }, nonce(record, `b${index}`));
				const saved = await this.update(channelId, record.sessionId, (r) => {
					if (r.phase !== 'narrating' || r.nextBeat !== index) return false;
					r.nextBeat = index + 1;
					r.beatsTold += 1;
					if (beat.scene) r.scene = beat.scene;
					return true;
				});
				live.retryMs = 0;
				if (!saved) return;
				const delay = await this.delayAfter(record.guildId, beat.text, beat.pause);
				if (delay > 0) {
					void this.options.output.typing(channelId).catch(() => undefined);
					await this.pause(live, delay);
				}
			}
		} catch (error) {
			if (error instanceof ChannelGoneError) await this.channelGone(channelId, error.message);
			else this.retryLater(channelId, live, error);
		} finally {
			live.narrating = false;
			live.wake = undefined;
			if (!live.voteTimer && !live.tallyTimer && !live.retryTimer) this.live.delete(channelId);
		}
	}

	private retryLater(channelId: string, live: Live, error: unknown): void {
		live.retryMs = Math.min(MAX_RETRY_MS, Math.max(1000, live.retryMs * 2));
		this.options.log.warn({ err: error, channelId, retryInMs: live.retryMs }, 'narration failed; will retry');
		if (this.closing) return;
		clearTimeout(live.retryTimer);
		live.retryTimer = setTimeout(() => {
			live.retryTimer = undefined;
			this.spawn(this.resumeChannel(channelId));
		}, live.retryMs);
	}

	private async delayAfter(guildId: string, text: string, pause = 0): Promise<number> {
		const fixed = this.options.beatDelayMs;
		if (fixed === 0) return 0;
		if (fixed !== null) return fixed + pause * 1000;
		const { pace } = await this.settings(guildId);
		return Math.round(beatDelayMs(text, 0) * PACE_FACTOR[pace] + pause * 1000);
	}

	private pause(live: Live, ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(done, ms);
			function done() {
				clearTimeout(timer);
				live.wake = undefined;
				resolve();
			}
			live.wake = done;
		});
	}

	private async openVote(record: ChannelRecord, story: CompiledStory): Promise<void> {
		const voteMs = await this.voteMs(record.guildId);
		// The vote is open in the store before its message is posted, so a click on a message posted but not yet
		// recorded (a crash between the two) still counts.
		const opened = await this.update(record.channelId, record.sessionId, (r) => {
			if (r.phase !== 'narrating' || r.nextBeat < r.beats.length) return false;
			const at = this.now();
			r.phase = 'voting';
			r.vote = {
				round: r.round,
				choices: r.choices,
				messageId: null,
				openedAt: at,
				deadline: at + voteMs,
				ballots: {},
				closed: false,
				winner: null,
				closedBy: null,
			};
			return true;
		});
		if (opened) await this.postVoteMessage(opened, story);
	}

	private async postVoteMessage(record: ChannelRecord, story: CompiledStory): Promise<void> {
		const vote = record.vote;
		if (!vote) return;
		const messageId = await this.options.output.postVote(
			record.channelId,
			this.voteView(record, vote, story),
			nonce(record, `v${vote.round}`),
		);
		const saved = await this.update(record.channelId, record.sessionId, (r) => {
			if (!r.vote || r.vote.round !== vote.round) return false;
			r.vote.messageId = messageId;
			return true;
		});
		if (saved) this.armVoteTimer(saved);
	}

	private async finish(record: ChannelRecord, story: CompiledStory): Promise<void> {
		const ending = record.beats.findLast((b) => b.ending)?.ending ?? null;
		await this.options.output.postEnding(
			record.channelId,
			{
				story: meta(story),
				ending,
				history: record.history,
				dreamers: record.dreamers.length,
				beatsTold: record.beatsTold,
			},
			nonce(record, 'end'),
		);
		await this.update(record.channelId, record.sessionId, (r) => {
			if (r.phase !== 'narrating') return false;
			r.phase = 'ended';
			r.note = ending ? `ended: ${ending}` : 'ended';
			return true;
		});
		this.forget(record.channelId);
		this.options.log.info({ channelId: record.channelId, storyId: record.storyId, ending }, 'dream ended');
	}

	// ── restart ─────────────────────────────────────────────────────────────────────────────────────────────────

	/**
	 * Finds every dream in the store and takes each up where it stopped: narration goes on, vote timers are re-armed
	 * from their stored deadlines, a vote closed but not yet shown is shown. Votes whose time ran out while the bot was
	 * down are closed first, all of them, before any dream goes on: their members have waited longest, and closing
	 * one is a little store work while going on is the story's (see {@link resumeInOrder}). `ownsGuild` limits it to
	 * this shard's servers. Resolves, once every dream is found, to the number of dreams taken up; the work goes on.
	 */
	async resumeAll(ownsGuild: (guildId: string) => boolean = () => true): Promise<number> {
		// Listed to the end first, then taken up: resuming writes, and the listing should not queue behind those writes.
		const found: ChannelRecord[] = [];
		const ours = (record: ChannelRecord) => record.phase !== 'ended' && ownsGuild(record.guildId);
		// Every dream taken up is remembered until its overdue vote is closed and its choice taken, so neither reads the
		// record again (see resumeInOrder).
		const { store } = this.options;
		store.rememberMore(Number.POSITIVE_INFINITY);
		store.allowAtOnce(RESUME_AT_ONCE);
		try {
			for await (const { channelId, read } of store.channelRecords(ours)) {
				if (this.closing) break;
				// An unreadable record is read again under the lock, which resets that channel (and tells it).
				const record =
					read.kind === 'ok' ? read.record : await store.withChannel(channelId, (turn) => this.readOrReset(turn, true));
				if (record && ours(record)) found.push(record);
			}
		} catch (error) {
			store.rememberFewer();
			store.allowAtOnce();
			throw error;
		}
		const overdue: ChannelRecord[] = [];
		const after: ChannelRecord[] = [];
		for (const record of found) {
			const vote = record.vote;
			const unchanged = this.compiledOf(record.storyId)?.contentHash === record.contentHash;
			if (record.phase !== 'voting' || !vote?.messageId || !unchanged) after.push(record);
			else if (vote.deadline !== null && vote.deadline <= this.now()) overdue.push(record);
			// A vote still open: its timer is armed now, so it closes on time whatever else is going on.
			else this.spawn(this.resumeRecord(record));
		}
		this.spawn(this.resumeInOrder(overdue, after));
		this.options.log.info({ resumed: found.length, overdue: overdue.length }, 'dreams resumed');
		return found.length;
	}

	/**
	 * Closes every overdue vote and shows it closed, {@link RESUME_AT_ONCE} channels at a time, then lets those dreams
	 * take their choices and go on, then takes up the rest (narration cut off mid-passage, a vote closed but not shown,
	 * a dream whose story changed), and forgets the records it held for this. A close that fails (the store is down)
	 * is left to the vote's timer, which tries again until it can.
	 */
	private async resumeInOrder(overdue: ChannelRecord[], after: ChannelRecord[]): Promise<void> {
		const closed: ChannelRecord[] = [];
		try {
			await inTurn(overdue, RESUME_AT_ONCE, async (record) => {
				if (this.closing) return;
				const round = record.vote?.round ?? record.round;
				try {
					const result = await this.closeVote(record.channelId, record.sessionId, round, 'deadline', true);
					if (result?.shown) closed.push(result.record);
				} catch {
					// The store failed: the vote's timer closes it once it can, as any vote.
					this.armVoteTimer(record);
				}
			});
			// Then every dream takes its winning choice and begins telling on (its narration runs by itself). All at once:
			// the choices' store work queues ahead of the narrations that follow them.
			await Promise.all(
				closed.map((record) =>
					this.closing
						? undefined
						: this.goOn(record).catch((error) => this.options.log.error({ err: error }, 'could not go on')),
				),
			);
		} finally {
			this.options.store.rememberFewer();
			this.options.store.allowAtOnce();
		}
		if (this.closing) return;
		for (const record of after) this.spawn(this.resumeRecord(record));
	}

	private async resumeChannel(channelId: string): Promise<void> {
		const record = await this.options.store.withChannel(channelId, (turn) => this.readOrReset(turn));
		if (record) await this.resumeRecord(record);
	}

	private async resumeRecord(record: ChannelRecord): Promise<void> {
		try {
			const story = this.compiledOf(record.storyId);
			if (record.phase === 'stuck' || record.phase === 'ended') return;
			if (!story) return void (await this.markStuck(record, `the dream "${record.storyId}" is no longer in story/`));
			if (record.contentHash !== story.contentHash) {
				// The dream was edited while this channel was in it: go on only if ink can resume the save there.
				const check = this.runnerOf(story).inspect(record.save);
				if (check.kind !== 'ok') return void (await this.markStuck(record, describe(check)));
			}
			if (record.phase === 'narrating') await this.narrate(record.channelId);
			else if (record.phase === 'closing') await this.finishClosing(record);
			else if (record.phase === 'voting' && record.vote) {
				if (!record.vote.messageId) await this.postVoteMessage(record, story);
				else this.armVoteTimer(record);
			}
		} catch (error) {
			if (error instanceof ChannelGoneError) await this.channelGone(record.channelId, error.message);
			else this.retryLater(record.channelId, this.liveOf(record.channelId), error);
		}
	}

	// ── endings that are not the story's ──────────────────────────────────────────────────────────────────────

	/** The channel or a message of the dream is gone: the dream ends (and can be started again). */
	async channelGone(channelId: string, reason: string): Promise<void> {
		await this.options.store.withChannel(channelId, async (turn) => {
			const record = await this.readOrReset(turn);
			if (!record || record.phase === 'ended') return;
			record.phase = 'ended';
			record.note = `the channel or its messages are gone (${reason})`;
			record.updatedAt = this.now();
			await turn.write(record);
		});
		this.forget(channelId);
		this.options.log.warn({ channelId, reason }, 'channel gone: dream ended');
	}

	/** A message was deleted: if it is the channel's vote, the dream ends (it can be started again). */
	async messageDeleted(channelId: string, messageId: string): Promise<void> {
		const read = await this.options.store.readChannel(channelId).catch(() => null);
		if (read?.kind === 'ok' && read.record.phase !== 'ended' && read.record.vote?.messageId === messageId)
			await this.channelGone(channelId, 'the vote message was deleted');
	}

	private async markStuck(record: ChannelRecord, note: string): Promise<void> {
		const stuck = await this.update(record.channelId, record.sessionId, (r) => {
			if (r.phase === 'ended' || r.phase === 'stuck') return false;
			r.phase = 'stuck';
			r.note = note;
			return true;
		});
		if (stuck) await this.announceStuck(stuck);
	}

	private async announceStuck(record: ChannelRecord): Promise<void> {
		this.forget(record.channelId);
		const story = this.compiledOf(record.storyId);
		this.options.log.warn({ channelId: record.channelId, storyId: record.storyId, note: record.note }, 'dream stuck');
		const name = story ? `“${story.title}”` : `“${record.storyId}”`;
		await this.quietly(record.channelId, () =>
			this.options.output.postNotice(record.channelId, {
				story: story ? meta(story) : null,
				text: `The dream ${name} changed since this channel began it, and cannot go on from here. A moderator can \`/dream reset\` it, then \`/dream start\` begins it again.`,
			}),
		);
	}

	/**
	 * Reads the channel's record. An unreadable one is logged, removed, and the channel told, so that one bad record
	 * costs that channel its dream and nothing else. Call with the channel's lock held.
	 */
	private async readOrReset(turn: ChannelTurn, fresh = false): Promise<ChannelRecord | null> {
		const { channelId } = turn;
		const read = await turn.read({ fresh });
		if (read.kind === 'ok') return read.record;
		if (read.kind === 'none') return null;
		this.options.log.error({ channelId, reason: read.reason }, 'unreadable channel record: resetting the channel');
		await turn.delete();
		this.forget(channelId);
		this.spawn(
			this.quietly(channelId, () =>
				this.options.output.postNotice(channelId, {
					story: null,
					text: "This channel's dream could not be read back and has been reset. `/dream start` begins a new one.",
				}),
			),
		);
		return null;
	}

	// ── plumbing ────────────────────────────────────────────────────────────────────────────────────────────────

	/**
	 * Read-modify-write of a channel's record under its lock. `change` edits the record in place and returns false
	 * to leave it alone. Returns the written record, or null when nothing was written (gone, or another session).
	 */
	private async update(
		channelId: string,
		sessionId: string,
		change: (record: ChannelRecord) => boolean,
	): Promise<ChannelRecord | null> {
		return this.options.store.withChannel(channelId, async (turn) => {
			const record = await this.readOrReset(turn);
			if (!record || record.sessionId !== sessionId || !change(record)) return null;
			record.updatedAt = this.now();
			await turn.write(record);
			return record;
		});
	}

	/** Runs a best-effort post or edit: a gone channel ends the dream, other failures are logged. */
	private async quietly(channelId: string, work: () => Promise<unknown>): Promise<boolean> {
		try {
			await work();
			return true;
		} catch (error) {
			if (error instanceof ChannelGoneError) await this.channelGone(channelId, error.message);
			else this.options.log.warn({ err: error, channelId }, 'could not update the channel');
			return false;
		}
	}

	voteView(record: ChannelRecord, vote: VoteRecord, story: StoryMeta): VoteView {
		const counts = tally(vote.ballots, vote.choices.length);
		return {
			story: meta(story),
			sessionId: record.sessionId,
			channelId: record.channelId,
			round: vote.round,
			choices: vote.choices.map((c, i) => ({ index: i, text: c.text, votes: counts[i] ?? 0 })),
			deadline: vote.deadline,
			state: vote.closed ? 'closed' : vote.deadline === null ? 'waiting' : 'open',
			winner: vote.winner,
			closedBy: vote.closedBy,
			ballots: Object.keys(vote.ballots).length,
		};
	}

	private compiledOf(storyId: string): CompiledStory | undefined {
		return this.options.catalogue.get(storyId);
	}

	private runnerOf(compiled: CompiledStory): StoryRunner {
		let runner = this.runners.get(compiled.id);
		if (!runner) {
			runner = new StoryRunner(compiled);
			this.runners.set(compiled.id, runner);
		}
		return runner;
	}

	private liveOf(channelId: string): Live {
		let live = this.live.get(channelId);
		if (!live) {
			live = { lastTallyEdit: 0, narrating: false, retryMs: 0 };
			this.live.set(channelId, live);
		}
		return live;
	}

	/** Drops a channel's timers and ends its pause, e.g. after a reset or an ending. */
	private forget(channelId: string): void {
		const live = this.live.get(channelId);
		if (!live) return;
		clearTimeout(live.voteTimer);
		clearTimeout(live.tallyTimer);
		clearTimeout(live.retryTimer);
		live.wake?.();
		if (!live.narrating) this.live.delete(channelId);
	}

	private spawn(work: Promise<unknown>): void {
		this.track(
			work.catch((error) => {
				this.options.log.error({ err: error }, 'background work failed');
			}),
		);
	}

	private track<T>(work: Promise<T>): Promise<T> {
		this.inflight.add(work);
		void work.finally(() => this.inflight.delete(work)).catch(() => undefined);
		return work;
	}

	/** How many dreams have timers or narration in memory (for diagnostics and benchmarks). */
	get liveChannels(): number {
		return this.live.size;
	}

	/**
	 * Stops taking up new work, cancels timers and pauses, and waits for what is in flight (a beat being posted,
	 * a ballot being written) to finish, for at most `graceMs`. The store is the caller's to close afterwards.
	 */
	async close(graceMs = 10_000): Promise<void> {
		this.closing = true;
		for (const channelId of [...this.live.keys()]) this.forget(channelId);
		const deadline = this.now() + graceMs;
		while (this.inflight.size > 0 && this.now() < deadline) {
			let timer: NodeJS.Timeout | undefined;
			const grace = new Promise((resolve) => {
				timer = setTimeout(resolve, Math.max(0, deadline - this.now()));
			});
			await Promise.race([Promise.allSettled([...this.inflight]), grace]);
			clearTimeout(timer);
		}
		if (this.inflight.size > 0)
			this.options.log.warn({ pending: this.inflight.size }, 'stopped with work still waiting on Discord');
	}
}

/** Runs `work` on every item, `atOnce` at a time. */
async function inTurn<T>(items: T[], atOnce: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
	};
	await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
}

function meta(story: StoryMeta): StoryMeta {
	const { id, title, description, color, contentHash } = story;
	return { id, title, description, color, contentHash };
}

/** A nonce for a post of this session: the same on every try, unique within the session. ≤ 25 characters. */
function nonce(record: ChannelRecord, what: string): string {
	return `${record.sessionId}.${record.round}.${what}`.slice(0, 25);
}

function describe(failure: RunFailure): string {
	switch (failure.kind) {
		case 'story-changed':
			return `the dream changed and cannot resume here (${failure.detail})`;
		case 'bad-save':
			return `the saved place could not be read (${failure.detail})`;
		case 'invalid-choice':
			return `choice ${failure.index} is not open (${failure.available} are)`;
		case 'story-error':
			return `the dream broke off (${failure.detail})`;
	}
}
