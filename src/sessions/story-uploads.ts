/** A server's own dreams, as its moderators add and remove them. */
import type { ServerStory } from '../store/server-stories.js';
import { recordIn, type SessionContext, URGENT } from './context.js';
import type { AddOutcome, AddRequest, StoryListing } from './library.js';
import { metaOf } from './library.js';
import { closeAndTell } from './requests.js';
import { endOutside, isRunning } from './transitions.js';

export type RemoveOutcome =
	| { kind: 'removed'; story: ServerStory; stopped: number }
	/** The server has no dream of its own by that id. */
	| { kind: 'unknown'; storyId: string }
	/** The id is a built-in dream's, which no server can remove. */
	| { kind: 'built-in'; storyId: string };

/**
 * Checks a moderator's story in the sandbox and keeps it. A dream that replaces an earlier version goes on in the
 * channels already in it, from their saves, where the new version still has their place (see `StoryRunner.inspect`).
 */
/** The dreams a server can play, and how many of each one's endings it has found. */
export async function listStories(ctx: SessionContext, guildId: string): Promise<StoryListing> {
	const [{ builtIn, own }, found] = await Promise.all([ctx.library.list(guildId), ctx.found.all(guildId)]);
	const ids = [...builtIn.map((s) => s.id), ...own.map((s) => s.id)];
	const totals = await Promise.all(ids.map((id) => ctx.library.knownEndingCount(guildId, id)));
	const counts = ids.map((id, i) => [
		id,
		{ count: Object.keys(found[id]?.endings ?? {}).length, total: totals[i] ?? null },
	]);
	return { builtIn, own, found: Object.fromEntries(counts) };
}

export function addStory(ctx: SessionContext, request: AddRequest): Promise<AddOutcome> {
	return ctx.library.add(request);
}

/**
 * Removes one of the server's dreams. The channels still in it stop now, and are told who removed it: its text is gone
 * from the store, so there is nothing left to tell them from, and a moderator who removes a story usually wants it gone
 * from the server's channels too.
 */
export async function removeStory(
	ctx: SessionContext,
	guildId: string,
	storyId: string,
	userId: string,
): Promise<RemoveOutcome> {
	if (ctx.library.isBuiltIn(storyId)) return { kind: 'built-in', storyId };
	const removed = await ctx.library.remove(guildId, storyId);
	if (!removed) return { kind: 'unknown', storyId };
	const stopped = await stopSessionsOf(ctx, guildId, removed, userId);
	ctx.log.info({ guildId, storyId, userId, stopped }, "a server's dream removed");
	return { kind: 'removed', story: removed, stopped };
}

/** Ends every running dream of `story` in the server's channels. Returns how many there were. */
async function stopSessionsOf(ctx: SessionContext, guildId: string, story: ServerStory, userId: string) {
	const running: string[] = [];
	for await (const { read } of ctx.store.channelRecords(() => false))
		if (read.kind === 'ok' && read.record.guildId === guildId && read.record.storyId === story.id)
			if (isRunning(read.record)) running.push(read.record.channelId);
	let stopped = 0;
	for (const channelId of running) {
		const ended = await ctx.store.withChannel(
			channelId,
			async (turn) => {
				const found = await turn.read();
				const record = found.kind === 'corrupt' ? await ctx.resetUnreadable(turn, found) : recordIn(found);
				if (record?.guildId !== guildId || record.storyId !== story.id || !isRunning(record)) return null;
				const next = endOutside(record, { kind: 'story-removed', storyId: story.id }, ctx.now());
				if (next) await turn.write(next);
				return next && record;
			},
			URGENT,
		);
		if (!ended) continue;
		stopped += 1;
		ctx.options.ended?.(ended);
		await closeAndTell(ctx, ended, { kind: 'story-removed', userId }, metaOf(story));
	}
	return stopped;
}
