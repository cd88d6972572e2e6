import type { GuildSettings } from '../store/records.js';
import { type CatchUpOutcome, catchUpOf } from './catch-up.js';
import { SessionContext, type SessionsOptions } from './context.js';
import { castBallot, drive } from './driver.js';
import { messageDeleted } from './failures.js';
import type { AddOutcome, AddRequest, StoryListing } from './library.js';
import { type MapOutcome, nightMapOf } from './night-map.js';
import type {
	Ballot,
	ResetOutcome,
	SkipOutcome,
	StartOutcome,
	StartRequest,
	StatusOutcome,
	VoteOutcome,
} from './outcomes.js';
import { resetSession, sessionStatus, skipAhead, startSession } from './requests.js';
import { resumeAll } from './resume.js';
import {
	type CancelNightOutcome,
	NightPlanner,
	type NightView,
	type PlanOutcome,
	type PlanRequest,
} from './story-nights.js';
import { addStory, listStories, type RemoveOutcome, removeStory } from './story-uploads.js';

/** The name of the ending where a story ran out of content (see the engine's runner). */
export { FADED_ENDING } from '../engine/index.js';
export type { CatchUpOutcome, CatchUpStep, CatchUpView } from './catch-up.js';
export type { SessionsOptions } from './context.js';
export {
	type AddedFiles,
	type AddOutcome,
	type AddRequest,
	MAX_ARCHIVE_BYTES,
	MAX_STORY_BYTES,
	maxBytesOf,
	metaOf,
	type StoryListing,
} from './library.js';
export type { MapOutcome } from './night-map.js';
export type * from './outcomes.js';
export type { CancelNightOutcome, NightFailure, NightView, PlanOutcome, PlanRequest } from './story-nights.js';
export type { RemoveOutcome } from './story-uploads.js';
export { TALLY_EDIT_INTERVAL_MS } from './voting.js';

/**
 * Every channel's dream: starting, narrating beat by beat, voting, closing votes, resuming after a restart. Every
 * change to a channel's record goes through the store's per-channel lock; the record is the truth, memory only holds
 * timers. Knows nothing of Discord: it talks to the channel through a {@link ChannelOutput}, and answers requests with
 * outcomes (see outcomes.ts) that the adapter puts into words.
 *
 * The work itself is done by the modules beside this one: commands.ts (start, status, reset, skip), driver.ts (takes
 * a dream through its phases, asking phases.ts for each next step), narration.ts (beats, pauses, opening a vote, the
 * ending) and voting.ts (ballots, tallies, closing a vote, taking its choice), each one step at a time, resume.ts (a
 * restart), failures.ts (dreams that stop outside their story), over the pure record transitions of transitions.ts.
 */
export class Sessions {
	private readonly context: SessionContext;
	private readonly nights: NightPlanner;

	constructor(options: SessionsOptions) {
		this.context = new SessionContext({
			...options,
			ended: (record) => {
				options.ended?.(record);
				this.nights.ended(record);
			},
		});
		this.nights = new NightPlanner(this.context, options.events ?? null);
	}

	/** Plans a story night: a dream that begins at a set time, with the server's event for it. */
	planNight(request: PlanRequest): Promise<PlanOutcome> {
		return this.context.work.track(this.nights.plan(request));
	}

	/** The server's story nights to come, soonest first. */
	nightsOf(guildId: string): Promise<NightView[]> {
		return this.nights.list(guildId);
	}

	/** Cancels a story night (a weekly one with all that would follow) and its event. */
	cancelNight(guildId: string, nightId: string): Promise<CancelNightOutcome> {
		return this.context.work.track(this.nights.cancel(guildId, nightId));
	}

	/** The server's event was cancelled or deleted in the chat: the night it was for will not happen. */
	eventGone(guildId: string, eventId: string): Promise<void> {
		return this.context.work.track(this.nights.eventGone(guildId, eventId));
	}

	/** Arms the story nights of these servers (this process owns them now). Resolves to how many. */
	resumeNights(guildIds: Iterable<string>): Promise<number> {
		return this.nights.resume(guildIds);
	}

	/** The dreams `guildId` can play (the built-in ones, then its own), and what it has found of each. */
	list(guildId: string): Promise<StoryListing> {
		return listStories(this.context, guildId);
	}

	/**
	 * Counts the built-in dreams' endings in the sandbox now, in the background, so the first `/dream list` or
	 * `/dream status` answers with them at once (they never wait for the count; see `StoryLibrary.knownEndingCount`).
	 */
	exploreBuiltIns(): Promise<void> {
		return this.context.library.exploreBuiltIns();
	}

	/** The map of the night so far of the channel's dream. */
	map(channelId: string): Promise<MapOutcome> {
		return nightMapOf(this.context, channelId);
	}

	/** The channel's dream so far, for a member who joins late; with `sessionId`, only if it is still that dream. */
	catchUp(channelId: string, sessionId?: string): Promise<CatchUpOutcome> {
		return catchUpOf(this.context, channelId, sessionId);
	}

	/** The dreams `guildId` can play, quickly (for autocomplete): nothing of what it has found. */
	playable(guildId: string): Promise<Omit<StoryListing, 'found'>> {
		return this.context.library.list(guildId);
	}

	/** Checks a moderator's story file in the sandbox and, if it passes, keeps it as the server's dream. */
	add(request: AddRequest): Promise<AddOutcome> {
		return this.context.work.track(addStory(this.context, request));
	}

	/** Removes one of the server's own dreams; the channels still in it stop, and are told why. */
	remove(guildId: string, storyId: string, userId: string): Promise<RemoveOutcome> {
		return this.context.work.track(removeStory(this.context, guildId, storyId, userId));
	}

	/**
	 * Starts a dream in a channel. The telling begins at once, or, with `deferTelling`, when {@link begin} is called
	 * (so the adapter can announce the dream before its first beat).
	 */
	async start(request: StartRequest): Promise<StartOutcome> {
		const outcome = await this.context.work.track(startSession(this.context, request));
		if (outcome.kind === 'started' && !request.deferTelling) this.begin(request.channelId);
		return outcome;
	}

	/** Begins telling a dream started with `deferTelling`. */
	begin(channelId: string): void {
		this.context.work.spawn(drive(this.context, channelId));
	}

	status(channelId: string): Promise<StatusOutcome> {
		return sessionStatus(this.context, channelId);
	}

	/** Ends and clears the channel's dream. With `sessionId`, only if that dream is still the one running. */
	reset(channelId: string, userId: string, sessionId?: string): Promise<ResetOutcome> {
		return this.context.work.track(resetSession(this.context, channelId, userId, sessionId));
	}

	/** Closes the open vote now, or cuts the pause before the next beat. */
	skip(channelId: string): Promise<SkipOutcome> {
		return this.context.work.track(skipAhead(this.context, channelId));
	}

	/**
	 * Counts one member's ballot. Never throws: a store that fails is `unavailable`, and the member is told to try
	 * again.
	 */
	vote(ballot: Ballot): Promise<VoteOutcome> {
		return castBallot(this.context, ballot);
	}

	settings(guildId: string): Promise<GuildSettings> {
		return this.context.settings.get(guildId);
	}

	updateSettings(guildId: string, patch: Partial<GuildSettings>): Promise<GuildSettings> {
		return this.context.settings.update(guildId, patch);
	}

	/**
	 * Takes up every dream in the store where it stopped (see {@link resumeAll}); `ownsGuild` limits it to this
	 * shard's servers. Resolves to the number of dreams taken up, once all are found; the work goes on.
	 */
	resumeAll(ownsGuild: (guildId: string) => boolean = () => true): Promise<number> {
		return resumeAll(this.context, ownsGuild);
	}

	/** The channel or a message of the dream is gone: the dream ends (and can be started again). */
	channelGone(channelId: string, reason: string): Promise<void> {
		return this.context.channelGone(channelId, reason);
	}

	/** A message was deleted: if it is the channel's vote, the dream ends (it can be started again). */
	messageDeleted(channelId: string, messageId: string): Promise<void> {
		return messageDeleted(this.context, channelId, messageId);
	}

	/**
	 * Stops taking up new work, cancels timers and pauses, and waits for what is in flight (a beat being posted,
	 * a ballot being written) to finish, for at most `graceMs`. The store is the caller's to close afterwards.
	 */
	async close(graceMs = 10_000): Promise<void> {
		this.nights.close();
		this.context.work.stopping = true;
		this.context.channels.forgetAll();
		await this.context.work.stop(graceMs);
	}
}
