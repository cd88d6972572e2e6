/** Dreams that stop outside their story: a story that changed under them, a vote message deleted. */
import type { ChannelRecord, StopReason } from '../store/records.js';
import { meta, type SessionContext } from './context.js';
import type { Notice } from './ports.js';
import { markStuck } from './transitions.js';

/** The dream cannot go on (its story changed or is gone): it is marked stuck, and the channel told. */
export async function markStuckAndTell(ctx: SessionContext, record: ChannelRecord, reason: StopReason): Promise<void> {
	const stuck = await ctx.update(record.channelId, record.sessionId, (r) => markStuck(r, reason));
	if (stuck) await announceStuck(ctx, stuck);
}

/** Tells the channel its dream is stuck, and stops its timers. */
export async function announceStuck(
	ctx: SessionContext,
	record: ChannelRecord,
	notice: Notice = { kind: 'story-changed' },
): Promise<void> {
	ctx.channels.forget(record.channelId);
	const story = (await ctx.storyOf(record))?.meta;
	ctx.log.warn({ channelId: record.channelId, storyId: record.storyId, reason: record.stopReason }, 'dream stuck');
	await ctx.notify(record.channelId, {
		story: story ? meta(story) : null,
		storyId: record.storyId,
		notice,
	});
}

/**
 * A message was deleted: if it is the channel's vote, the dream ends (it can be started again). While the vote's
 * message is still on its way, its id is not yet recorded: what is deleted meanwhile is remembered, and looked at
 * once the id is (see {@link voteDeletedWhilePosted}).
 */
export async function messageDeleted(ctx: SessionContext, channelId: string, messageId: string): Promise<void> {
	const read = await ctx.store.readChannel(channelId).catch(() => null);
	if (read?.kind !== 'ok' || read.record.phase === 'ended' || !read.record.vote) return;
	const { vote } = read.record;
	if (vote.messageId === messageId)
		await ctx.channelGone(channelId, 'the vote message was deleted', { kind: 'vote-deleted' });
	else if (vote.messageId === null && !vote.closed) {
		const activity = ctx.channels.of(channelId);
		activity.deletedWhilePosting ??= new Set();
		activity.deletedWhilePosting.add(messageId);
	}
}

/**
 * The vote's message, just posted and recorded, was deleted on its way: the dream ends, as for a vote deleted later.
 * True when it did.
 */
export async function voteDeletedWhilePosted(ctx: SessionContext, channelId: string, messageId: string) {
	const activity = ctx.channels.get(channelId);
	const deleted = activity?.deletedWhilePosting?.has(messageId) === true;
	if (activity) delete activity.deletedWhilePosting;
	if (deleted) await ctx.channelGone(channelId, 'the vote message was deleted', { kind: 'vote-deleted' });
	return deleted;
}
