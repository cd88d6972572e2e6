import { describe, expect, it } from 'vitest';
import { afterBallot, type DriveFacts, nextStep, resumeOrder, stillOpenWhenPosted } from '../../src/sessions/phases.js';
import type { ChannelRecord, VoteRecord } from '../../src/store/records.js';
import type { ChannelRead } from '../../src/store/store.js';
import { sampleRecord } from '../store/contract.js';

const NOW = 10_000;
const NONE: ChannelRead = { kind: 'none' };
/** What a read found: this record. */
const found = (record: ChannelRecord): ChannelRead => ({ kind: 'ok', record });
const FACTS: DriveFacts = { now: NOW, storyHash: 'hash', saveChecked: true, shownClosed: null };

/** The sample dream (story hash `hash`) with its vote changed by `vote`. */
function withVote(patch: Partial<ChannelRecord>, vote: Partial<VoteRecord> | null): ChannelRecord {
	const record = sampleRecord('c1', patch);
	return { ...record, vote: vote && { ...(record.vote as VoteRecord), ...vote } };
}

const narrating = (patch: Partial<ChannelRecord> = {}) =>
	sampleRecord('c1', {
		phase: 'narrating',
		beats: [{ text: 'One.' }, { text: 'Two.' }],
		nextBeat: 0,
		vote: null,
		...patch,
	});

describe('the next step of a dream', () => {
	it('GIVEN no dream, or one stuck or over WHEN asked THEN it rests', () => {
		expect(nextStep(NONE, FACTS)).toEqual({ kind: 'rest' });
		expect(nextStep(found(sampleRecord('c1', { phase: 'stuck' })), FACTS)).toEqual({ kind: 'rest' });
		expect(nextStep(found(sampleRecord('c1', { phase: 'ended' })), { ...FACTS, storyHash: null })).toEqual({
			kind: 'rest',
		});
	});

	it('GIVEN a record stored but unreadable WHEN asked THEN the channel is reset, whatever else is known', () => {
		const unreadable: ChannelRead = { kind: 'corrupt', reason: 'phase: invalid' };
		expect(nextStep(unreadable, FACTS)).toEqual({ kind: 'reset-unreadable' });
		expect(nextStep(unreadable, { ...FACTS, storyHash: null })).toEqual({ kind: 'reset-unreadable' });
	});

	it('GIVEN a dream whose story the server no longer has WHEN asked in any running phase THEN it is stuck', () => {
		for (const phase of ['narrating', 'voting', 'closing'] as const)
			expect(nextStep(found(sampleRecord('c1', { phase })), { ...FACTS, storyHash: null })).toEqual({
				kind: 'story-gone',
			});
	});

	it('GIVEN a story changed since the dream began WHEN asked THEN its saved place is checked first, once', () => {
		const changed = { ...FACTS, storyHash: 'other', saveChecked: false };
		expect(nextStep(found(narrating()), changed)).toEqual({ kind: 'check-save' });
		expect(nextStep(found(narrating()), { ...changed, saveChecked: true })).toEqual({ kind: 'tell-beat', index: 0 });
		expect(nextStep(found(narrating()), { ...FACTS, saveChecked: false })).toEqual({ kind: 'tell-beat', index: 0 });
	});

	it('GIVEN a passage being told WHEN asked THEN its next beat, then the vote, or the ending after the last passage', () => {
		expect(nextStep(found(narrating({ nextBeat: 1 })), FACTS)).toEqual({ kind: 'tell-beat', index: 1 });
		expect(nextStep(found(narrating({ nextBeat: 2 })), FACTS)).toEqual({ kind: 'open-vote' });
		expect(nextStep(found(narrating({ nextBeat: 2, ended: true })), FACTS)).toEqual({ kind: 'tell-ending' });
	});

	it('GIVEN an open vote WHEN asked THEN its message is posted, then it waits for its clock, and closes once overdue', () => {
		expect(nextStep(found(withVote({}, { messageId: null })), FACTS)).toEqual({ kind: 'post-vote' });
		expect(nextStep(found(withVote({}, { deadline: NOW + 1 })), FACTS)).toEqual({ kind: 'await-vote' });
		expect(nextStep(found(withVote({}, { deadline: null })), FACTS)).toEqual({ kind: 'await-vote' });
		expect(nextStep(found(withVote({ round: 4 }, { round: 4, deadline: NOW })), FACTS)).toEqual({
			kind: 'close-vote',
			round: 4,
		});
	});

	it('GIVEN a closed vote WHEN asked THEN it is shown closed unless this process showed it, then its choice is taken', () => {
		const closing = withVote({ phase: 'closing', round: 2 }, { round: 1, closed: true, winner: 0 });
		expect(nextStep(found(closing), FACTS)).toEqual({ kind: 'show-closed' });
		const shown = { sessionId: closing.sessionId, round: 1 };
		expect(nextStep(found(closing), { ...FACTS, shownClosed: shown })).toEqual({ kind: 'take-choice' });
		expect(nextStep(found(closing), { ...FACTS, shownClosed: { ...shown, round: 0 } })).toEqual({
			kind: 'show-closed',
		});
		// The same round of an earlier dream in the channel is another vote.
		expect(nextStep(found(closing), { ...FACTS, shownClosed: { ...shown, sessionId: 'earlier' } })).toEqual({
			kind: 'show-closed',
		});
		// Closed while its message was on its way: whoever posts it shows it closed.
		const unposted = withVote({ phase: 'closing' }, { messageId: null, closed: true });
		expect(nextStep(found(unposted), FACTS)).toEqual({ kind: 'take-choice' });
	});

	it('GIVEN the dream went on past a vote this process never showed closed (the copy before stopped first) WHEN asked THEN it is shown closed, once, before the next beat', () => {
		const closed = withVote({}, { round: 1, closed: true, winner: 1 }).vote;
		const goneOn = narrating({ round: 2, vote: closed });
		expect(nextStep(found(goneOn), FACTS)).toEqual({ kind: 'show-closed' });
		const shown = { sessionId: goneOn.sessionId, round: 1 };
		expect(nextStep(found(goneOn), { ...FACTS, shownClosed: shown })).toEqual({ kind: 'tell-beat', index: 0 });
	});
});

describe('after a ballot', () => {
	it('GIVEN everyone from the last round voted WHEN counted THEN the vote closes now; else the tally shows it', () => {
		const all = withVote({ lastVoters: ['u1'] }, { ballots: { u1: 0 }, round: 3 });
		expect(afterBallot(all, false, 'u1')).toEqual({ kind: 'close', round: 3, by: 'everyone' });
		const some = withVote({ lastVoters: ['u1', 'u2'] }, { ballots: { u1: 0 } });
		expect(afterBallot(some, false, 'u1')).toEqual({ kind: 'show-tally', armClock: false });
		expect(afterBallot(withVote({ lastVoters: [] }, { ballots: { u1: 0 } }), true, 'u1')).toEqual({
			kind: 'show-tally',
			armClock: true,
		});
	});
});

describe('a "go on" (a point with one choice)', () => {
	it('GIVEN a point with one choice WHEN anyone clicks THEN it goes on at once, whoever voted last round', () => {
		const only = [{ index: 0, text: 'Go through the door' }];
		const goOn = withVote({ lastVoters: ['u1', 'u2'], choices: only }, { choices: only, ballots: { u3: 0 }, round: 4 });
		expect(afterBallot(goOn, true, 'u3')).toEqual({ kind: 'close', round: 4, by: 'everyone' });
	});
});

describe('a vote message posted', () => {
	it('GIVEN the vote was closed or the dream reset while it was posted WHEN recorded THEN it is not left open', () => {
		expect(stillOpenWhenPosted(withVote({}, {}))).toBe(true);
		expect(stillOpenWhenPosted(withVote({ phase: 'closing' }, { closed: true }))).toBe(false);
		expect(stillOpenWhenPosted(withVote({}, null))).toBe(false);
		expect(stillOpenWhenPosted(null)).toBe(false);
	});
});

describe('a restart', () => {
	it('GIVEN dreams in every state WHEN taken up THEN overdue votes close first, open ones are armed at once, the rest after', () => {
		expect(resumeOrder(withVote({}, { deadline: NOW }), NOW, true)).toBe('close-first');
		expect(resumeOrder(withVote({}, { deadline: NOW + 1 }), NOW, true)).toBe('at-once');
		expect(resumeOrder(withVote({}, { deadline: null }), NOW, true)).toBe('at-once');
		// A story that changed is checked before its vote closes; a vote not yet posted is posted first.
		expect(resumeOrder(withVote({}, { deadline: NOW }), NOW, false)).toBe('after');
		expect(resumeOrder(withVote({}, { deadline: NOW, messageId: null }), NOW, true)).toBe('after');
		expect(resumeOrder(narrating(), NOW, true)).toBe('after');
		expect(resumeOrder(withVote({ phase: 'closing' }, { closed: true }), NOW, true)).toBe('after');
	});
});

describe('after a ballot, by vote mode', () => {
	const narrated = { mode: 'narrator' as const, narratorId: 'nora', quickClose: false };
	it('GIVEN a narrator’s dream WHEN someone else votes THEN it stays open, even with everyone from the last round in; WHEN the narrator does THEN it closes by the narrator', () => {
		const all = withVote({ lastVoters: ['u1'], voting: narrated }, { ballots: { u1: 0 }, round: 2 });
		expect(afterBallot(all, false, 'u1')).toEqual({ kind: 'show-tally', armClock: false });
		const picked = withVote({ lastVoters: ['u1'], voting: narrated }, { ballots: { u1: 0, nora: 1 }, round: 2 });
		expect(afterBallot(picked, false, 'nora')).toEqual({ kind: 'close', round: 2, by: 'narrator' });
	});
	it('GIVEN quick close WHEN the ballots to come cannot change the winner THEN it closes as certain; GIVEN no dreamers known yet THEN not', () => {
		const quick = { mode: 'open' as const, narratorId: null, quickClose: true };
		const certain = withVote(
			{ voting: quick, lastVoters: ['a', 'b', 'c', 'd'], dreamers: ['a', 'b', 'c', 'd'] },
			{ ballots: { a: 0, b: 0, c: 0 }, round: 5 },
		);
		expect(afterBallot(certain, false, 'c')).toEqual({ kind: 'close', round: 5, by: 'certain' });
		const first = withVote({ voting: quick, dreamers: [] }, { ballots: { a: 0, b: 0, c: 0 } });
		expect(afterBallot(first, false, 'c').kind).toBe('show-tally');
	});
});
