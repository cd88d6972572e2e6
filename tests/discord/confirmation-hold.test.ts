import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfirmationHold } from '../../src/discord/confirmation-hold.js';

/** Settles promise callbacks, then reports which of `promises` have resolved. */
async function settled(promises: Promise<void>[]): Promise<boolean[]> {
	const done = promises.map(() => false);
	promises.forEach((p, i) => void p.then(() => (done[i] = true)));
	await vi.advanceTimersByTimeAsync(0);
	return done;
}

describe('waiting out a burst of clicks', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());
	const clock = () => Date.now();

	it('GIVEN clicks 100 ms apart WHEN their answers ask to wait THEN they wait for nothing', async () => {
		const hold = new ConfirmationHold(25, 1000, clock);
		for (let i = 0; i < 3; i++) {
			hold.interactionArrived();
			await vi.advanceTimersByTimeAsync(3);
			expect(await settled([hold.afterBurst()])).toEqual([true]);
			await vi.advanceTimersByTimeAsync(97);
		}
	});

	it('GIVEN clicks 5 ms apart WHEN their answers wait THEN none after the first goes on until the clicks stop for the quiet time', async () => {
		const hold = new ConfirmationHold(25, 1000, clock);
		const waits: Promise<void>[] = [];
		for (let i = 0; i < 20; i++) {
			hold.interactionArrived();
			await vi.advanceTimersByTimeAsync(3);
			waits.push(hold.afterBurst());
			await vi.advanceTimersByTimeAsync(2);
		}
		// The first click could not know a burst was coming.
		expect(await settled(waits)).toEqual([true, ...Array.from({ length: 19 }, () => false)]);
		await vi.advanceTimersByTimeAsync(25);
		expect((await settled(waits)).every(Boolean)).toBe(true);
	});

	it('GIVEN a burst that does not stop WHEN answers wait THEN each goes on after the longest hold, in order', async () => {
		const hold = new ConfirmationHold(25, 200, clock);
		const order: number[] = [];
		for (let i = 0; i < 100; i++) {
			hold.interactionArrived();
			void hold.afterBurst().then(() => order.push(i));
			await vi.advanceTimersByTimeAsync(5);
			// 100 clicks 5 ms apart: the first waits its 200 ms and goes on while clicks still come.
			if (i === 45) expect(order).toEqual(Array.from({ length: order.length }, (_, k) => k));
		}
		expect(order.length).toBeGreaterThan(50);
		expect(order).toEqual(Array.from({ length: order.length }, (_, k) => k));
	});

	it('GIVEN a steady stream of clicks 10 ms apart WHEN each answer waits with the default hold THEN each goes on within 300 ms of its click, though the stream never pauses', async () => {
		const hold = new ConfirmationHold(undefined, undefined, clock);
		const waited: number[] = [];
		for (let i = 0; i < 100; i++) {
			hold.interactionArrived();
			const asked = Date.now();
			void hold.afterBurst().then(() => waited.push(Date.now() - asked));
			await vi.advanceTimersByTimeAsync(10);
		}
		await vi.advanceTimersByTimeAsync(300);
		expect(waited).toHaveLength(100);
		// What a member notices: their vote confirmed within 300 ms however long the stream goes on.
		expect(Math.max(...waited)).toBeLessThanOrEqual(300);
	});

	it('GIVEN fifty answers waiting WHEN the burst ends THEN they go on ten at a time, and clicks coming again make the rest wait again', async () => {
		const hold = new ConfirmationHold(25, 1000, clock);
		hold.interactionArrived();
		let gone = 0;
		for (let i = 0; i < 50; i++) {
			hold.interactionArrived();
			void hold.afterBurst().then(() => gone++);
		}
		await vi.advanceTimersToNextTimerAsync(); // the burst is over: the first ten go on
		expect(gone).toBe(10);
		hold.interactionArrived();
		hold.interactionArrived();
		await vi.advanceTimersToNextTimerAsync(); // a burst again before the next ten
		expect(gone).toBe(10);
		await vi.runAllTimersAsync();
		expect(gone).toBe(50);
	});

	it('GIVEN answers waiting WHEN the bot stops THEN they all go on at once, and nothing waits afterwards', async () => {
		const hold = new ConfirmationHold(25, 1000, clock);
		hold.interactionArrived();
		hold.interactionArrived();
		const waits = [hold.afterBurst(), hold.afterBurst()];
		expect(await settled(waits)).toEqual([false, false]);
		hold.release();
		expect(await settled(waits)).toEqual([true, true]);
		hold.interactionArrived();
		hold.interactionArrived();
		expect(await settled([hold.afterBurst()])).toEqual([true]);
	});
});
