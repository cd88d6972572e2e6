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

	it('GIVEN booked requests whose timers woke late and together WHEN they ask to go THEN no more than the pace go in any second: the late ones go as those a second before them make room', () => {
		let now = 0;
		const pace = new RequestPace(50, 5, () => now);
		const waits = Array.from({ length: 60 }, () => pace.book()); // 5 at 0 ms, then one every 20 ms up to 1,100 ms
		// Those booked before 900 ms go on time; a busy event loop wakes the other eleven together at 1,000 ms.
		const onTime = waits.filter((wait) => wait < 900);
		expect(onTime).toHaveLength(49);
		for (const wait of onTime) {
			now = wait;
			expect(pace.clear()).toBe(0);
		}
		now = 1000;
		const late = Array.from({ length: 11 }, () => pace.clear());
		// Six go: 44 went in the last second (20 to 880 ms), and the five sent at 0 ms are a second old. The other five
		// wait for the one sent at 20 ms to be.
		expect(late).toEqual([0, 0, 0, 0, 0, 0, 20, 20, 20, 20, 20]);
		now = 1020;
		expect([pace.clear(), pace.clear()]).toEqual([0, 20]);
	});
});
