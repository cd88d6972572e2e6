import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/engine/index.js';
import {
	applyBallot,
	beatTold,
	closeRound,
	dreamersOf,
	endByStory,
	markStuck,
	openVote,
	takeChoice,
	votePosted,
} from '../../src/sessions/transitions.js';
import type { ChannelRecord } from '../../src/store/records.js';
import { sampleRecord } from '../store/contract.js';

const NOW = 10_000;
const TWO_CHOICES = [
	{ index: 0, text: 'Left' },
	{ index: 1, text: 'Right' },
];

/** A dream voting on round 1 between two choices, with the given ballots. */
function voting(ballots: Record<string, number> = {}, patch: Partial<ChannelRecord> = {}): ChannelRecord {
	const record = sampleRecord('c1', { choices: TWO_CHOICES, ...patch });
	return {
		...record,
		vote: { ...(record.vote as NonNullable<ChannelRecord['vote']>), choices: TWO_CHOICES, ballots, deadline: 5000 },
	};
}

const ballot = (userId: string, choice: number, round = 1) => ({
	channelId: 'c1',
	sessionId: 'abcdefgh',
	round,
	choice,
	userId,
});

describe('a ballot', () => {
	it('GIVEN an open vote WHEN a member votes THEN a new record counts it and the one read is left as it was', () => {
		const before = voting();
		const result = applyBallot(before, ballot('ann', 1), NOW, 60_000);
		expect(result).toMatchObject({ kind: 'counted', choice: 'Right', previous: null, clockStarted: false });
		if (result.kind !== 'counted') return;
		expect(result.record.vote?.ballots).toEqual({ ann: 1 });
		expect(result.record.vote?.deadline).toBe(5000);
		expect(result.record.updatedAt).toBe(NOW);
		expect(before.vote?.ballots).toEqual({});
	});

	it('GIVEN a member who voted WHEN they vote again THEN the change names both choices; the same choice changes nothing', () => {
		const record = voting({ ann: 0 });
		expect(applyBallot(record, ballot('ann', 1), NOW, 60_000)).toMatchObject({ previous: 'Left', choice: 'Right' });
		expect(applyBallot(record, ballot('ann', 0), NOW, 60_000)).toEqual({ kind: 'unchanged', choice: 'Left' });
	});

	it('GIVEN a choice shown greyed out WHEN a ballot for it comes THEN it is not counted, and a skip with no ballots takes the first choice that can be taken', () => {
		const greyed = [
			{ index: 0, text: 'Swim', unclickable: true as const },
			...TWO_CHOICES.map((c, i) => ({ ...c, index: i + 1 })),
		];
		const record = voting({}, { choices: greyed });
		const withGreyed = { ...record, vote: record.vote && { ...record.vote, choices: greyed } };
		expect(applyBallot(withGreyed, ballot('ann', 0), NOW, 60_000)).toEqual({ kind: 'stale', reason: 'unclickable' });
		const skipped = closeRound(withGreyed, withGreyed.sessionId, 1, 'skip', NOW);
		expect(skipped.kind).toBe('closed');
		if (skipped.kind === 'closed') expect(skipped.entry.choice).toBe('Left');
	});

	it('GIVEN a vote waiting without a clock WHEN its first ballot comes THEN a full window starts from now', () => {
		const waiting = voting();
		const record = { ...waiting, vote: waiting.vote && { ...waiting.vote, deadline: null } };
		const result = applyBallot(record, ballot('ann', 0), NOW, 60_000);
		expect(result).toMatchObject({ kind: 'counted', clockStarted: true, record: { vote: { deadline: NOW + 60_000 } } });
	});

	it('GIVEN clicks that cannot count WHEN applied THEN each says why, in the words of its reason', () => {
		const record = voting();
		expect(applyBallot(null, ballot('ann', 0), NOW, 1)).toEqual({ kind: 'stale', reason: 'no-dream' });
		expect(applyBallot(record, { ...ballot('ann', 0), sessionId: 'other' }, NOW, 1)).toMatchObject({
			reason: 'other-dream',
		});
		expect(applyBallot({ ...record, phase: 'ended' }, ballot('ann', 0), NOW, 1)).toMatchObject({ reason: 'ended' });
		expect(applyBallot({ ...record, phase: 'stuck' }, ballot('ann', 0), NOW, 1)).toMatchObject({ reason: 'stuck' });
		expect(applyBallot({ ...record, round: 2 }, ballot('ann', 0, 0), NOW, 1)).toMatchObject({ reason: 'old-round' });
		expect(applyBallot(record, ballot('ann', 0, 2), NOW, 1)).toMatchObject({ reason: 'closed' });
		expect(applyBallot(record, ballot('ann', 7), NOW, 1)).toMatchObject({ reason: 'closed' });
	});
});

describe("a night's dreamers", () => {
	it("GIVEN an open vote with ballots WHEN the dreamers are counted THEN its voters count beside the closed rounds', once each", () => {
		const record = voting({ ann: 1, bob: 0 }, { dreamers: ['ann', 'cy'] });
		expect(dreamersOf(record).sort()).toEqual(['ann', 'bob', 'cy']);
		expect(dreamersOf(voting({}, { dreamers: ['cy'] }))).toEqual(['cy']);
	});

	it('GIVEN a round that closed WHEN the dreamers are counted THEN they are the same as while it was open', () => {
		const open = voting({ ann: 1, bob: 0 }, { dreamers: ['cy'] });
		const closed = closeRound(open, 'abcdefgh', 1, 'deadline', NOW);
		if (closed.kind !== 'closed') throw new Error(`expected a close, got ${closed.kind}`);
		expect(dreamersOf(closed.record).sort()).toEqual(dreamersOf(open).sort());
	});
});

describe('closing a round', () => {
	it('GIVEN ballots WHEN the round closes THEN the winner waits to be taken, the round is in the history and its voters are remembered', () => {
		const record = voting({ ann: 1, bob: 1, cy: 0 }, { dreamers: ['ann'] });
		const result = closeRound(record, 'abcdefgh', 1, 'deadline', NOW);
		expect(result).toMatchObject({
			kind: 'closed',
			entry: { round: 1, choice: 'Right', votes: 2, ballots: 3, closedBy: 'deadline' },
			record: {
				phase: 'closing',
				pendingChoice: 1,
				round: 2,
				vote: { closed: true, winner: 1, closedBy: 'deadline' },
				lastVoters: ['ann', 'bob', 'cy'],
				dreamers: ['ann', 'bob', 'cy'],
			},
		});
		expect(record.phase).toBe('voting');
	});

	it('GIVEN a "go on" (one choice) WHEN its pause runs out with no click, or one member clicks THEN it goes on with that choice, and the next vote still waits for the last vote\'s voters', () => {
		const only = [{ index: 0, text: 'Go through the door' }];
		const goOn = (ballots: Record<string, number>) => {
			const record = voting(ballots, { choices: only, lastVoters: ['ann', 'bob'], dreamers: ['ann', 'bob'] });
			return { ...record, vote: { ...(record.vote as NonNullable<ChannelRecord['vote']>), choices: only } };
		};
		expect(closeRound(goOn({}), 'abcdefgh', 1, 'deadline', NOW)).toMatchObject({
			kind: 'closed',
			entry: { choice: 'Go through the door', votes: 0, ballots: 0, goOn: true },
			record: { phase: 'closing', pendingChoice: 0, lastVoters: ['ann', 'bob'], dreamers: ['ann', 'bob'] },
		});
		expect(closeRound(goOn({ cy: 0 }), 'abcdefgh', 1, 'everyone', NOW)).toMatchObject({
			kind: 'closed',
			record: { pendingChoice: 0, lastVoters: ['ann', 'bob'], dreamers: ['ann', 'bob', 'cy'] },
		});
	});

	it('GIVEN no ballots WHEN the clock closes the round THEN it waits without a clock; a skip takes the first choice', () => {
		expect(closeRound(voting(), 'abcdefgh', 1, 'deadline', NOW)).toMatchObject({
			kind: 'waiting',
			record: { phase: 'voting', vote: { deadline: null, closed: false } },
		});
		expect(closeRound(voting(), 'abcdefgh', 1, 'skip', NOW)).toMatchObject({
			kind: 'closed',
			entry: { choice: 'Left', votes: 0 },
		});
	});

	it('GIVEN a round already closed, another round or another dream WHEN closed THEN nothing changes', () => {
		const closed = closeRound(voting({ ann: 0 }), 'abcdefgh', 1, 'deadline', NOW);
		if (closed.kind !== 'closed') throw new Error('expected a close');
		expect(closeRound(closed.record, 'abcdefgh', 1, 'deadline', NOW)).toEqual({ kind: 'not-open' });
		expect(closeRound(voting({ ann: 0 }), 'abcdefgh', 2, 'deadline', NOW)).toEqual({ kind: 'not-open' });
		expect(closeRound(voting({ ann: 0 }), 'another', 1, 'deadline', NOW)).toEqual({ kind: 'not-open' });
		expect(closeRound(null, 'abcdefgh', 1, 'deadline', NOW)).toEqual({ kind: 'not-open' });
	});
});

describe('taking the chosen way', () => {
	const next: Passage = {
		save: { format: 1, storyId: 'branching', contentHash: 'hash', ink: '{"next":1}' },
		beats: [{ text: 'Through the door.' }],
		choices: [],
		ended: true,
	};

	it('GIVEN a closed vote WHEN its choice is taken THEN the next passage is narrated from its first beat', () => {
		const closing = sampleRecord('c1', { phase: 'closing', pendingChoice: 1, nextBeat: 1 });
		expect(takeChoice(closing, { kind: 'ok', passage: next }, NOW)).toMatchObject({
			kind: 'moved',
			record: { phase: 'narrating', beats: next.beats, nextBeat: 0, ended: true, pendingChoice: null, save: next.save },
		});
	});

	it('GIVEN a choice the story cannot take WHEN taken THEN the dream is stuck, saying why', () => {
		const closing = sampleRecord('c1', { phase: 'closing', pendingChoice: 1 });
		const reason = { kind: 'story-error', detail: 'ran out of content' } as const;
		expect(takeChoice(closing, { kind: 'failed', reason }, NOW)).toMatchObject({
			kind: 'stuck',
			record: { phase: 'stuck', stopReason: reason },
		});
	});

	it('GIVEN a record that took its choice as it closed (an earlier version) WHEN taken THEN it only goes on narrating', () => {
		const closing = sampleRecord('c1', { phase: 'closing', pendingChoice: null });
		const result = takeChoice(closing, null, NOW);
		expect(result.record).toEqual({ ...closing, phase: 'narrating', updatedAt: NOW });
	});
});

describe('narration', () => {
	it('GIVEN beat 0 was posted WHEN it is told THEN the next is 1 and its scene is the scene; told twice, nothing changes', () => {
		const record = sampleRecord('c1', {
			phase: 'narrating',
			nextBeat: 0,
			beatsTold: 3,
			scene: null,
			beats: [{ text: 'One.', scene: 'The hall' }, { text: 'Two.' }],
		});
		const told = beatTold(record, 0);
		expect(told).toMatchObject({ nextBeat: 1, beatsTold: 4, scene: 'The hall' });
		expect(told && beatTold(told, 0)).toBeNull();
		expect(told && beatTold(told, 1)).toMatchObject({ nextBeat: 2, scene: 'The hall' });
	});

	it('GIVEN every beat told WHEN the vote opens THEN it is open before its message exists, for the window from now', () => {
		const record = sampleRecord('c1', { phase: 'narrating', nextBeat: 1, round: 3, vote: null });
		const opened = openVote(record, NOW, 60_000);
		expect(opened?.vote).toEqual({
			round: 3,
			choices: record.choices,
			messageId: null,
			openedAt: NOW,
			deadline: NOW + 60_000,
			ballots: {},
			closed: false,
			winner: null,
			closedBy: null,
		});
		expect(openVote({ ...record, nextBeat: 0 }, NOW, 60_000)).toBeNull();
		expect(opened && votePosted(opened, 3, 'm9')?.vote?.messageId).toBe('m9');
		expect(opened && votePosted(opened, 2, 'm9')).toBeNull();
	});

	it('GIVEN a dream WHEN it ends by its story or gets stuck THEN its stop reason says how, and neither happens twice', () => {
		const narrating = sampleRecord('c1', { phase: 'narrating' });
		expect(endByStory(narrating, 'Awake')).toMatchObject({
			phase: 'ended',
			stopReason: { kind: 'ending', ending: 'Awake' },
		});
		expect(endByStory(narrating, null)).toMatchObject({ stopReason: { kind: 'ending', ending: null } });
		expect(endByStory(sampleRecord('c1'), 'Awake')).toBeNull();
		const changed = { kind: 'story-changed', detail: 'no knot "cellar"' } as const;
		const stuck = markStuck(narrating, changed);
		expect(stuck).toMatchObject({ phase: 'stuck', stopReason: changed });
		expect(stuck && markStuck(stuck, { kind: 'story-gone', storyId: 'x' })).toBeNull();
	});
});
