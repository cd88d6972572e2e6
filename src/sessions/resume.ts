/** After a restart: every dream in the store is taken up where it stopped. */
import type { ChannelRecord } from '../store/records.js';
import type { SessionContext } from './context.js';
import { armVoteTimer, closeAndGoOn, takeChoiceThenDrive, takeUp } from './driver.js';
import { resumeOrder } from './phases.js';

/** How many overdue votes a restart closes at once (the store's own queue spreads their operations further). */
const CLOSE_AT_ONCE = 256;

/**
 * Finds every dream in the store and takes each up where it stopped: narration goes on, vote timers are re-armed from
 * their stored deadlines, a vote closed but not yet shown is shown. Votes whose time ran out while the bot was down
 * are closed first, all of them, before any dream goes on ({@link resumeOrder}, {@link closeOverdueThenGoOn}).
 * `ownsGuild` limits it to this shard's servers. Resolves, once every dream is found, to the number of dreams taken
 * up; the work goes on.
 *
 * It runs as the store's bulk work ({@link Store.bulk}): every record listed is remembered until its overdue vote is
 * closed and its choice taken, so neither reads it again.
 */
export function resumeAll(ctx: SessionContext, ownsGuild: (guildId: string) => boolean): Promise<number> {
	return new Promise<number>((resolve, reject) => {
		const bulk = ctx.store.bulk(async () => {
			let found: ChannelRecord[];
			try {
				found = await listSessions(ctx, ownsGuild);
			} catch (error) {
				reject(error);
				return [];
			}
			const overdue: ChannelRecord[] = [];
			const later: ChannelRecord[] = [];
			for (const record of found) {
				const unchanged = (await storyHash(ctx, record)) === record.contentHash;
				const order = resumeOrder(record, ctx.now(), unchanged);
				if (order === 'after') later.push(record);
				else if (order === 'close-first') overdue.push(record);
				else ctx.work.spawn(takeUp(ctx, record.channelId, record));
			}
			ctx.log.info({ resumed: found.length, overdue: overdue.length }, 'dreams resumed');
			resolve(found.length);
			await closeOverdueThenGoOn(ctx, overdue);
			return later;
		});
		// Then the rest (narration cut off mid-passage, a vote closed but not shown, a dream whose story changed).
		ctx.work.spawn(
			bulk.then((later) => {
				if (!ctx.stopping) for (const record of later) ctx.work.spawn(takeUp(ctx, record.channelId, record));
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
async function listSessions(ctx: SessionContext, ownsGuild: (guildId: string) => boolean): Promise<ChannelRecord[]> {
	// Listed to the end first, then taken up: resuming writes, and the listing should not queue behind those writes.
	const found: ChannelRecord[] = [];
	const ours = (record: ChannelRecord) => record.phase !== 'ended' && ownsGuild(record.guildId);
	for await (const { channelId, read } of ctx.store.channelRecords(ours)) {
		if (ctx.stopping) break;
		// An unreadable record is read again under the lock, and reset there if it still is (the channel told).
		const record = read.kind === 'ok' ? read.record : await ctx.resetUnreadableChannel(channelId);
		if (record && ours(record)) found.push(record);
	}
	return found;
}

/**
 * Closes every overdue vote (each shown closed as Discord's budget allows), {@link CLOSE_AT_ONCE} channels at a
 * time, then lets those dreams take their choices and go on. A close that fails (the store is down) is left to the
 * vote's timer, which tries again until it can.
 */
async function closeOverdueThenGoOn(ctx: SessionContext, overdue: ChannelRecord[]): Promise<void> {
	const closed: ChannelRecord[] = [];
	await forEachConcurrently(overdue, CLOSE_AT_ONCE, async (record) => {
		if (ctx.stopping) return;
		const round = record.vote?.round ?? record.round;
		try {
			const result = await closeAndGoOn(ctx, record.channelId, record.sessionId, round, 'deadline', true);
			if (result) closed.push(result.record);
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
				: takeChoiceThenDrive(ctx, record).catch((error) => ctx.log.error({ err: error }, 'could not go on')),
		),
	);
}

/** Runs `work` on every item, at most `limit` at a time. */
async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
