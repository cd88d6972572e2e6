import { describe, expect, it } from 'vitest';
import { TimedQueue } from '../../src/discord/timed-queue.js';

describe('items kept for a while', () => {
	it('GIVEN items that came at different times WHEN read THEN only those still within their time are there, oldest first', () => {
		let now = 0;
		const queue = new TimedQueue<string>(2500, () => now);
		queue.push('a');
		now = 1000;
		queue.push('b');
		now = 2499;
		expect(queue.live()).toEqual(['a', 'b']);
		now = 2500;
		expect(queue.live()).toEqual(['b']);
		now = 3500;
		expect(queue.live()).toEqual([]);
		expect(queue.size).toBe(0);
	});

	it('GIVEN kept items WHEN drained THEN they are given once, and the queue is empty after', () => {
		let now = 0;
		const queue = new TimedQueue<number>(100, () => now);
		queue.push(1);
		queue.push(2);
		now = 50;
		expect(queue.drain()).toEqual([1, 2]);
		expect(queue.drain()).toEqual([]);
		queue.push(3);
		expect(queue.live()).toEqual([3]);
	});
});
