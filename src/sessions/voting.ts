/**
 * A vote's life once it is open: members' ballots, the clock that closes it, the coalesced tally edits, closing it,
 * and taking its winning choice so the dream tells on.
 */
import type { ChannelRecord, ClosedBy } from '../store/records.js';
import { type SessionContext, URGENT } from './context.js';
import { announceStuck } from './failures.js';
import { narrate } from './narration.js';
import type { Ballot, VoteOutcome } from './outcomes.js';
import type { Notice } from './ports.js';
import { resumeChannel } from './resume.js';
import {
	applyBallot,
	type BallotResult,
	ballotStartsClock,
	closeRound,
	isClosing,
	stopReasonOf,
	storyGone,
	takeChoice,
} from './transitions.js';
import { everyoneVoted } from './votes.js';

/**
 * A tally edit at most this often per vote, so a burst of clicks never meets Discord's rate limit; and this long
 * after the ballot that calls for it, so that one edit shows every ballot of that second, and a short burst of clicks
 * is acknowledged before any edit is sent. The member who voted is answered privately on their own.
 */
export const TALLY_EDIT_INTERVAL_MS = 1000;

/** After the store failed to give the tallies, when to try again. */
const TALLY_RETRY_MS = 5000;

/**
 * Counts one member's ballot. Never throws: a store that fails is `unavailable`, and the member is told to try again
 * (a write that timed out may still land later; trying again then finds it counted).
 */
export async function castBallot(ctx: SessionContext, ballot: Ballot): Promise<VoteOutcome> {
	let result: BallotResult;
	try {
		result = await ctx.store.withChannel(
			ballot.channelId,
			async (turn) => {
				// Fresh: a store that stopped answering is found out before the write, not after the member was told.
				const record = await ctx.readOrReset(turn, true);
				const voteMs = record && ballotStartsClock(record) ? await ctx.voteMs(record.guildId) : 0;
				const result = applyBallot(record, ballot, ctx.now(), voteMs);
				if (result.kind === 'counted') await turn.write(result.record);
				return result;
			},
			URGENT,
		);
	} catch (error) {
		ctx.log.error({ err: error, channelId: ballot.channelId }, 'could not record a ballot');
		return { kind: 'unavailable' };
	}
	if (result.kind !== 'counted') return result;
	const { record } = result;
	const vote = record.vote;
	if (vote && everyoneVoted(vote.ballots, record.lastVoters)) {
		ctx.work.spawn(closeVote(ctx, record.channelId, record.sessionId, vote.round, 'everyone'));
	} else {
		if (result.clockStarted) armVoteTimer(ctx, record);
		scheduleTallyEdit(ctx, record.channelId);
	}
	return { kind: 'counted', choice: result.choice, previous: result.previous };
}

/** Sets the clock that closes the record's open vote at its deadline (a vote waiting for its first ballot has none). */
export function armVoteTimer(ctx: SessionContext, record: ChannelRecord): void {
	const { channelId, sessionId, vote } = record;
	const activity = ctx.channels.of(channelId);
	clearTimeout(activity.voteTimer);
	activity.voteTimer = undefined;
	if (ctx.stopping || !vote || vote.closed || vote.deadline === null) return;
	const wait = Math.max(0, vote.deadline - ctx.now());
	const { round } = vote;
	// The timer keeps the ids it needs, not the record: a dream waiting for its vote's deadline holds no copy of it.
	activity.voteTimer = setTimeout(() => {
		activity.voteTimer = undefined;
		ctx.work.spawn(closeOnDeadline(ctx, channelId, sessionId, round));
	}, wait);
}

/**
 * Closes a vote whose time is up. If the store cannot be reached just then, the close is tried again with a growing
 * pause, so a vote never stays open past its deadline because of one failure.
 */
async function closeOnDeadline(ctx: SessionContext, channelId: string, sessionId: string, round: number) {
	try {
		await closeVote(ctx, channelId, sessionId, round, 'deadline');
		ctx.channels.of(channelId).retryMs = 0;
	} catch (error) {
		await ctx.failed(channelId, error, {
			timer: 'voteTimer',
			what: 'could not close a vote',
			again: () => closeOnDeadline(ctx, channelId, sessionId, round),
		});
	}
}

/** Edits the vote's tallies a moment later ({@link TALLY_EDIT_INTERVAL_MS}, and at most that often). */
function scheduleTallyEdit(ctx: SessionContext, channelId: string): void {
	const activity = ctx.channels.of(channelId);
	if (activity.tallyTimer || ctx.stopping) return;
	const wait = Math.max(TALLY_EDIT_INTERVAL_MS, activity.lastTallyEdit + TALLY_EDIT_INTERVAL_MS - ctx.now());
	activity.tallyTimer = setTimeout(() => {
		activity.tallyTimer = undefined;
		activity.lastTallyEdit = ctx.now();
		ctx.work.spawn(editTallies(ctx, channelId));
	}, wait);
}

/** Shows the vote's tallies as the store has them now. */
async function editTallies(ctx: SessionContext, channelId: string): Promise<void> {
	let record: ChannelRecord | null;
	try {
		record = await ctx.readChannel(channelId);
	} catch (error) {
		// The store is down: show the tallies once it is back rather than leave them stale until the next click.
		ctx.log.warn({ err: error, channelId }, 'could not read the tallies; will try again');
		ctx.channels.of(channelId).lastTallyEdit = ctx.now() + TALLY_RETRY_MS - TALLY_EDIT_INTERVAL_MS;
		scheduleTallyEdit(ctx, channelId);
		return;
	}
	const vote = record?.vote;
	const story = record && (await ctx.storyOf(record))?.meta;
	if (!record || !vote?.messageId || vote.closed || record.phase !== 'voting' || !story) return;
	const { messageId } = vote;
	await ctx.tryOutput(channelId, () => ctx.output.editVote(channelId, messageId, ctx.voteView(record, vote, story)));
}

export interface ClosedVote {
	choice: string;
	ballots: number;
	record: ChannelRecord;
	/** The vote message shows it closed; if not, the dream goes on once it does (tried again later). */
	shown: boolean;
}

/**
 * Closes round `round` of the channel's vote: marks it closed in the store first (with its winner, to be taken),
 * then edits the vote message, then the dream goes on with the winning choice ({@link continueAfterVote}); with
 * `hold`, the caller goes on later (a restart closes every overdue vote before any dream goes on). Returns the
 * winner, or null if the vote was not open (already closed, reset, another round) or nobody had voted by the
 * deadline.
 */
export async function closeVote(
	ctx: SessionContext,
	channelId: string,
	sessionId: string,
	round: number,
	by: ClosedBy,
	hold = false,
): Promise<ClosedVote | null> {
	// A moderator's skip waits for this close; a vote closed by its clock or its last ballot has no one waiting.
	const closing = await ctx.store.withChannel(
		channelId,
		async (turn) => {
			const result = closeRound(await ctx.readOrReset(turn), sessionId, round, by, ctx.now());
			if (result.kind !== 'not-open') await turn.write(result.record);
			return result;
		},
		{ urgent: by === 'skip' },
	);
	if (closing.kind === 'not-open') return null;
	const activity = ctx.channels.of(channelId);
	clearTimeout(activity.voteTimer);
	activity.voteTimer = undefined;
	clearTimeout(activity.tallyTimer);
	activity.tallyTimer = undefined;
	if (closing.kind === 'waiting') {
		await editTallies(ctx, channelId);
		ctx.log.info({ channelId, round }, 'vote closed with no ballots: waiting for the first');
		return null;
	}
	const { record, entry } = closing;
	ctx.log.info({ channelId, round, by, choice: entry.choice }, 'vote closed');
	const shown = await showClosed(ctx, record);
	if (shown && !hold) ctx.work.spawn(continueAfterVote(ctx, record));
	return { choice: entry.choice, ballots: entry.ballots, record, shown };
}

/** After a vote is closed in the store: show the final tallies on its message, then go on telling. */
export async function finishClosing(ctx: SessionContext, record: ChannelRecord): Promise<void> {
	if (await showClosed(ctx, record)) await continueAfterVote(ctx, record);
}

/**
 * Shows a closed vote's final tallies on its message. False if that failed: the dream does not go on yet, and the
 * edit is tried again later (from the record, still `closing`), unless the channel is gone.
 */
async function showClosed(ctx: SessionContext, record: ChannelRecord): Promise<boolean> {
	const vote = record.vote;
	if (!vote?.messageId) return true;
	try {
		const story = (await ctx.storyOf(record))?.meta;
		if (!story) return true;
		await ctx.output.editVote(record.channelId, vote.messageId, ctx.voteView(record, vote, story));
		return true;
	} catch (error) {
		await retryFromRecord(ctx, record.channelId, error);
		return false;
	}
}

/**
 * Takes a closed vote's winning choice: the story moves on to the next passage, and the telling goes on by itself
 * (whoever closed the vote, a skip or a click, is answered without waiting for it). A choice the story can no longer
 * take leaves the dream stuck, and the channel is told.
 */
export async function continueAfterVote(ctx: SessionContext, record: ChannelRecord): Promise<void> {
	let taken: Awaited<ReturnType<typeof takePendingChoice>>;
	try {
		taken = await takePendingChoice(ctx, record);
	} catch (error) {
		// The store failed: tried again later, from the record (still `closing`), like narration.
		await retryFromRecord(ctx, record.channelId, error);
		return;
	}
	if (taken?.kind === 'stuck') await announceStuck(ctx, taken.record, taken.notice);
	else if (taken?.kind === 'moved') ctx.work.spawn(narrate(ctx, record.channelId));
}

/**
 * Takes the pending choice, if any, and moves the record on to narrating. The story runs its turn first, outside the
 * channel's lock (a story's turn never holds up a click); the result is written only if the record still waits for it.
 */
async function takePendingChoice(ctx: SessionContext, record: ChannelRecord) {
	const before = await ctx.readChannel(record.channelId);
	if (!isClosing(before, record.sessionId)) return null;
	const next = await runChoice(ctx, before);
	return ctx.store.withChannel(record.channelId, async (turn) => {
		const current = await ctx.readOrReset(turn);
		if (!isClosing(current, record.sessionId) || !sameTurn(current, before)) return null;
		const result = takeChoice(current, next, ctx.now());
		await turn.write(result.record);
		return { ...result, notice: next?.kind === 'failed' ? next.notice : STORY_CHANGED };
	});
}

const STORY_CHANGED: Notice = { kind: 'story-changed' };

/** Two reads of a closing record that wait for the same choice from the same save. */
const sameTurn = (a: ChannelRecord, b: ChannelRecord) =>
	a.round === b.round && a.pendingChoice === b.pendingChoice && a.save.ink === b.save.ink;

/** What the story gives for the record's pending choice. */
async function runChoice(ctx: SessionContext, record: ChannelRecord) {
	if (record.pendingChoice === null) return null;
	const story = await ctx.storyOf(record);
	if (!story) return { kind: 'failed' as const, reason: storyGone(record.storyId), notice: STORY_CHANGED };
	const next = await ctx.teller.choose(story, record.save, record.pendingChoice);
	if (next.kind === 'ok') return next;
	const notice: Notice = next.kind === 'story-error' ? { kind: 'story-broke', detail: next.detail } : STORY_CHANGED;
	return { kind: 'failed' as const, reason: stopReasonOf(next), notice };
}

/** A failure to post or to reach the store: the dream is taken up again from its record after a growing pause. */
export function retryFromRecord(ctx: SessionContext, channelId: string, error: unknown): Promise<void> {
	return ctx.failed(channelId, error, {
		timer: 'retryTimer',
		what: 'narration failed',
		again: () => resumeChannel(ctx, channelId),
	});
}
