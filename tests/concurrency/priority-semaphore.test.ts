import { describe, expect, it } from 'vitest';
import { PrioritySemaphore } from '../../src/concurrency/priority-semaphore.js';

/** Lets every waiter that can go, go, and returns who holds a permit in the order they got it. */
async function served(semaphore: PrioritySemaphore, waiters: [name: string, level: number, rank?: number][]) {
	const order: string[] = [];
	const held = waiters.map(([name, level, rank]) => semaphore.acquire(level, rank).then(() => order.push(name)));
	for (let i = 0; i < waiters.length; i++) {
		await Promise.resolve();
		semaphore.release();
	}
	await Promise.all(held);
	return order;
}

describe('PrioritySemaphore', () => {
	it('GIVEN its one permit held WHEN waiters of two levels queue THEN the lower level goes first, each level first come first served', async () => {
		const semaphore = new PrioritySemaphore(1, 2);
		await semaphore.acquire(0);
		const order = await served(semaphore, [
			['post a', 1],
			['close a', 0],
			['post b', 1],
			['close b', 0],
		]);
		expect(order).toEqual(['close a', 'close b', 'post a', 'post b']);
	});

	it('GIVEN ranked waiters in a level WHEN they queue out of rank THEN they go by rank, equal ranks in arrival order, unranked ones last', async () => {
		const semaphore = new PrioritySemaphore(1, 2);
		await semaphore.acquire(0);
		const order = await served(semaphore, [
			['unranked', 0],
			['third', 0, 30],
			['first', 0, 10],
			['second a', 0, 20],
			['second b', 0, 20],
			['a post', 1, 0],
		]);
		expect(order).toEqual(['first', 'second a', 'second b', 'third', 'unranked', 'a post']);
	});
});
