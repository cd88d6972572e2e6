/**
 * The driver of a channel's dream: it asks phases.ts what the next step is, has narration.ts or voting.ts carry it
 * out, and asks again, until the dream rests (its vote waits on its clock, it ended or is stuck). Whatever sets a dream
 * going comes through here: its start, a ballot, a vote's clock, a skip, a restart, a failure tried again.
 */
import type { ChannelRecord, ClosedBy } from '../store/records.js';
import type { ChannelRead } from '../store/store.js';
import type { ChannelActivity } from './channel-memory.js';
import type { SessionContext } from './context.js';
import { announceStuck, markStuckAndTell } from './failures.js';
import { beginVote, postVote, tellBeat, tellEnding } from './narration.js';
import type { Ballot, VoteOutcome } from './outcomes.js';
import { afterBallot, nextStep } from './phases.js';
import { stopReasonOf, storyGone } from './transitions.js';
import { isGoOn } from './votes.js';
import {
	type ClosedVote,
	closeVote,
	countBallot,
	scheduleTallyEdit,
	showClosedLater,
	takePendingChoice,
} from './voting.js';

/** Where a step leaves the driver: go on from the record it wrote, read the record again, or rest. */
type AfterStep = { kind: 'go-on'; record: ChannelRecord } | { kind: 'read-again' } | { kind: 'rest' };

const READ_AGAIN: AfterStep = { kind: 'read-again' };
const REST: AfterStep = { kind: 'rest' };
const goOn = (record: ChannelRecord): AfterStep => ({ kind: 'go-on', record });

/**
 * Takes the channel's dream through its steps until it rests. One driver per channel at a time: asked while one runs,
 * that one looks at the record again before it rests. `record` is the record as just read (else it is read);
 * `checkSave`, after a restart or a failure: a story that changed since the dream began is first asked whether it can
 * still resume the saved place. A failure to post or to reach the store is tried again later, from the record.
 */
export async function drive(
	ctx: SessionContext,
	channelId: string,
	start: { record?: ChannelRecord | null; checkSave?: boolean } = {},
): Promise<void> {
	const activity = ctx.channels.of(channelId);
	if (ctx.stopping) return;
	if (activity.driving) {
		activity.again = true;
		return;
	}
	activity.driving = true;
	activity.again = false;
	const state = { activity, saveChecked: !start.checkSave };
	try {
		let found = start.record !== undefined ? foundAs(start.record) : await ctx.readChannel(channelId);
		for (;;) {
			if (ctx.stopping) return;
			const after = await takeStep(ctx, channelId, found, state);
			if (after.kind === 'go-on') found = foundAs(after.record);
			else if (after.kind === 'read-again' || activity.again) {
				activity.again = false;
				found = await ctx.readChannel(channelId);
			} else return;
		}
	} catch (error) {
		await retryFromRecord(ctx, channelId, error);
	} finally {
		activity.driving = false;
		activity.wake = undefined;
		ctx.channels.dropIfIdle(channelId);
	}
}

/** A record the driver already has, as a read would have found it. */
const foundAs = (record: ChannelRecord | null): ChannelRead => (record ? { kind: 'ok', record } : { kind: 'none' });

/** Asks what the dream's next step is, from what was found of its record, and takes it. */
async function takeStep(
	ctx: SessionContext,
	channelId: string,
	found: ChannelRead,
	state: { activity: ChannelActivity; saveChecked: boolean },
): Promise<AfterStep> {
	const { activity } = state;
	const record = found.kind === 'ok' ? found.record : null;
	const story = record && (await ctx.storyOf(record));
	const step = nextStep(found, {
		now: ctx.now(),
		storyHash: story?.meta.contentHash ?? null,
		saveChecked: state.saveChecked,
		shownClosed: activity.shownClosed,
	});
	if (step.kind === 'reset-unreadable') {
		// Reset in a turn of its own, if still unreadable there; a dream started in its place meanwhile goes on.
		const now = await ctx.resetUnreadableChannel(channelId);
		return now ? goOn(now) : REST;
	}
	if (step.kind === 'rest' || !record) return REST;
	if (step.kind === 'story-gone' || !story) {
		await markStuckAndTell(ctx, record, storyGone(record.storyId));
		return REST;
	}
	switch (step.kind) {
		case 'check-save': {
			// The dream was edited while this channel was in it: go on only if ink can resume the save there.
			const check = await ctx.teller.inspect(story, record.save);
			if (check.kind !== 'ok') {
				await markStuckAndTell(ctx, record, stopReasonOf(check));
				return REST;
			}
			state.saveChecked = true;
			return goOn(record);
		}
		case 'tell-beat':
			return (await tellBeat(ctx, record, story.meta, step.index)) ? READ_AGAIN : REST;
		case 'open-vote': {
			const opened = await beginVote(ctx, record);
			return opened ? goOn(opened) : REST;
		}
		case 'post-vote': {
			const posted = await postVote(ctx, record, story.meta);
			if (posted.shownClosed) {
				activity.shownClosed = { sessionId: record.sessionId, round: record.vote?.round ?? record.round };
				return READ_AGAIN;
			}
			return posted.saved ? goOn(posted.saved) : REST;
		}
		case 'await-vote':
			armVoteTimer(ctx, record);
			return REST;
		case 'close-vote': {
			const closed = await closeVote(ctx, record.channelId, record.sessionId, step.round, 'deadline');
			if (!closed) return READ_AGAIN;
			activity.shownClosed = { sessionId: record.sessionId, round: step.round };
			return goOn(closed.record);
		}
		case 'show-closed':
			showClosedLater(ctx, record);
			activity.shownClosed = { sessionId: record.sessionId, round: record.vote?.round ?? record.round };
			return goOn(record);
		case 'take-choice':
			return (await takeChoiceStep(ctx, record)) ? READ_AGAIN : REST;
		case 'tell-ending':
			await tellEnding(ctx, record, story.meta);
			return REST;
	}
}

/** Takes a closed vote's winning choice; a choice the story can no longer take leaves it stuck, and the channel told. */
async function takeChoiceStep(ctx: SessionContext, record: ChannelRecord): Promise<boolean> {
	const taken = await takePendingChoice(ctx, record);
	if (taken?.kind === 'stuck') await announceStuck(ctx, taken.record, taken.notice);
	return taken?.kind === 'moved';
}

/**
 * Counts one member's ballot, then closes the vote if everyone it waits for has voted, or else shows the tally (and,
 * for a first ballot, starts the vote's clock). Never throws: a store that fails is `unavailable`.
 */
export async function castBallot(ctx: SessionContext, ballot: Ballot): Promise<VoteOutcome> {
	const result = await countBallot(ctx, ballot);
	if (result.kind !== 'counted') return result;
	const { record } = result;
	const next = afterBallot(record, result.clockStarted, ballot.userId);
	if (next.kind === 'close') ctx.work.spawn(closeAndGoOn(ctx, record.channelId, record.sessionId, next.round, next.by));
	else {
		if (next.armClock) armVoteTimer(ctx, record);
		scheduleTallyEdit(ctx, record.channelId);
	}
	if (record.vote && isGoOn(record.vote.choices)) return { kind: 'went-on', choice: result.choice };
	if (next.kind === 'close' && next.by === 'narrator') return { kind: 'decided', choice: result.choice };
	const advice = record.voting.mode === 'narrator';
	return { kind: 'counted', choice: result.choice, previous: result.previous, advice };
}

/**
 * Closes round `round` of the channel's vote ({@link closeVote}, which has it shown closed); then the dream goes on by
 * itself (whoever closed it, a skip or a click, is answered without waiting for that), or, with `hold`, once the
 * caller says (a restart closes every overdue vote before any dream goes on). Null if the vote was not open or
 * nobody had voted.
 */
export async function closeAndGoOn(
	ctx: SessionContext,
	channelId: string,
	sessionId: string,
	round: number,
	by: ClosedBy,
	hold = false,
): Promise<ClosedVote | null> {
	const closed = await closeVote(ctx, channelId, sessionId, round, by);
	if (!closed) return null;
	ctx.channels.of(channelId).shownClosed = { sessionId, round };
	if (!hold) ctx.work.spawn(drive(ctx, channelId, { record: closed.record }));
	return closed;
}

/** After a restart closed this vote and held it: its choice is taken now, and the dream tells on by itself. */
export async function takeChoiceThenDrive(ctx: SessionContext, closed: ChannelRecord): Promise<void> {
	try {
		if (await takeChoiceStep(ctx, closed)) ctx.work.spawn(drive(ctx, closed.channelId));
	} catch (error) {
		await retryFromRecord(ctx, closed.channelId, error);
	}
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
		await closeAndGoOn(ctx, channelId, sessionId, round, 'deadline');
		ctx.channels.of(channelId).retryMs = 0;
	} catch (error) {
		await ctx.failed(channelId, error, {
			timer: 'voteTimer',
			what: 'could not close a vote',
			again: () => closeOnDeadline(ctx, channelId, sessionId, round),
		});
	}
}

/** Takes a dream up from its record after a restart or a failure (see {@link drive}'s `checkSave`). */
export function takeUp(ctx: SessionContext, channelId: string, record?: ChannelRecord): Promise<void> {
	return drive(ctx, channelId, { record, checkSave: true });
}

/** A failure to post or to reach the store: the dream is taken up again from its record after a growing pause. */
export function retryFromRecord(ctx: SessionContext, channelId: string, error: unknown): Promise<void> {
	return ctx.failed(channelId, error, {
		timer: 'retryTimer',
		what: 'narration failed',
		again: () => takeUp(ctx, channelId),
	});
}
