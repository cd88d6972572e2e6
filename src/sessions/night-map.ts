/** The map of the night for a channel's dream: its scenes, the group's path and votes, what the server has seen. */
import type { MapView } from '../map/index.js';
import type { FoundInStory } from '../store/discoveries.js';
import type { ChannelRecord } from '../store/records.js';
import { recordIn, type SessionContext, URGENT } from './context.js';
import { endingOf } from './transitions.js';

/** What the map shows of a dream so far: its path (and ending, once there), its votes, and what the server has seen. */
export function mapView(record: ChannelRecord, found: FoundInStory, story: { title: string; color: number }): MapView {
	const ending = record.phase === 'ended' || record.ended ? endingOf(record) : null;
	const path = ending ? [...record.scenes, ending] : [...record.scenes];
	const votes = record.history.flatMap((h) =>
		h.scene ? [{ scene: h.scene, round: h.round, choice: h.choice, votes: h.votes, ballots: h.ballots }] : [],
	);
	return {
		title: story.title,
		color: story.color,
		path,
		votes,
		seen: [...new Set([...found.scenes, ...Object.keys(found.endings), ...path])],
	};
}

/**
 * The map's PNG, or null when there is none to draw: no painter, the dream's graph cannot be had, or drawing failed
 * (logged). A recap never waits on a map that will not come.
 */
export async function paintMap(
	ctx: SessionContext,
	record: ChannelRecord,
	found: FoundInStory,
): Promise<Buffer | null> {
	const painter = ctx.options.painter;
	if (!painter) return null;
	try {
		const [story, graph] = await Promise.all([
			ctx.storyOf(record),
			ctx.library.graphOf(record.guildId, record.storyId),
		]);
		if (!story || !graph) return null;
		return await painter.paint(graph, mapView(record, found, story.meta));
	} catch (error) {
		ctx.log.warn({ err: error, channelId: record.channelId, storyId: record.storyId }, 'could not draw the map');
		return null;
	}
}

export type MapOutcome =
	| { kind: 'none' }
	/** The map of the channel's dream so far. */
	| { kind: 'map'; story: { title: string }; png: Buffer }
	/** There is a dream, but its map cannot be drawn now. */
	| { kind: 'unavailable' };

/** The map of the channel's dream so far, for `/dream map`: its path and votes so far, and what the server has seen. */
export async function nightMapOf(ctx: SessionContext, channelId: string): Promise<MapOutcome> {
	const read = await ctx.readChannel(channelId, URGENT);
	const record = read.kind === 'corrupt' ? await ctx.resetUnreadableChannel(channelId, URGENT) : recordIn(read);
	if (!record) return { kind: 'none' };
	const [story, found] = await Promise.all([ctx.storyOf(record), ctx.found.of(record.guildId, record.storyId)]);
	const png = story ? await paintMap(ctx, record, found) : null;
	return story && png ? { kind: 'map', story: { title: story.meta.title }, png } : { kind: 'unavailable' };
}
