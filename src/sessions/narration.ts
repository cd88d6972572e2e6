/**
 * The steps of telling a dream: a beat and the pause to read it, opening the vote at a branch point and posting its
 * message, the ending. Each does its step and returns; the driver (driver.ts) decides which comes next.
 */
import { beatDelayMs, type StoryMeta } from '../engine/index.js';
import type { Picture } from '../engine/scene-tags.js';
import type { ChannelRecord, Pace } from '../store/records.js';
import type { ChannelActivity } from './channel-memory.js';
import { meta, type SessionContext } from './context.js';
import { voteDeletedWhilePosted } from './failures.js';
import { paintMap } from './night-map.js';
import { stillOpenWhenPosted } from './phases.js';
import type { BeatView, PictureView } from './ports.js';
import { beatTold, dreamersOf, endByStory, endingOf, nonce, openVote, votePosted } from './transitions.js';
import { isGoOn } from './votes.js';

/** The beat's picture as it can be sent; a picture that cannot be had now is left out, and the beat told without it. */
async function pictureOf(
	ctx: SessionContext,
	record: ChannelRecord,
	story: StoryMeta,
	image: Picture,
): Promise<PictureView | null> {
	try {
		return await ctx.pictures.resolve(record.guildId, record.storyId, story.contentHash, image);
	} catch (error) {
		ctx.log.warn(
			{ err: error, channelId: record.channelId, storyId: record.storyId },
			'a beat is told without its picture',
		);
		return null;
	}
}

/** Pace multipliers for the reading-time rule. */
const PACE_FACTOR: Record<Pace, number> = { slow: 1.5, normal: 1, fast: 0.6 };

/**
 * Posts beat `index` and moves the record past it, then pauses to let it be read. A beat posted but not yet saved
 * when the process died is posted again with the same nonce, which Discord drops as a duplicate. False when the
 * record moved on meanwhile (told already, reset), and nothing was saved.
 */
export async function tellBeat(
	ctx: SessionContext,
	record: ChannelRecord,
	story: StoryMeta,
	index: number,
): Promise<boolean> {
	const { channelId } = record;
	const beat = record.beats[index];
	if (!beat) return false;
	const picture = beat.image ? await pictureOf(ctx, record, story, beat.image) : null;
	const portraitOf = beat.speaker ? story.voices?.[beat.speaker]?.portrait : undefined;
	const portrait = portraitOf ? await pictureOf(ctx, record, story, { source: portraitOf, alt: beat.speaker }) : null;
	const view: BeatView = {
		story: meta(story),
		beat,
		scene: record.scene,
		...(picture ? { picture } : {}),
		...(portrait ? { portrait } : {}),
	};
	await ctx.output.postBeat(channelId, view, nonce(record, `b${index}`));
	const saved = await ctx.update(channelId, record.sessionId, (r) => beatTold(r, index));
	const activity = ctx.channels.of(channelId);
	activity.retryMs = 0;
	if (!saved) return false;
	const delay = await delayAfter(ctx, record.guildId, beat.text, beat.pause);
	if (delay > 0) {
		// "Reverie is typing…" is a courtesy: a failure to show it changes nothing, and the pause goes on without it.
		void ctx.output.typing(channelId).catch(() => undefined);
		await pause(activity, delay);
	}
	return true;
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

/**
 * Opens the vote in the record, for the server's window from now; a "go on" (one choice) for its text's reading pause.
 * Returns the record written, or null.
 */
export async function beginVote(ctx: SessionContext, record: ChannelRecord): Promise<ChannelRecord | null> {
	const [only] = record.choices;
	const voteMs =
		isGoOn(record.choices) && only
			? await delayAfter(ctx, record.guildId, only.text)
			: await ctx.voteMs(record.guildId);
	return ctx.update(record.channelId, record.sessionId, (r) => openVote(r, ctx.now(), voteMs));
}

/**
 * Posts the open vote's message and records its id. Returns the record written, or null when the record moved on. A
 * vote closed (a skip, a reset) while its message was on its way is shown closed at once (`shownClosed`): the message
 * must not be left open to clicks.
 */
export async function postVote(
	ctx: SessionContext,
	record: ChannelRecord,
	story: StoryMeta,
): Promise<{ saved: ChannelRecord | null; shownClosed: boolean }> {
	const vote = record.vote;
	if (!vote) return { saved: null, shownClosed: false };
	const view = ctx.voteView(record, vote, story);
	const messageId = await ctx.output.postVote(record.channelId, view, nonce(record, `v${vote.round}`));
	const saved = await ctx.update(record.channelId, record.sessionId, (r) => votePosted(r, vote.round, messageId));
	if (await voteDeletedWhilePosted(ctx, record.channelId, messageId)) return { saved: null, shownClosed: true };
	if (stillOpenWhenPosted(saved)) return { saved, shownClosed: false };
	const closed = saved?.vote ? ctx.voteView(saved, saved.vote, story) : { ...view, state: 'closed' as const };
	await ctx.tryOutput(record.channelId, () => ctx.output.editVote(record.channelId, messageId, closed));
	return { saved, shownClosed: true };
}

/** The story ended: the channel is shown the ending and the path it took, and the dream is over. */
export async function tellEnding(ctx: SessionContext, record: ChannelRecord, story: StoryMeta): Promise<void> {
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
	const ended = await ctx.update(record.channelId, record.sessionId, (r) => endByStory(r, ending));
	if (ended) ctx.options.ended?.(ended);
	ctx.channels.forget(record.channelId);
	ctx.log.info({ channelId: record.channelId, storyId: record.storyId, ending }, 'dream ended');
}
