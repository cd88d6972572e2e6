/** What members and moderators ask of a channel's dream: start one, see it, reset it, skip ahead. */
import { randomBytes } from 'node:crypto';
import type { StoryMeta } from '../engine/index.js';
import type { ChannelRecord, VotingRules } from '../store/records.js';
import { meta, recordIn, type SessionContext, URGENT } from './context.js';
import { closeAndGoOn } from './driver.js';
import { metaOf } from './library.js';
import type { ResetOutcome, SkipOutcome, StartOutcome, StartRequest, StatusOutcome } from './outcomes.js';
import type { Notice } from './ports.js';
import { dreamersOf, isRunning, newSession } from './transitions.js';

/** Starts a dream in a channel, unless one is running there. The caller begins the telling. */
export async function startSession(ctx: SessionContext, request: StartRequest): Promise<StartOutcome> {
	const builtIn = ctx.library.builtIn;
	const storyId = request.storyId ?? builtIn[0]?.id;
	if (storyId === undefined) return { kind: 'no-stories' };
	const story = await ctx.library.find(request.guildId, storyId);
	if (!story) {
		const { own } = await ctx.library.list(request.guildId);
		return { kind: 'unknown-story', storyId, available: [...builtIn.map(meta), ...own.map(metaOf)] };
	}
	const seen = await ctx.readChannel(request.channelId, URGENT);
	// An unreadable record is reset now, and the channel told; the dream then starts in its place.
	const before = seen.kind === 'corrupt' ? await ctx.resetUnreadableChannel(request.channelId, URGENT) : recordIn(seen);
	if (isRunning(before)) return alreadyRunning(ctx, before);
	// The opening is run outside the channel's turn: a story's turn never holds up the channel's clicks.
	const opening = await ctx.teller.start(story);
	const voting = await votingFor(ctx, request);
	return ctx.store.withChannel(
		request.channelId,
		async (turn): Promise<StartOutcome> => {
			const found = await turn.read();
			const existing = found.kind === 'corrupt' ? await ctx.resetUnreadable(turn, found) : recordIn(found);
			if (isRunning(existing)) return alreadyRunning(ctx, existing);
			if (opening.kind !== 'ok') return { kind: 'story-broken', story: meta(story.meta), failure: opening };
			const record = newSession({
				sessionId: randomBytes(6).toString('base64url'),
				guildId: request.guildId,
				channelId: request.channelId,
				storyId: story.meta.id,
				contentHash: story.meta.contentHash,
				opening: opening.passage,
				startedBy: request.userId,
				at: ctx.now(),
				voting,
				parentId: request.parentId ?? null,
				night: request.night ?? null,
			});
			await turn.write(record);
			return { kind: 'started', story: meta(story.meta), sessionId: record.sessionId };
		},
		URGENT,
	);
}

/**
 * How the dream's group decides: what the start asked, else the server's settings. A narrator's dream without a named
 * narrator is narrated by the member who began it.
 */
async function votingFor(ctx: SessionContext, request: StartRequest): Promise<VotingRules> {
	const settings = await ctx.settings.get(request.guildId);
	const mode = request.voting?.mode ?? settings.voteMode;
	return {
		mode,
		narratorId: mode === 'narrator' ? (request.voting?.narratorId ?? request.userId) : null,
		quickClose: request.voting?.quickClose ?? settings.quickClose,
	};
}

/** How many of a dream's endings a server has found, and how many it has as far as is known now (null: not yet). */
export async function endingsFound(ctx: SessionContext, guildId: string, storyId: string) {
	const [found, total] = await Promise.all([
		ctx.found.of(guildId, storyId),
		ctx.library.knownEndingCount(guildId, storyId),
	]);
	return { count: Object.keys(found.endings).length, total };
}

async function alreadyRunning(ctx: SessionContext, record: ChannelRecord): Promise<StartOutcome> {
	const running = await ctx.storyOf(record);
	return { kind: 'already-running', story: running ? meta(running.meta) : null, phase: record.phase };
}

export async function sessionStatus(ctx: SessionContext, channelId: string): Promise<StatusOutcome> {
	const found = await ctx.readChannel(channelId, URGENT);
	const record = found.kind === 'corrupt' ? await ctx.resetUnreadableChannel(channelId, URGENT) : recordIn(found);
	if (!record) return { kind: 'none' };
	const story = (await ctx.storyOf(record))?.meta;
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
			vote: record.vote && story ? ctx.voteView(record, record.vote, story) : null,
			dreamers: dreamersOf(record).length,
			startedBy: record.startedBy,
			startedAt: record.startedAt,
			stopReason: record.stopReason,
			found: await endingsFound(ctx, record.guildId, record.storyId),
		},
	};
}

/**
 * Ends and clears the channel's dream; with `sessionId`, only if that dream is still the one running. Its open vote
 * is shown closed and the channel told who reset it.
 */
export async function resetSession(
	ctx: SessionContext,
	channelId: string,
	userId: string,
	sessionId?: string,
): Promise<ResetOutcome> {
	const removed = await ctx.store.withChannel(
		channelId,
		async (turn) => {
			const found = await turn.read();
			const record = found.kind === 'corrupt' ? await ctx.resetUnreadable(turn, found) : recordIn(found);
			if (!isRunning(record)) return null;
			if (sessionId && record.sessionId !== sessionId) return 'stale' as const;
			await turn.delete();
			return record;
		},
		URGENT,
	);
	if (removed === null) return { kind: 'none' };
	if (removed === 'stale') return { kind: 'stale' };
	ctx.options.ended?.(removed);
	const story = await closeAndTell(ctx, removed, { kind: 'reset', userId });
	ctx.log.info({ channelId, userId, storyId: removed.storyId }, 'dream reset');
	return { kind: 'reset', story };
}

/**
 * A dream was stopped from outside (reset, its story removed): its timers stop, its open vote is shown closed, and
 * the channel is told why. Returns what the dream was of, when its server still has it.
 */
export async function closeAndTell(
	ctx: SessionContext,
	stopped: ChannelRecord,
	notice: Notice,
	known?: StoryMeta,
): Promise<StoryMeta | null> {
	const { channelId } = stopped;
	ctx.channels.forget(channelId);
	const story = known ?? (await ctx.storyOf(stopped))?.meta;
	const vote = stopped.vote;
	if (story && vote?.messageId && !vote.closed) {
		const { messageId } = vote;
		const closed = { ...ctx.voteView(stopped, vote, story), state: 'closed' as const };
		await ctx.tryOutput(channelId, () => ctx.output.editVote(channelId, messageId, closed));
	}
	await ctx.notify(channelId, { story: story ? meta(story) : null, storyId: stopped.storyId, notice });
	return story ? meta(story) : null;
}

/** Closes the open vote now, or cuts the pause before the next beat. */
export async function skipAhead(ctx: SessionContext, channelId: string): Promise<SkipOutcome> {
	const found = await ctx.readChannel(channelId, URGENT);
	const record = found.kind === 'corrupt' ? await ctx.resetUnreadableChannel(channelId, URGENT) : recordIn(found);
	if (!record) return { kind: 'nothing', reason: 'no-dream' };
	if (record.phase === 'ended') return { kind: 'nothing', reason: 'ended' };
	if (record.phase === 'stuck') return { kind: 'nothing', reason: 'stuck' };
	if (record.phase === 'voting' && record.vote && !record.vote.closed) {
		const closed = await closeAndGoOn(ctx, channelId, record.sessionId, record.vote.round, 'skip');
		if (closed) return { kind: 'closed-vote', choice: closed.choice, ballots: closed.ballots };
		return { kind: 'nothing', reason: 'busy' };
	}
	const wake = ctx.channels.get(channelId)?.wake;
	if (!wake) return { kind: 'nothing', reason: 'busy' };
	wake();
	return { kind: 'cut-pause' };
}
