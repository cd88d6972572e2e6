/**
 * Telling a dream: one beat at a time with a pause to read it, then the vote at a branch point, or the ending.
 */
import { beatDelayMs, type StoryMeta } from '../engine/index.js';
import type { ChannelRecord, Pace } from '../store/records.js';
import type { ChannelActivity } from './activity.js';
import { meta, type SessionContext } from './context.js';
import { markStuckAndTell } from './failures.js';
import { paintMap } from './night-map.js';
import { beatTold, dreamersOf, endByStory, endingOf, nonce, openVote, storyGone, votePosted } from './transitions.js';
import { armVoteTimer, retryFromRecord } from './voting.js';

/** Pace multipliers for the reading-time rule. */
const PACE_FACTOR: Record<Pace, number> = { slow: 1.5, normal: 1, fast: 0.6 };

/**
 * Tells the channel's dream from where its record says, one beat at a time, until a vote opens or the dream ends.
 * Progress is saved after each posted beat; a beat posted but not yet saved when the process died is posted again
 * with the same nonce, which Discord drops as a duplicate. One loop per channel at a time.
 */
export async function narrate(ctx: SessionContext, channelId: string): Promise<void> {
	const activity = ctx.channels.of(channelId);
	if (activity.narrating || ctx.stopping) return;
	activity.narrating = true;
	try {
		for (;;) {
			if (ctx.stopping) return;
			const record = await ctx.readChannel(channelId);
			if (record?.phase !== 'narrating') return;
			const story = (await ctx.storyOf(record))?.meta;
			if (!story) return void (await markStuckAndTell(ctx, record, storyGone(record.storyId)));
			const index = record.nextBeat;
			const beat = record.beats[index];
			if (!beat) {
				if (record.ended) await finish(ctx, record, story);
				else await openVoteAndPost(ctx, record, story);
				return;
			}
			await ctx.output.postBeat(channelId, { story: meta(story), beat }, nonce(record, `b${index}`));
			const saved = await ctx.update(channelId, record.sessionId, (r) => beatTold(r, index));
			activity.retryMs = 0;
			if (!saved) return;
			const delay = await delayAfter(ctx, record.guildId, beat.text, beat.pause);
			if (delay > 0) {
				void ctx.output.typing(channelId).catch(() => undefined);
				await pause(activity, delay);
			}
		}
	} catch (error) {
		await retryFromRecord(ctx, channelId, error);
	} finally {
		activity.narrating = false;
		activity.wake = undefined;
		ctx.channels.dropIfIdle(channelId);
	}
}

/** The pause after a beat: its reading time at the server's pace, plus the beat's own `# pause:`. */
async function delayAfter(ctx: SessionContext, guildId: string, text: string, pauseSeconds = 0): Promise<number> {
	const fixed = ctx.options.beatDelayMs;
	if (fixed === 0) return 0;
	if (fixed !== null) return fixed + pauseSeconds * 1000;
	const { pace } = await ctx.settings.get(guildId);
	return Math.round(beatDelayMs(text, 0) * PACE_FACTOR[pace] + pauseSeconds * 1000);
}

/** Waits `ms`, or until the pause is cut short ({@link ChannelActivity.wake}: a skip, a reset). */
function pause(activity: ChannelActivity, ms: number): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			activity.wake = undefined;
			resolve();
		}
		activity.wake = done;
	});
}

async function openVoteAndPost(ctx: SessionContext, record: ChannelRecord, story: StoryMeta): Promise<void> {
	const voteMs = await ctx.voteMs(record.guildId);
	const opened = await ctx.update(record.channelId, record.sessionId, (r) => openVote(r, ctx.now(), voteMs));
	if (opened) await postVoteMessage(ctx, opened, story);
}

/** Posts the open vote's message, records its id, and starts its clock. */
export async function postVoteMessage(ctx: SessionContext, record: ChannelRecord, story: StoryMeta) {
	const vote = record.vote;
	if (!vote) return;
	const view = ctx.voteView(record, vote, story);
	const messageId = await ctx.output.postVote(record.channelId, view, nonce(record, `v${vote.round}`));
	const saved = await ctx.update(record.channelId, record.sessionId, (r) => votePosted(r, vote.round, messageId));
	if (saved?.vote && !saved.vote.closed) return armVoteTimer(ctx, saved);
	// Closed (a skip, a reset) while its message was on its way: the message must not be left open to clicks.
	const closed = saved?.vote ? ctx.voteView(saved, saved.vote, story) : { ...view, state: 'closed' as const };
	await ctx.tryOutput(record.channelId, () => ctx.output.editVote(record.channelId, messageId, closed));
}

/** The story ended: the channel is shown the ending and the path it took, and the dream is over. */
async function finish(ctx: SessionContext, record: ChannelRecord, story: StoryMeta): Promise<void> {
	const ending = endingOf(record);
	const noted = await ctx.found.note(record.guildId, {
		storyId: record.storyId,
		sessionId: record.sessionId,
		ending,
		scenes: record.scenes,
		channelId: record.channelId,
		at: ctx.now(),
	});
	const view = {
		story: meta(story),
		found: {
			count: Object.keys(noted.found.endings).length,
			total: await ctx.library.endingCount(record.guildId, record.storyId),
			newEnding: noted.newEnding,
		},
		map: await paintMap(ctx, record, noted.found),
		ending,
		history: record.history,
		dreamers: dreamersOf(record).length,
		beatsTold: record.beatsTold,
	};
	await ctx.output.postEnding(record.channelId, view, nonce(record, 'end'));
	await ctx.update(record.channelId, record.sessionId, (r) => endByStory(r, ending));
	ctx.channels.forget(record.channelId);
	ctx.log.info({ channelId: record.channelId, storyId: record.storyId, ending }, 'dream ended');
}
