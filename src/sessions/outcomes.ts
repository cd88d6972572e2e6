/**
 * What the sessions answer: each request of a member (start, vote, status, reset, skip) comes back as an outcome, a
 * value the Discord adapter turns into words. Expected failures (a stale button, no dream running) are outcomes too,
 * not exceptions.
 */
import type { RunFailure, StoryMeta } from '../engine/index.js';
import type { Phase, StopReason, VotingRules } from '../store/records.js';
import type { EndingTotal, VoteView } from './ports.js';

export interface StartRequest {
	guildId: string;
	channelId: string;
	/** The dream to start; the catalogue's first when absent. */
	storyId?: string | null;
	userId: string;
	/** Begin telling only when {@link Sessions.begin} is called (so the adapter can announce the dream first). */
	deferTelling?: boolean;
	/** How the group decides, where the start chose; the server's settings for the rest. */
	voting?: Partial<VotingRules>;
	/** When the channel is a thread opened for the dream: the channel it was opened from. */
	parentId?: string | null;
	/** When the dream is a story night planned ahead. */
	night?: { scheduleId: string; eventId: string | null } | null;
}

export type StartOutcome =
	| { kind: 'started'; story: StoryMeta; sessionId: string }
	| { kind: 'already-running'; story: StoryMeta | null; phase: Phase }
	| { kind: 'unknown-story'; storyId: string; available: StoryMeta[] }
	| { kind: 'no-stories' }
	| { kind: 'story-broken'; story: StoryMeta; failure: RunFailure };

/** A member's click on a vote's button: for choice `choice` of round `round` of the dream `sessionId`. */
export interface Ballot {
	channelId: string;
	sessionId: string;
	round: number;
	choice: number;
	userId: string;
}

/** Why a click changed nothing. */
export type StaleReason = 'no-dream' | 'other-dream' | 'ended' | 'stuck' | 'old-round' | 'closed' | 'unclickable';

export type VoteOutcome =
	/** `advice`: in a narrator's dream, the ballot of a member who is not the narrator. */
	| { kind: 'counted'; choice: string; previous: string | null; advice: boolean }
	/** The narrator chose: the vote closes with their choice. */
	| { kind: 'decided'; choice: string }
	/** The click took a "go on" (a point with one choice): the dream goes on with it. */
	| { kind: 'went-on'; choice: string }
	| { kind: 'unchanged'; choice: string }
	| { kind: 'stale'; reason: StaleReason }
	/** The store did not answer: the ballot is not known to be counted, and the member should try again. */
	| { kind: 'unavailable' };

export interface StatusView {
	sessionId: string;
	story: StoryMeta | null;
	storyId: string;
	phase: Phase;
	scene: string | null;
	beatsTold: number;
	round: number;
	vote: VoteView | null;
	dreamers: number;
	startedBy: string;
	startedAt: number;
	/** Why it is stuck or ended; null while it runs. */
	stopReason: StopReason | null;
	/** What the server has found of this dream's endings. */
	found: { count: number; total: EndingTotal | null };
}

export type StatusOutcome = { kind: 'none' } | { kind: 'status'; view: StatusView };
export type ResetOutcome = { kind: 'reset'; story: StoryMeta | null } | { kind: 'none' } | { kind: 'stale' };
export type SkipOutcome =
	| { kind: 'closed-vote'; choice: string; ballots: number }
	| { kind: 'cut-pause' }
	| { kind: 'nothing'; reason: 'no-dream' | 'ended' | 'stuck' | 'busy' };
