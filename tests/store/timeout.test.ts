import Keyv from 'keyv';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NIGHT_DEFAULTS } from '../../src/store/records.js';
import { Store, type StoreOptions, StoreUnavailableError } from '../../src/store/store.js';
import { sampleRecord, writeRecord } from './contract.js';

// Every wait here is a timer (the store's deadlines, a slow backend's answers), so the clock is a fake one: the
// tests take no real time, and what they measure with Date.now() is the fake time that passed.
beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

/**
 * Runs the fake clock until no timer is left, then gives `work`'s outcome. It must have settled by then: a store that
 * hangs answers once its deadline passes, not never.
 */
async function afterTimers<T>(work: Promise<T>): Promise<T> {
	let settled = false;
	const tracked = work.finally(() => {
		settled = true;
	});
	tracked.catch(() => undefined);
	await vi.runAllTimersAsync();
	expect(settled, 'settled once every timer had run').toBe(true);
	return tracked;
}

/** A Keyv backend in memory that can be told to hang (a frozen server) or to fail (a refused connection). */
class Backend {
	readonly data = new Map<string, unknown>();
	mode: 'ok' | 'slow' | 'hang' | 'fail' = 'ok';
	private async answer<T>(value: () => T): Promise<T> {
		if (this.mode === 'hang') return new Promise<T>(() => undefined);
		if (this.mode === 'slow') await new Promise((r) => setTimeout(r, 20));
		if (this.mode === 'fail') throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
		return value();
	}
	get(key: string) {
		return this.answer(() => this.data.get(key));
	}
	set(key: string, value: unknown) {
		return this.answer(() => void this.data.set(key, value));
	}
	delete(key: string) {
		return this.answer(() => this.data.delete(key));
	}
	clear() {
		return this.answer(() => this.data.clear());
	}
}

function storeOver(backend: Backend, options: StoreOptions = {}) {
	const keyv = (namespace: string) => new Keyv({ store: backend, namespace, throwOnErrors: true });
	return new Store(keyv('channels'), keyv('guilds'), { timeoutMs: 100, ...options });
}

const defaults = { voteSeconds: 60, pace: 'normal' as const, moderatorRoleId: null, ...NIGHT_DEFAULTS };

describe('a store that does not answer', () => {
	it('GIVEN a backend that hangs WHEN a channel is read or written THEN each fails after the timeout with a clear error', async () => {
		const backend = new Backend();
		const store = storeOver(backend);
		backend.mode = 'hang';
		const began = Date.now();
		await expect(afterTimers(store.readChannel('c1'))).rejects.toThrow(
			new StoreUnavailableError('read channel c1: the store did not answer within 100 ms'),
		);
		await expect(afterTimers(writeRecord(store, sampleRecord('c1')))).rejects.toThrow(StoreUnavailableError);
		expect(Date.now() - began).toBeLessThan(1000);
	});

	it('GIVEN a backend that refuses connections WHEN read THEN it is an error with the cause, never an empty channel or default settings', async () => {
		const backend = new Backend();
		const store = storeOver(backend);
		await store.writeSettings('g1', { voteSeconds: 20, pace: 'slow', moderatorRoleId: null, ...NIGHT_DEFAULTS });
		backend.mode = 'fail';
		const error = await store.readChannel('c1').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(StoreUnavailableError);
		expect((error as Error).message).toMatch(/^read channel c1: connect ECONNREFUSED/);
		expect((error as Error).cause).toBeInstanceOf(Error);
		await expect(store.readSettings('g1', defaults)).rejects.toThrow(StoreUnavailableError);
		backend.mode = 'ok';
		expect(await store.readSettings('g1', defaults)).toMatchObject({ voteSeconds: 20 });
	});

	it('GIVEN a turn of the channel lock that hangs on a hung store WHEN the store answers again THEN the next turn runs and sees the data', async () => {
		const backend = new Backend();
		const store = storeOver(backend);
		await writeRecord(store, sampleRecord('c1'));
		backend.mode = 'hang';
		const stuck = store.withChannel('c1', (turn) => turn.read({ fresh: true }));
		await expect(afterTimers(stuck)).rejects.toThrow(StoreUnavailableError);
		backend.mode = 'ok';
		await expect(store.withChannel('c1', () => store.readChannel('c1'))).resolves.toMatchObject({ kind: 'ok' });
		expect(store.lock.busyKeys).toBe(0);
	});

	it('GIVEN a turn whose work hangs outside the store WHEN the turn runs out THEN the next one goes ahead, and the late work cannot write any more', async () => {
		const backend = new Backend();
		const store = storeOver(backend, { turnTimeoutMs: 200 });
		let wake = () => {};
		const woken = new Promise<void>((resolve) => (wake = resolve));
		let lateWork: Promise<void> | undefined;
		const slow = store.withChannel('c1', (turn) => {
			lateWork = (async () => {
				await woken;
				await turn.write(sampleRecord('c1', { scene: 'late' }));
			})();
			return lateWork;
		});
		await expect(afterTimers(slow)).rejects.toThrow('channel c1: its turn took over 200 ms');
		await store.withChannel('c1', (turn) => turn.write(sampleRecord('c1', { scene: 'next' })));
		wake();
		await expect(lateWork).rejects.toThrow(/refused, its turn of the channel lock ran out/);
		expect(await store.readChannel('c1')).toMatchObject({ kind: 'ok', record: { scene: 'next' } });
	});

	it('GIVEN many calls queued behind turns on a hung store WHEN they wait past the lock wait THEN they fail then, and their work never runs', async () => {
		const backend = new Backend();
		const store = storeOver(backend);
		backend.mode = 'hang';
		let ran = 0;
		const began = Date.now();
		const calls = Array.from({ length: 10 }, () =>
			store.withChannel('c1', async () => {
				ran++;
				return store.readChannel('c1');
			}),
		);
		const settled = await afterTimers(Promise.allSettled(calls));
		expect(settled.every((s) => s.status === 'rejected' && s.reason instanceof StoreUnavailableError)).toBe(true);
		// Ten turns of 100 ms each would take a second: once the first has failed, the others stop waiting.
		expect(Date.now() - began).toBeLessThan(store.lockWaitMs + store.timeoutMs + 300);
		expect(ran).toBeLessThan(10);
		backend.mode = 'ok';
		await expect(store.withChannel('c1', () => store.readChannel('c1'))).resolves.toEqual({ kind: 'none' });
	});

	it('GIVEN a store that is slow but answers WHEN calls queue longer than the lock wait THEN every one still runs', async () => {
		const backend = new Backend();
		const store = storeOver(backend, { timeoutMs: 100 });
		backend.mode = 'slow';
		const calls = Array.from({ length: 12 }, (_, i) =>
			store.withChannel('c1', (turn) => turn.write(sampleRecord('c1', { beatsTold: i }))),
		);
		// Twelve turns of 20 ms: the last waits well past the 100 ms lock wait, and nothing failed meanwhile.
		await expect(afterTimers(Promise.all(calls))).resolves.toHaveLength(12);
		expect(await afterTimers(store.readChannel('c1'))).toMatchObject({ record: { beatsTold: 11 } });
	});
});

describe('turns of the channel lock', () => {
	it('GIVEN the store busy with background writes WHEN a member’s turn comes THEN its operations go ahead of the queue', async () => {
		const backend = new Backend();
		const store = storeOver(backend, { timeoutMs: 1000, concurrency: 1 });
		backend.mode = 'slow';
		const order: string[] = [];
		const background = Array.from({ length: 5 }, (_, i) =>
			store.withChannel(`b${i}`, async (turn) => {
				await turn.write(sampleRecord(`b${i}`));
				order.push(`b${i}`);
			}),
		);
		const click = store.withChannel(
			'c1',
			async (turn) => {
				await turn.write(sampleRecord('c1'));
				order.push('c1');
			},
			{ urgent: true },
		);
		await afterTimers(Promise.all([...background, click]));
		// One operation out at a time: the first background turn's was already out, the click's went next (each write
		// first reads the revision it expects), so at most that first turn finished before the click.
		expect(order.indexOf('c1')).toBeLessThanOrEqual(1);
		expect(order).toHaveLength(6);
	});

	it('GIVEN a turn of one channel WHEN its work writes another channel’s record THEN it is refused and nothing is written', async () => {
		const backend = new Backend();
		const store = storeOver(backend);
		await expect(store.withChannel('c1', (turn) => turn.write(sampleRecord('c2')))).rejects.toThrow(
			'a turn of channel c1 cannot write channel c2',
		);
		expect(await store.readChannel('c2')).toEqual({ kind: 'none' });
	});
});
