/**
 * A channel's dream as pure record transitions: each takes a record (and what it needs to know: the time, the
 * story's next passage) and returns the next record, or says why nothing changes. No store, clock, story runner or
 * chat here: the code around them reads, writes, posts and schedules, and the tests call these directly, one order
 * of events at a time. Inputs are never changed; a record that changes is a new one.
 */
import { FADED_ENDING, type Passage, type RunFailure } from '../engine/index.js';
import {
	type ChannelRecord,
	type ClosedBy,
	type HistoryEntry,
	OPEN_VOTING,
	RECORD_VERSION,
	type StopReason,
	type VoteRecord,
	type VotingRules,
} from '../store/records.js';
import type { Ballot, StaleReason } from './outcomes.js';
import { isGoOn, tally, winner, winnerOnSkip } from './votes.js';

/** Who starts a dream where, and the story's opening passage. */
export interface NewSession {
	sessionId: string;
	guildId: string;
	channelId: string;
	storyId: string;
	contentHash: string;
	opening: Passage;
	startedBy: string;
	at: number;
	/** How the group decides; today's open vote when absent. */
	voting?: VotingRules;
	/** The channel a thread for the dream was opened from. */
	parentId?: string | null;
	/** The story night this dream is, when it was planned ahead. */
	night?: ChannelRecord['night'];
}

/** A new dream's record: narrating its opening passage from the first beat. */
export function newSession(dream: NewSession): ChannelRecord {
	const { opening: passage, at } = dream;
	return {
		v: RECORD_VERSION,
		sessionId: dream.sessionId,
		guildId: dream.guildId,
		channelId: dream.channelId,
		storyId: dream.storyId,
		contentHash: dream.contentHash,
		phase: 'narrating',
		...atPassage(passage),
		round: 1,
		vote: null,
		lastVoters: [],
		dreamers: [],
		history: [],
		scene: null,
		scenes: [],
		beatsTold: 0,
		stopReason: null,
		startedBy: dream.startedBy,
		startedAt: at,
		updatedAt: at,
		voting: dream.voting ?? OPEN_VOTING,
		parentId: dream.parentId ?? null,
		night: dream.night ?? null,
	};
}

/** A record's place at the start of `passage`: its beats to tell from the first, its choices, no choice pending. */
const atPassage = (passage: Passage) => ({
	save: passage.save,
	beats: passage.beats,
	nextBeat: 0,
	choices: passage.choices,
	ended: passage.ended,
	faded: passage.end?.kind === 'faded' ? { file: passage.end.file, line: passage.end.line ?? null } : null,
	pendingChoice: null,
});

/**
 * Everyone who has voted in this dream so far: the closed votes' voters and the open vote's ballots. The one count of
 * a night's dreamers, for `/dream status` and the recap alike, so a ballot already shown in a tally is never missing
 * from either.
 */
export function dreamersOf(record: ChannelRecord): string[] {
	const open = record.vote && !record.vote.closed ? Object.keys(record.vote.ballots) : [];
	return open.length === 0 ? record.dreamers : [...new Set([...record.dreamers, ...open])];
}

/** True while a dream is running in the channel (not over, not stopped). */
export const isRunning = (record: ChannelRecord | null): record is ChannelRecord =>
	record !== null && record.phase !== 'ended';

export type BallotResult =
	| { kind: 'stale'; reason: StaleReason }
	| { kind: 'unchanged'; choice: string }
	/** `clockStarted`: the vote was waiting for its first ballot, and this one started its window. */
	| { kind: 'counted'; record: ChannelRecord; choice: string; previous: string | null; clockStarted: boolean };

/**
 * A member's ballot on the channel's record. A vote waiting without a clock (nobody voted by its deadline) starts a
 * full new window of `voteMs` with this ballot.
 */
export function applyBallot(record: ChannelRecord | null, ballot: Ballot, now: number, voteMs: number): BallotResult {
	if (!record) return { kind: 'stale', reason: 'no-dream' };
	if (record.sessionId !== ballot.sessionId) return { kind: 'stale', reason: 'other-dream' };
	if (record.phase === 'ended') return { kind: 'stale', reason: 'ended' };
	if (record.phase === 'stuck') return { kind: 'stale', reason: 'stuck' };
	const vote = record.vote;
	if (!vote || vote.round !== ballot.round)
		return { kind: 'stale', reason: ballot.round < record.round ? 'old-round' : 'closed' };
	const choice = vote.choices[ballot.choice];
	if (vote.closed || !choice) return { kind: 'stale', reason: 'closed' };
	if (choice.unclickable) return { kind: 'stale', reason: 'unclickable' };
	const previous = vote.ballots[ballot.userId];
	if (previous === ballot.choice) return { kind: 'unchanged', choice: choice.text };
	const clockStarted = vote.deadline === null;
	const next: VoteRecord = {
		...vote,
		ballots: { ...vote.ballots, [ballot.userId]: ballot.choice },
		deadline: clockStarted ? now + voteMs : vote.deadline,
	};
	return {
		kind: 'counted',
		record: { ...record, vote: next, updatedAt: now },
		choice: choice.text,
		previous: previous === undefined ? null : (vote.choices[previous]?.text ?? null),
		clockStarted,
	};
}

/** True when a ballot needs the vote window's length: its vote waits for a first ballot to start its clock. */
export const ballotStartsClock = (record: ChannelRecord | null): boolean => record?.vote?.deadline === null;

export type CloseResult =
	| { kind: 'not-open' }
	/** Nobody voted: the vote now waits, without a clock, for its first ballot. */
	| { kind: 'waiting'; record: ChannelRecord }
	| { kind: 'closed'; record: ChannelRecord; entry: HistoryEntry };

/**
 * Closes round `round` of the dream `sessionId`'s vote: the winner is kept to be taken (`pendingChoice`, phase
 * `closing`), the round goes into the history and its voters become the ones the next round waits for. Not open
 * (closed already, reset, another round or dream): nothing changes.
 */
export function closeRound(
	record: ChannelRecord | null,
	sessionId: string,
	round: number,
	by: ClosedBy,
	now: number,
): CloseResult {
	const vote = record?.vote;
	if (!record || !vote || record.sessionId !== sessionId || record.phase !== 'voting') return { kind: 'not-open' };
	if (vote.round !== round || vote.closed) return { kind: 'not-open' };
	const counts = tally(vote.ballots, vote.choices.length);
	const ballots = Object.keys(vote.ballots).length;
	const goOn = isGoOn(vote.choices);
	const narrators = by === 'narrator' && record.voting.narratorId ? vote.ballots[record.voting.narratorId] : undefined;
	const win =
		narrators !== undefined ? narrators : by === 'skip' || goOn ? winnerOnSkip(counts, vote.choices) : winner(counts);
	const choice = win === null ? undefined : vote.choices[win];
	if (win === null || !choice)
		return { kind: 'waiting', record: { ...record, vote: { ...vote, deadline: null }, updatedAt: now } };
	const entry: HistoryEntry = {
		round,
		choice: choice.text,
		votes: counts[win] ?? 0,
		ballots,
		closedBy: by,
		scene: record.scene,
		tallies: counts,
		choices: vote.choices.map((c) => c.text),
		...(goOn ? { goOn: true as const } : {}),
	};
	// A "go on" clicked by one member does not make the next vote wait for that member alone.
	const lastVoters = goOn ? record.lastVoters : Object.keys(vote.ballots);
	return {
		kind: 'closed',
		entry,
		record: {
			...record,
			vote: { ...vote, closed: true, winner: win, closedBy: by },
			history: [...record.history, entry],
			lastVoters,
			dreamers: [...new Set([...record.dreamers, ...Object.keys(vote.ballots)])],
			phase: 'closing',
			pendingChoice: choice.index,
			round: round + 1,
			updatedAt: now,
		},
	};
}

/** Whether a record is closing a vote of the dream `sessionId`, with its choice still to take (or taken). */
export const isClosing = (record: ChannelRecord | null, sessionId: string): record is ChannelRecord =>
	record !== null && record.sessionId === sessionId && record.phase === 'closing';

/**
 * Takes a closed vote's pending choice: `next` is what the story gave for it (the runner's result), and the dream
 * narrates the next passage. A record whose choice was already taken (by an earlier version, as it closed) just goes
 * on narrating. A choice the story could not take leaves the dream stuck, with `reason` saying why.
 */
export function takeChoice(
	record: ChannelRecord,
	next: { kind: 'ok'; passage: Passage } | { kind: 'failed'; reason: StopReason } | null,
	now: number,
): { kind: 'moved' | 'stuck'; record: ChannelRecord } {
	if (record.pendingChoice === null || next === null)
		return { kind: 'moved', record: { ...record, phase: 'narrating', updatedAt: now } };
	if (next.kind === 'failed')
		return { kind: 'stuck', record: { ...record, phase: 'stuck', stopReason: next.reason, updatedAt: now } };
	return {
		kind: 'moved',
		record: { ...record, ...atPassage(next.passage), phase: 'narrating', updatedAt: now },
	};
}

/** Beat `index` was posted: narration moves past it. Null if the record moved on meanwhile (told twice, reset). */
export function beatTold(record: ChannelRecord, index: number): ChannelRecord | null {
	if (record.phase !== 'narrating' || record.nextBeat !== index) return null;
	const scene = record.beats[index]?.scene;
	const scenes = scene && scene !== record.scenes.at(-1) ? [...record.scenes, scene] : record.scenes;
	return { ...record, nextBeat: index + 1, beatsTold: record.beatsTold + 1, scene: scene ?? record.scene, scenes };
}

/**
 * Every beat of the passage is told and it has choices: the vote opens, for `voteMs` from `now`. It is open in the
 * record before its message is posted (`messageId` null), so a click on a message posted but not yet recorded still
 * counts.
 */
export function openVote(record: ChannelRecord, now: number, voteMs: number): ChannelRecord | null {
	if (record.phase !== 'narrating' || record.nextBeat < record.beats.length) return null;
	return {
		...record,
		phase: 'voting',
		vote: {
			round: record.round,
			choices: record.choices,
			messageId: null,
			openedAt: now,
			deadline: now + voteMs,
			ballots: {},
			closed: false,
			winner: null,
			closedBy: null,
		},
	};
}

/** The vote of round `round` was posted as message `messageId`. */
export function votePosted(record: ChannelRecord, round: number, messageId: string): ChannelRecord | null {
	if (!record.vote || record.vote.round !== round) return null;
	return { ...record, vote: { ...record.vote, messageId } };
}

/** The story's own ending was told. */
export function endByStory(record: ChannelRecord, ending: string | null): ChannelRecord | null {
	if (record.phase !== 'narrating') return null;
	return { ...record, phase: 'ended', stopReason: { kind: 'ending', ending } };
}

/** The dream ends for a reason outside the story (its channel or vote message is gone, its story removed). */
export function endOutside(record: ChannelRecord, reason: StopReason, now: number): ChannelRecord | null {
	if (record.phase === 'ended') return null;
	return { ...record, phase: 'ended', stopReason: reason, updatedAt: now };
}

/** The dream cannot go on (its story changed or is gone): it stops where it is until a moderator resets it. */
export function markStuck(record: ChannelRecord, reason: StopReason): ChannelRecord | null {
	if (record.phase === 'ended' || record.phase === 'stuck') return null;
	return { ...record, phase: 'stuck', stopReason: reason };
}

/**
 * The ending's name: from the last beat that has one; or, where the story ran out of content, the faded ending (which
 * the endings a server finds count like any other).
 */
export const endingOf = (record: ChannelRecord): string | null =>
	record.beats.findLast((b) => b.ending)?.ending ?? (record.faded ? FADED_ENDING : null);

/** Why a run of the story failed, as a dream's stop reason (shown in `/dream status`). */
export function stopReasonOf(failure: RunFailure): StopReason {
	if (failure.kind === 'invalid-choice')
		return { kind: 'invalid-choice', index: failure.index, available: failure.available };
	return { kind: failure.kind, detail: failure.detail };
}

/** The stop reason of a dream whose story this server no longer has (removed, or gone from the built-in dreams). */
export const storyGone = (storyId: string): StopReason => ({ kind: 'story-gone', storyId });

/** A nonce for a post of this dream: the same on every try, unique within the dream. At most 25 characters. */
export const nonce = (record: ChannelRecord, what: string): string =>
	`${record.sessionId}.${record.round}.${what}`.slice(0, 25);
