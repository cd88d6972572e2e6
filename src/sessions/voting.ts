/**
 * The steps of a vote once it is open: counting a member's ballot, the coalesced tally edits, closing it and showing
 * it closed, and taking its winning choice. Each does its step and returns; what comes next is the driver's
 * (driver.ts), which arms the vote's clock and decides when a vote closes.
 */
import type { ChannelRecord, ClosedBy } from '../store/records.js';
import { recordIn, type SessionContext, URGENT } from './context.js';
import type { Ballot } from './outcomes.js';
import { ChannelGoneError, type Notice } from './ports.js';
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

/**
 * A tally edit at most this often per vote, so a burst of clicks never meets Discord's rate limit; and this long
 * after the ballot that calls for it, so that one edit shows every ballot of that second, and a short burst of clicks
 * is acknowledged before any edit is sent. The member who voted is answered privately on their own.
 */
export const TALLY_EDIT_INTERVAL_MS = 1000;

/** After the store failed to give the tallies, when to try again. */
const TALLY_RETRY_MS = 5000;

/**
 * Counts one member's ballot in the store. Never throws: a store that fails is `unavailable`, and the member is told
 * to try again (a write that timed out may still land later; trying again then finds it counted).
 */
export async function countBallot(
	ctx: SessionContext,
	ballot: Ballot,
): Promise<BallotResult | { kind: 'unavailable' }> {
	try {
		return await ctx.store.withChannel(
			ballot.channelId,
			async (turn) => {
				// Fresh: a store that stopped answering is found out before the write, not after the member was told.
				const found = await turn.read({ fresh: true });
				const record = found.kind === 'corrupt' ? await ctx.resetUnreadable(turn, found) : recordIn(found);
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
}

/** Edits the vote's tallies a moment later ({@link TALLY_EDIT_INTERVAL_MS}, and at most that often). */
export function scheduleTallyEdit(ctx: SessionContext, channelId: string): void {
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
		const found = await ctx.readChannel(channelId);
		record = found.kind === 'corrupt' ? await ctx.resetUnreadableChannel(channelId) : recordIn(found);
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
}

/**
 * Closes round `round` of the channel's vote: marks it closed in the store (with its winner, to be taken), and asks
 * for its message to be shown closed ({@link showClosedLater}). Returns the winner, or null if the vote was not open
 * (already closed, reset, another round) or nobody had voted by the deadline (it then waits for a first ballot).
 */
export async function closeVote(
	ctx: SessionContext,
	channelId: string,
	sessionId: string,
	round: number,
	by: ClosedBy,
): Promise<ClosedVote | null> {
	// A moderator's skip waits for this close; a vote closed by its clock or its last ballot has no one waiting.
	const closing = await ctx.store.withChannel(
		channelId,
		async (turn) => {
			const found = await turn.read();
			const record = found.kind === 'corrupt' ? await ctx.resetUnreadable(turn, found) : recordIn(found);
			const result = closeRound(record, sessionId, round, by, ctx.now());
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
	showClosedLater(ctx, record);
	return { choice: entry.choice, ballots: entry.ballots, record };
}

/** How often a vote's closing edit is tried before it is left (a click on the vote is still told it is over). */
const SHOW_CLOSED_TRIES = 4;

/**
 * Shows a closed vote's final tallies on its message, without holding the dream up: a round's critical path is the
 * dream's next post, which the output sends first when Discord's budget is short, and a click meanwhile is answered
 * that the vote is over. A failure is tried again after a growing pause; a gone channel or message ends the dream,
 * as a failed post does.
 */
export function showClosedLater(ctx: SessionContext, record: ChannelRecord, tried = 0): void {
	ctx.work.spawn(
		showClosed(ctx, record).catch(async (error: unknown) => {
			if (error instanceof ChannelGoneError) return ctx.channelGone(record.channelId, error.message);
			const again = tried + 1 < SHOW_CLOSED_TRIES && !ctx.stopping;
			ctx.log.warn({ err: error, channelId: record.channelId, again }, 'could not show a vote closed');
			if (again) setTimeout(() => showClosedLater(ctx, record, tried + 1), 1000 * 2 ** tried);
		}),
	);
}

/** Shows a closed vote's final tallies on its message (none to show when the story is gone). Throws if it failed. */
async function showClosed(ctx: SessionContext, record: ChannelRecord): Promise<void> {
	const vote = record.vote;
	if (!vote?.messageId) return;
	const story = (await ctx.storyOf(record))?.meta;
	if (!story) return;
	await ctx.output.editVote(record.channelId, vote.messageId, ctx.voteView(record, vote, story));
}

/** What taking a closed vote's choice did; `notice` tells the channel why a stuck dream stopped. */
export type TakenChoice =
	| { kind: 'moved'; record: ChannelRecord }
	| { kind: 'stuck'; record: ChannelRecord; notice: Notice };

/**
 * Takes a closed vote's pending choice, if any, and moves the record on to narrating; null when the record no longer
 * waits for it. The story runs its turn first, outside the channel's lock (a story's turn never holds up a click); the
 * result is written only if the record still waits for it. A choice the story can no longer take leaves it stuck.
 */
export async function takePendingChoice(ctx: SessionContext, record: ChannelRecord): Promise<TakenChoice | null> {
	const seen = await ctx.readChannel(record.channelId);
	const before = seen.kind === 'corrupt' ? await ctx.resetUnreadableChannel(record.channelId) : recordIn(seen);
	if (!isClosing(before, record.sessionId)) return null;
	const next = await runChoice(ctx, before);
	return ctx.store.withChannel(record.channelId, async (turn) => {
		const found = await turn.read();
		const current = found.kind === 'corrupt' ? await ctx.resetUnreadable(turn, found) : recordIn(found);
		if (!isClosing(current, record.sessionId) || !sameTurn(current, before)) return null;
		const result = takeChoice(current, next, ctx.now());
		await turn.write(result.record);
		if (result.kind === 'moved') return { kind: 'moved', record: result.record };
		return { kind: 'stuck', record: result.record, notice: next?.kind === 'failed' ? next.notice : STORY_CHANGED };
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
