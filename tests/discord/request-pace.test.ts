import { describe, expect, it } from 'vitest';
import { RequestPace } from '../../src/discord/request-pace.js';

describe('the pace of channel requests', () => {
	it('GIVEN a backlog of requests WHEN they are booked THEN a burst goes at once and the rest one every 1/rate s, not a second’s worth together', () => {
		const now = 1000;
		const pace = new RequestPace(50, 5, () => now);
		const waits = Array.from({ length: 60 }, () => pace.book());
		expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
		expect(waits[5]).toBeCloseTo(20);
		expect(waits[6]).toBeCloseTo(40);
		expect(waits[59]).toBeCloseTo(55 * 20);
	});

	it('GIVEN requests booked ahead WHEN time passes THEN later ones wait only for what is still booked, and a quiet spell earns no more than the burst', () => {
		let now = 0;
		const pace = new RequestPace(50, 5, () => now);
		for (let i = 0; i < 15; i++) pace.book(); // 5 at once, then 10 booked up to 200 ms ahead
		now = 100;
		expect(pace.book()).toBeCloseTo(120);
		now = 60_000;
		const afterQuiet = Array.from({ length: 6 }, () => pace.book());
		expect(afterQuiet).toEqual([0, 0, 0, 0, 0, expect.closeTo(20)]);
	});
});
