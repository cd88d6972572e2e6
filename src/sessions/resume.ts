/** After a restart: every dream in the store is taken up where it stopped. */
import type { ChannelRecord } from '../store/records.js';
import type { SessionContext } from './context.js';
import { markStuckAndTell } from './failures.js';
import { narrate, postVoteMessage } from './narration.js';
import { stopReasonOf, storyGone } from './transitions.js';
import { armVoteTimer, closeVote, continueAfterVote, finishClosing, retryFromRecord } from './voting.js';

/** How many overdue votes a restart closes at once (the store's own queue spreads their operations further). */
const CLOSE_AT_ONCE = 256;

/**
 * Finds every dream in the store and takes each up where it stopped: narration goes on, vote timers are re-armed from
 * their stored deadlines, a vote closed but not yet shown is shown. Votes whose time ran out while the bot was down
 * are closed first, all of them, before any dream goes on: their members have waited longest, and closing one is a
 * little store work while going on is the story's (see {@link closeOverdueThenGoOn}). `ownsGuild` limits it to this
 * shard's servers. Resolves, once every dream is found, to the number of dreams taken up; the work goes on.
 *
 * It runs as the store's bulk work ({@link Store.bulk}): every record listed is remembered until its overdue vote is
 * closed and its choice taken, so neither reads it again.
 */
export function resumeAll(ctx: SessionContext, ownsGuild: (guildId: string) => boolean): Promise<number> {
	return new Promise<number>((resolve, reject) => {
		const bulk = ctx.store.bulk(async () => {
			let found: ChannelRecord[];
			try {
				found = await listDreams(ctx, ownsGuild);
			} catch (error) {
				reject(error);
				return [];
			}
			const overdue: ChannelRecord[] = [];
			const later: ChannelRecord[] = [];
			for (const record of found) {
				const vote = record.vote;
				const unchanged = (await storyHash(ctx, record)) === record.contentHash;
				if (record.phase !== 'voting' || !vote?.messageId || !unchanged) later.push(record);
				else if (vote.deadline !== null && vote.deadline <= ctx.now()) overdue.push(record);
				// A vote still open: its timer is armed now, so it closes on time whatever else is going on.
				else ctx.work.spawn(resumeRecord(ctx, record));
			}
			ctx.log.info({ resumed: found.length, overdue: overdue.length }, 'dreams resumed');
			resolve(found.length);
			await closeOverdueThenGoOn(ctx, overdue);
			return later;
		});
		// Then the rest (narration cut off mid-passage, a vote closed but not shown, a dream whose story changed).
		ctx.work.spawn(
			bulk.then((later) => {
				if (!ctx.stopping) for (const record of later) ctx.work.spawn(resumeRecord(ctx, record));
			}),
		);
	});
}

/** The content hash of the record's story as its server has it now; null when it is gone or cannot be read now. */
async function storyHash(ctx: SessionContext, record: ChannelRecord): Promise<string | null> {
	try {
		return (await ctx.storyOf(record))?.meta.contentHash ?? null;
	} catch {
		return null;
	}
}

/** Every running dream of this process's servers, listed to the end before any is taken up. */
async function listDreams(ctx: SessionContext, ownsGuild: (guildId: string) => boolean): Promise<ChannelRecord[]> {
	// Listed to the end first, then taken up: resuming writes, and the listing should not queue behind those writes.
	const found: ChannelRecord[] = [];
	const ours = (record: ChannelRecord) => record.phase !== 'ended' && ownsGuild(record.guildId);
	for await (const { channelId, read } of ctx.store.channelRecords(ours)) {
		if (ctx.stopping) break;
		// An unreadable record is read again under the lock, which resets that channel (and tells it).
		const record = read.kind === 'ok' ? read.record : await ctx.readChannel(channelId);
		if (record && ours(record)) found.push(record);
	}
	return found;
}

/**
 * Closes every overdue vote and shows it closed, {@link CLOSE_AT_ONCE} channels at a time, then lets those dreams
 * take their choices and go on. A close that fails (the store is down) is left to the vote's timer, which tries again
 * until it can.
 */
async function closeOverdueThenGoOn(ctx: SessionContext, overdue: ChannelRecord[]): Promise<void> {
	const closed: ChannelRecord[] = [];
	await forEachConcurrently(overdue, CLOSE_AT_ONCE, async (record) => {
		if (ctx.stopping) return;
		const round = record.vote?.round ?? record.round;
		try {
			const result = await closeVote(ctx, record.channelId, record.sessionId, round, 'deadline', true);
			if (result?.shown) closed.push(result.record);
		} catch {
			// The store failed: the vote's timer closes it once it can, as any vote.
			armVoteTimer(ctx, record);
		}
	});
	// Then every dream takes its winning choice and begins telling on (its narration runs by itself). All at once: the
	// choices' store work queues ahead of the narrations that follow them.
	await Promise.all(
		closed.map((record) =>
			ctx.stopping
				? undefined
				: continueAfterVote(ctx, record).catch((error) => ctx.log.error({ err: error }, 'could not go on')),
		),
	);
}

/** Takes the channel's dream up again from its record, as it is in the store now (after a failure). */
export async function resumeChannel(ctx: SessionContext, channelId: string): Promise<void> {
	const record = await ctx.readChannel(channelId);
	if (record) await resumeRecord(ctx, record);
}

/** Takes a dream up from its record: whatever its phase was doing goes on. */
async function resumeRecord(ctx: SessionContext, record: ChannelRecord): Promise<void> {
	try {
		if (record.phase === 'stuck' || record.phase === 'ended') return;
		const story = await ctx.storyOf(record);
		if (!story) return void (await markStuckAndTell(ctx, record, storyGone(record.storyId)));
		if (record.contentHash !== story.meta.contentHash) {
			// The dream was edited while this channel was in it: go on only if ink can resume the save there.
			const check = await ctx.teller.inspect(story, record.save);
			if (check.kind !== 'ok') return void (await markStuckAndTell(ctx, record, stopReasonOf(check)));
		}
		if (record.phase === 'narrating') await narrate(ctx, record.channelId);
		else if (record.phase === 'closing') await finishClosing(ctx, record);
		else if (record.phase === 'voting' && record.vote) {
			if (!record.vote.messageId) await postVoteMessage(ctx, record, story.meta);
			else armVoteTimer(ctx, record);
		}
	} catch (error) {
		await retryFromRecord(ctx, record.channelId, error);
	}
}

/** Runs `work` on every item, at most `limit` at a time. */
async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
