/** What members and moderators ask of a channel's dream: start one, see it, reset it, skip ahead. */
import { randomBytes } from 'node:crypto';
import { meta, type SessionContext, URGENT } from './context.js';
import type { ResetOutcome, SkipOutcome, StartOutcome, StartRequest, StatusOutcome } from './outcomes.js';
import { describeFailure, isRunning, newDream } from './transitions.js';
import { closeVote } from './voting.js';

/** Starts a dream in a channel, unless one is running there. The caller begins the telling. */
export async function startDream(ctx: SessionContext, request: StartRequest): Promise<StartOutcome> {
	const { stories } = ctx.catalogue;
	if (stories.length === 0) return { kind: 'no-stories' };
	const compiled = request.storyId ? ctx.catalogue.get(request.storyId) : stories[0];
	if (!compiled) return { kind: 'unknown-story', storyId: request.storyId ?? '', available: stories.map(meta) };
	return ctx.store.withChannel(
		request.channelId,
		async (turn): Promise<StartOutcome> => {
			const existing = await ctx.readOrReset(turn);
			if (isRunning(existing)) {
				const story = ctx.compiledOf(existing.storyId);
				return { kind: 'already-running', story: story ? meta(story) : null, phase: existing.phase };
			}
			const opening = ctx.runnerOf(compiled).start();
			if (opening.kind !== 'ok')
				return { kind: 'story-broken', story: meta(compiled), detail: describeFailure(opening) };
			const record = newDream({
				sessionId: randomBytes(6).toString('base64url'),
				guildId: request.guildId,
				channelId: request.channelId,
				storyId: compiled.id,
				contentHash: compiled.contentHash,
				opening: opening.passage,
				startedBy: request.userId,
				at: ctx.now(),
			});
			await turn.write(record);
			return { kind: 'started', story: meta(compiled), sessionId: record.sessionId };
		},
		URGENT,
	);
}

export async function dreamStatus(ctx: SessionContext, channelId: string): Promise<StatusOutcome> {
	const record = await ctx.readChannel(channelId, URGENT);
	if (!record) return { kind: 'none' };
	const story = ctx.compiledOf(record.storyId);
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
			dreamers: record.dreamers.length,
			startedBy: record.startedBy,
			startedAt: record.startedAt,
			note: record.note,
		},
	};
}

/**
 * Ends and clears the channel's dream; with `sessionId`, only if that dream is still the one running. Its open vote
 * is shown closed and the channel told who reset it.
 */
export async function resetDream(
	ctx: SessionContext,
	channelId: string,
	userId: string,
	sessionId?: string,
): Promise<ResetOutcome> {
	const removed = await ctx.store.withChannel(
		channelId,
		async (turn) => {
			const record = await ctx.readOrReset(turn);
			if (!isRunning(record)) return null;
			if (sessionId && record.sessionId !== sessionId) return 'stale' as const;
			await turn.delete();
			return record;
		},
		URGENT,
	);
	if (removed === null) return { kind: 'none' };
	if (removed === 'stale') return { kind: 'stale' };
	ctx.channels.forget(channelId);
	const story = ctx.compiledOf(removed.storyId);
	const vote = removed.vote;
	if (story && vote?.messageId && !vote.closed) {
		const { messageId } = vote;
		const closed = { ...ctx.voteView(removed, vote, story), state: 'closed' as const };
		await ctx.tryOutput(channelId, () => ctx.output.editVote(channelId, messageId, closed));
	}
	await ctx.notify(channelId, {
		story: story ? meta(story) : null,
		storyId: removed.storyId,
		notice: { kind: 'reset', userId },
	});
	ctx.log.info({ channelId, userId, storyId: removed.storyId }, 'dream reset');
	return { kind: 'reset', story: story ? meta(story) : null };
}

/** Closes the open vote now, or cuts the pause before the next beat. */
export async function skipAhead(ctx: SessionContext, channelId: string): Promise<SkipOutcome> {
	const record = await ctx.readChannel(channelId, URGENT);
	if (!record) return { kind: 'nothing', reason: 'no-dream' };
	if (record.phase === 'ended') return { kind: 'nothing', reason: 'ended' };
	if (record.phase === 'stuck') return { kind: 'nothing', reason: 'stuck' };
	if (record.phase === 'voting' && record.vote && !record.vote.closed) {
		const closed = await closeVote(ctx, channelId, record.sessionId, record.vote.round, 'skip');
		if (closed) return { kind: 'closed-vote', choice: closed.choice, ballots: closed.ballots };
		return { kind: 'nothing', reason: 'busy' };
	}
	const wake = ctx.channels.get(channelId)?.wake;
	if (!wake) return { kind: 'nothing', reason: 'busy' };
	wake();
	return { kind: 'cut-pause' };
}
