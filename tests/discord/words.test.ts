import { describe, expect, it } from 'vitest';
import { renderStatus } from '../../src/discord/status-layout.js';
import {
	ballotWords,
	endingsCount,
	endingsFound,
	recapWords,
	skipWords,
	stopReasonText,
} from '../../src/discord/words/index.js';
import type { StatusView } from '../../src/sessions/outcomes.js';
import { stopReasonOfNote } from '../../src/store/stop-reasons.js';
import { textsOf } from '../helpers.js';

/** Sentences version 1 kept in its records, as /dream status showed them. */
const OLD_NOTES = [
	'ended',
	'ended: The Lighthouse',
	'the channel or its messages are gone (Unknown Channel)',
	'the channel or its messages are gone (the vote message was deleted)',
	'a moderator removed the dream "tides" from this server',
	'the dream "tides" is no longer one this server has',
	'the dream changed and cannot resume here (no knot "cellar")',
	'the saved place could not be read (save format 9 is newer than this Reverie reads (1))',
	'choice 3 is not open (2 are)',
	'the dream broke off (ran out of content)',
	'something a future version wrote',
];

function status(patch: Partial<StatusView>): StatusView {
	return {
		sessionId: 's',
		story: null,
		storyId: 'tides',
		phase: 'stuck',
		scene: null,
		beatsTold: 3,
		round: 2,
		vote: null,
		dreamers: 1,
		startedBy: 'u1',
		startedAt: 1000,
		stopReason: null,
		found: { count: 0, total: null },
		...patch,
	};
}

describe('the words for why a dream stopped', () => {
	it.each(OLD_NOTES)(
		'GIVEN the note %j of a record from before WHEN migrated and worded THEN the words are the same',
		(note) => {
			expect(stopReasonText(stopReasonOfNote(note))).toBe(note);
		},
	);

	it('GIVEN a stuck dream WHEN its status is shown THEN its note is in words; a running one shows none', () => {
		const stuck = textsOf(renderStatus(status({ stopReason: { kind: 'story-gone', storyId: 'tides' } })).components);
		expect(stuck.slice(-2)).toEqual([
			'**Note:** the dream "tides" is no longer one this server has',
			'-# A moderator can /dream reset it.',
		]);
		const running = textsOf(
			renderStatus(status({ phase: 'voting', stopReason: { kind: 'ending', ending: null } })).components,
		);
		expect(running.some((text) => text.startsWith('**Note:**'))).toBe(false);
	});

	it('GIVEN the engine could not run a story WHEN worded THEN it is said as before', () => {
		expect(stopReasonText({ kind: 'invalid-choice', index: 4, available: 2 })).toBe('choice 4 is not open (2 are)');
		expect(stopReasonText({ kind: 'story-changed', detail: 'x' })).toBe('the dream changed and cannot resume here (x)');
	});
});

describe('choices quoted back', () => {
	it('GIVEN a choice of a paragraph, as published ink can have WHEN a ballot is confirmed, a vote skipped or the path recapped THEN its first 200 characters are quoted, so the answer always fits', () => {
		const long = `${'Ask the old woman at the last stall about everything, '.repeat(10)}and wait.`;
		const confirmation = ballotWords.counted(long, 'Buy bread');
		expect(confirmation).toContain(`“${long.slice(0, 199)}…”`);
		expect(confirmation).toContain('(was “Buy bread”)');
		expect(confirmation.length).toBeLessThan(300);
		expect(skipWords.closed(long, 2)).toBe(`Vote closed: “${long.slice(0, 199)}…” goes ahead.`);
		expect(recapWords.step({ round: 1, choice: long, votes: 2, ballots: 3, skipped: false })).toBe(
			`1. ${long.slice(0, 199)}… — 2 of 3 votes`,
		);
		expect(ballotWords.unchanged('Buy bread')).toBe('Your vote is already for “Buy bread”.');
		// A "go on" on the path says it went on, not "0 of 0 votes".
		expect(recapWords.step({ round: 2, choice: 'Step in', votes: 0, ballots: 0, skipped: false, goOn: true })).toBe(
			'2. Step in — went on',
		);
	});
});

describe('counts of endings', () => {
	it('GIVEN a dream explored whole, one known only from sample plays, and one not yet counted WHEN its endings are counted THEN each count says what it is', () => {
		const whole = { count: 2, total: { endings: 5, samplePlays: null } };
		const sampled = { count: 2, total: { endings: 4, samplePlays: 2000 } };
		const unknown = { count: 2, total: null };
		expect([whole, sampled, unknown].map(endingsCount)).toEqual([
			'2 of 5 endings',
			'2 of the 4 endings seen in 2,000 sample plays',
			'2 endings',
		]);
		expect([whole, sampled, unknown].map(endingsFound)).toEqual([
			'2 of 5 endings found.',
			'2 found of the 4 endings seen in 2,000 sample plays.',
			'2 endings found.',
		]);
	});
});
