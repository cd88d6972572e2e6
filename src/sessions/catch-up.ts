/**
 * The story so far, for a member who joins late (`/dream recap`, and the "Story so far" button on each vote): the
 * scenes told, each vote's choices and tallies, the lines of the current passage told so far, and the map of the night.
 * Only the member who asks sees it; a sealed vote still open shows no tallies here either.
 */
import type { Beat, StoryMeta } from '../engine/index.js';
import type { ClosedBy, Phase, VotingRules } from '../store/records.js';
import { meta, recordIn, type SessionContext, URGENT } from './context.js';
import { paintMap } from './night-map.js';
import { dreamersOf } from './transitions.js';

/** One vote of the dream so far. */
export interface CatchUpStep {
	round: number;
	scene: string | null;
	/** The choice taken. */
	choice: string;
	/** Every choice put to the vote with its ballots; absent for votes kept before tallies were. */
	tallies: { text: string; votes: number }[] | null;
	votes: number;
	ballots: number;
	closedBy: ClosedBy;
	goOn: boolean;
}

export interface CatchUpView {
	story: StoryMeta | null;
	storyId: string;
	phase: Phase;
	startedBy: string;
	startedAt: number;
	scenes: string[];
	steps: CatchUpStep[];
	/** The lines of the current passage told so far (the last few), with the scene they are in. */
	latest: Beat[];
	/** The open vote's choices, when one is open. */
	open: { choices: string[]; ballots: number } | null;
	voting: VotingRules;
	dreamers: number;
	beatsTold: number;
	/** The map of the night so far, as a PNG; null when it cannot be drawn now. */
	map: Buffer | null;
}

export type CatchUpOutcome =
	| { kind: 'none' }
	/** The button belongs to an earlier dream of the channel. */
	| { kind: 'other-dream' }
	| { kind: 'catch-up'; view: CatchUpView };

/** How many of the current passage's lines the catch-up repeats. */
const LATEST_LINES = 5;

/** The channel's dream so far; with `sessionId` (a vote's button), only if it is still that dream. */
export async function catchUpOf(ctx: SessionContext, channelId: string, sessionId?: string): Promise<CatchUpOutcome> {
	const read = await ctx.readChannel(channelId, URGENT);
	const record = read.kind === 'corrupt' ? await ctx.resetUnreadableChannel(channelId, URGENT) : recordIn(read);
	if (!record) return { kind: 'none' };
	if (sessionId !== undefined && record.sessionId !== sessionId) return { kind: 'other-dream' };
	const [story, found] = await Promise.all([ctx.storyOf(record), ctx.found.of(record.guildId, record.storyId)]);
	const map = story ? await paintMap(ctx, record, found) : null;
	const vote = record.vote && !record.vote.closed ? record.vote : null;
	return {
		kind: 'catch-up',
		view: {
			story: story ? meta(story.meta) : null,
			storyId: record.storyId,
			phase: record.phase,
			startedBy: record.startedBy,
			startedAt: record.startedAt,
			scenes: record.scenes,
			steps: record.history.map((h) => ({
				round: h.round,
				scene: h.scene ?? null,
				choice: h.choice,
				tallies: h.tallies && h.choices ? h.choices.map((text, i) => ({ text, votes: h.tallies?.[i] ?? 0 })) : null,
				votes: h.votes,
				ballots: h.ballots,
				closedBy: h.closedBy,
				goOn: h.goOn === true,
			})),
			latest: record.beats.slice(0, record.nextBeat).slice(-LATEST_LINES),
			open: vote ? { choices: vote.choices.map((c) => c.text), ballots: Object.keys(vote.ballots).length } : null,
			voting: record.voting,
			dreamers: dreamersOf(record).length,
			beatsTold: record.beatsTold,
			map,
		},
	};
}
