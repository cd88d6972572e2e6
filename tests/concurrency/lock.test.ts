import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../src/concurrency/lock.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('the per-channel lock', () => {
	it('GIVEN read-modify-writes on one key WHEN they run at once THEN none is lost', async () => {
		const lock = new KeyedLock();
		let value = 0;
		await Promise.all(
			Array.from({ length: 50 }, () =>
				lock.run('channel', async () => {
					const read = value;
					await tick();
					value = read + 1;
				}),
			),
		);
		expect(value).toBe(50);
		expect(lock.busyKeys).toBe(0);
	});

	it('GIVEN work on two keys WHEN one is slow THEN the other does not wait for it', async () => {
		const lock = new KeyedLock();
		const order: string[] = [];
		let release = () => {};
		const slow = lock.run('a', () => new Promise<void>((r) => (release = r)).then(() => void order.push('a')));
		await lock.run('b', async () => void order.push('b'));
		release();
		await slow;
		expect(order).toEqual(['b', 'a']);
	});

	it('GIVEN a failing piece of work WHEN the next one runs on the same key THEN it still runs', async () => {
		const lock = new KeyedLock();
		await expect(lock.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await expect(lock.run('k', async () => 'after')).resolves.toBe('after');
	});
});
