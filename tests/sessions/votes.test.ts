import { describe, expect, it } from 'vitest';
import {
	everyoneVoted,
	isDecided,
	isGoOn,
	notYetVoted,
	tally,
	winner,
	winnerOnSkip,
} from '../../src/sessions/votes.js';

describe('the vote rules', () => {
	it('GIVEN ballots WHEN tallied THEN each choice gets its count, and ballots for choices not offered are ignored', () => {
		expect(tally({ a: 0, b: 2, c: 2, d: 7 }, 3)).toEqual([1, 0, 2]);
	});

	it('GIVEN a majority WHEN the winner is found THEN it is the choice with most ballots', () => {
		expect(winner([1, 3, 2])).toBe(1);
	});

	it('GIVEN a tie WHEN the winner is found THEN the tied choice listed first wins, whatever the order of ballots', () => {
		expect(winner([0, 2, 2])).toBe(1);
		expect(winner([2, 0, 2])).toBe(0);
	});

	it('GIVEN no ballots WHEN the winner is found THEN there is none, but a skip takes the first choice', () => {
		expect(winner([0, 0])).toBeNull();
		expect(winnerOnSkip([0, 0], [{}, {}])).toBe(0);
		expect(winnerOnSkip([0, 1], [{}, {}])).toBe(1);
	});

	it('GIVEN a first choice shown greyed out WHEN a vote nobody voted in is skipped THEN the first choice that can be taken wins', () => {
		expect(winnerOnSkip([0, 0, 0], [{ unclickable: true }, {}, {}])).toBe(1);
		expect(isGoOn([{}])).toBe(true);
		// One choice greyed out is no "go on": nothing can be taken there.
		expect(isGoOn([{ unclickable: true }])).toBe(false);
	});

	it('GIVEN last round voters WHEN all of them have voted again THEN the vote may close early; with no last round, never', () => {
		expect(everyoneVoted({ a: 0, b: 1 }, ['a', 'b'])).toBe(true);
		expect(everyoneVoted({ a: 0, c: 1 }, ['a', 'b'])).toBe(false);
		expect(everyoneVoted({ a: 0 }, [])).toBe(false);
	});
});

describe('whether a vote is decided (quick close)', () => {
	const two = [{}, {}];
	it('GIVEN a lead larger than the ballots to come THEN it is decided; as large THEN not; a tie it could reach goes to the first listed', () => {
		expect(isDecided([2, 0], 1, two)).toBe(true);
		expect(isDecided([2, 0], 3, two)).toBe(false);
		// Ties go to the first listed: the second choice reaching the first's count does not take it.
		expect(isDecided([2, 1], 1, two)).toBe(true);
		expect(isDecided([1, 2], 1, two)).toBe(false);
		expect(isDecided([0, 0], 0, two)).toBe(false);
	});
	it('GIVEN a choice shown greyed out THEN it is never the one that could overtake', () => {
		expect(isDecided([1, 0], 3, [{}, { unclickable: true }])).toBe(true);
	});
	it('GIVEN the night’s dreamers THEN those not yet voted are counted', () => {
		expect(notYetVoted({ a: 0, x: 1 }, ['a', 'b', 'c'])).toBe(2);
	});
});
