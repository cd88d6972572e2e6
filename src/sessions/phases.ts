/**
 * What happens next to a channel's dream, decided from its record and what this process knows now: the one place that
 * says how a dream moves through its phases (narrating → voting → closing → narrating … → ended, or stuck). Pure, like
 * transitions.ts: the driver (driver.ts) asks, carries the step out with narration.ts or voting.ts, and asks again.
 */
import type { ChannelRecord } from '../store/records.js';
import type { ChannelRead } from '../store/store.js';
import { everyoneVoted, isDecided, isGoOn, notYetVoted, tally } from './votes.js';

/** A vote shown closed on its message: round `round` of the dream `sessionId`. */
export interface ShownClosed {
	sessionId: string;
	round: number;
}

/** What the driver knows beside the record: none of it is stored. */
export interface DriveFacts {
	now: number;
	/** The content hash of the record's story as its server has it now; null when the server no longer has it. */
	storyHash: string | null;
	/** The saved place was checked against the story as it is now (needed only when the story changed under it). */
	saveChecked: boolean;
	/** The vote this process last showed closed on its message: its dream and round. */
	shownClosed: ShownClosed | null;
}

export type Step =
	/** Nothing to do now: no dream, or it is stuck or over. */
	| { kind: 'rest' }
	/** The record is stored but cannot be read: the channel is reset, and told (its dream is lost, nothing else). */
	| { kind: 'reset-unreadable' }
	/** The server no longer has the dream's story: it is stuck. */
	| { kind: 'story-gone' }
	/** The story changed since the dream began: ink must say whether the saved place still resumes. */
	| { kind: 'check-save' }
	/** Post beat `index` of the passage, then pause to read it. */
	| { kind: 'tell-beat'; index: number }
	/** Every beat of a passage with choices is told: the vote opens. */
	| { kind: 'open-vote' }
	/** Every beat of the story's last passage is told: the ending and the recap. */
	| { kind: 'tell-ending' }
	/** The vote is open in the record but its message not yet posted. */
	| { kind: 'post-vote' }
	/** The vote is open, its message posted: its clock closes it at its deadline (none while no one voted). */
	| { kind: 'await-vote' }
	/** The vote's deadline has passed: it closes. */
	| { kind: 'close-vote'; round: number }
	/**
	 * The vote is closed in the record but this process has not asked for its message to show it closed: it asks, and
	 * the dream goes on without waiting for Discord (a copy that stopped before its closing edit went out leaves it).
	 */
	| { kind: 'show-closed' }
	/** The closed vote's winning choice is taken, and the story moves on to its next passage. */
	| { kind: 'take-choice' };

/** The next step of the channel's dream, from what a read of its record found. */
export function nextStep(found: ChannelRead, facts: DriveFacts): Step {
	if (found.kind === 'corrupt') return { kind: 'reset-unreadable' };
	if (found.kind === 'none') return { kind: 'rest' };
	const { record } = found;
	if (record.phase === 'stuck' || record.phase === 'ended') return { kind: 'rest' };
	if (facts.storyHash === null) return { kind: 'story-gone' };
	if (facts.storyHash !== record.contentHash && !facts.saveChecked) return { kind: 'check-save' };
	const vote = record.vote;
	// A closed vote is shown closed once per process: a copy stopped before its closing edit went out left it to this one.
	if (vote?.closed && vote.messageId && !isShown(facts.shownClosed, record.sessionId, vote.round))
		return { kind: 'show-closed' };
	switch (record.phase) {
		case 'narrating':
			if (record.nextBeat < record.beats.length) return { kind: 'tell-beat', index: record.nextBeat };
			return record.ended ? { kind: 'tell-ending' } : { kind: 'open-vote' };
		case 'voting':
			if (!vote || vote.closed) return { kind: 'rest' };
			if (vote.messageId === null) return { kind: 'post-vote' };
			if (vote.deadline !== null && vote.deadline <= facts.now) return { kind: 'close-vote', round: vote.round };
			return { kind: 'await-vote' };
		case 'closing':
			// A vote closed while its message was being posted has none to show closed yet: whoever posts it does.
			return { kind: 'take-choice' };
	}
}

const isShown = (shown: ShownClosed | null, sessionId: string, round: number) =>
	shown?.sessionId === sessionId && shown.round === round;

/**
 * After a counted ballot: the vote closes now if it is a "go on" (which the first click takes), if the narrator chose,
 * if everyone who voted last round has voted, or (quick close) if the ballots still to come could not change the
 * winner; else its tally shows it.
 */
export type AfterBallot =
	| { kind: 'close'; round: number; by: 'everyone' | 'narrator' | 'certain' }
	| { kind: 'show-tally'; armClock: boolean };

/**
 * What follows `voterId`'s counted ballot (see votes.ts for the rules of each mode); `clockStarted`: it was the first,
 * and started the vote's window.
 */
export function afterBallot(record: ChannelRecord, clockStarted: boolean, voterId: string): AfterBallot {
	const vote = record.vote;
	const { mode, narratorId, quickClose } = record.voting;
	const showTally: AfterBallot = { kind: 'show-tally', armClock: clockStarted };
	if (!vote) return showTally;
	const close = (by: 'everyone' | 'narrator' | 'certain'): AfterBallot => ({ kind: 'close', round: vote.round, by });
	if (isGoOn(vote.choices)) return close('everyone');
	if (mode === 'narrator') return voterId === narratorId ? close('narrator') : showTally;
	if (everyoneVoted(vote.ballots, record.lastVoters)) return close('everyone');
	if (quickClose && record.dreamers.length > 0) {
		const counts = tally(vote.ballots, vote.choices.length);
		if (isDecided(counts, notYetVoted(vote.ballots, record.dreamers), vote.choices)) return close('certain');
	}
	return showTally;
}

/**
 * A vote's message was posted and its id written: whether the vote is still open to clicks. A skip or a reset can close
 * it while its message is on its way; then the message, once posted, must be shown closed.
 */
export const stillOpenWhenPosted = (saved: ChannelRecord | null): boolean =>
	saved?.vote !== null && saved?.vote !== undefined && !saved.vote.closed;

/**
 * How a restart takes a dream up: votes whose time ran out while the bot was down are closed first, all of them
 * (their members waited longest, and closing is a little store work where going on is the story's); open votes have
 * their clocks armed at once, so they close on time whatever else is going on; the rest follow.
 */
export function resumeOrder(
	record: ChannelRecord,
	now: number,
	storyUnchanged: boolean,
): 'close-first' | 'at-once' | 'after' {
	const vote = record.vote;
	if (record.phase !== 'voting' || !vote?.messageId || !storyUnchanged) return 'after';
	return vote.deadline !== null && vote.deadline <= now ? 'close-first' : 'at-once';
}
