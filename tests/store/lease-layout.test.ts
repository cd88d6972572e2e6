import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LEASE_MS } from '../../src/store/lease.js';
import { LAYOUT_KEY, nextLayout, parseLayout, sharedShards } from '../../src/store/lease-values.js';
import { StaleWriteError, Store } from '../../src/store/store.js';
import { SteeredBackend, steeredStore } from '../sessions/backend.js';
import { sqliteUrl } from '../sessions/harness.js';
import { sampleRecord, writeRecord } from './contract.js';
import { type Copy, clock, closeCopies, copy, lookedAgain, until } from './lease-copies.js';

afterEach(closeCopies);

const open = (url: string) => Store.open(url, pino({ level: 'silent' }));
/** Copies holding their lease now. */
const holders = (...copies: Copy[]) => copies.filter((c) => c.lease.held).map((c) => c.lease);

describe('which shards of one layout share guilds with which of another', () => {
	it('GIVEN a guild on shard (id >> 22) % count WHEN layouts differ THEN each shard shares guilds with exactly the shards its guilds move to', () => {
		// Checked against guilds themselves: every shard id pair that some guild has must be listed, and none other.
		for (const [count, other] of [
			[1, 2],
			[2, 1],
			[2, 4],
			[4, 6],
			[3, 5],
		]) {
			for (let shard = 0; shard < count; shard++) {
				const seen = new Set<number>();
				for (let id = 0; id < 240; id++) if (id % count === shard) seen.add(id % other);
				expect(sharedShards([shard], count, other), `${shard} of ${count} in ${other}`).toEqual(
					[...seen].sort((a, b) => a - b),
				);
			}
		}
	});
});

describe('the lease across shard layouts (over SQLite)', () => {
	it('GIVEN a copy without shards owning the guilds WHEN a copy of two shards starts THEN both its shards stand by and say why; WHEN the first hands over THEN each shard takes its part, told what was answered, and the old copy’s writes are refused', async () => {
		const url = sqliteUrl();
		const one = copy(open(url), 'one');
		await one.lease.start();
		await writeRecord(one.store, sampleRecord('c1', { beatsTold: 1 }));
		const two0 = copy(open(url), 'two', { shards: [0], of: 2 });
		const two1 = copy(open(url), 'two', { shards: [1], of: 2 });
		await Promise.all([two0.lease.start(), two1.lease.start()]);
		await lookedAgain([one, two0, two1]);
		expect(holders(one, two0, two1)).toEqual([one.lease]);
		expect(two0.said).toContain('a copy with another number of shards owns these guilds; standing by');
		expect(two0.lease.anotherMayAnswer(clock.now)).toBe(true);

		await one.lease.release(['77']);
		await until('both shards to take over', () => two0.lease.held && two1.lease.held);
		expect(two0.events).toEqual(['acquired 1, handed over: 77']);
		expect(two1.events).toEqual(['acquired 1, handed over: 77']);
		expect(two0.lease.anotherMayAnswer(clock.now - 1)).toBe(false);
		await expect(writeRecord(one.store, sampleRecord('c1', { beatsTold: 9 }))).rejects.toThrow(StaleWriteError);
		await writeRecord(two0.store, sampleRecord('c1', { beatsTold: 2 }));
		expect(await two1.store.readChannel('c1')).toMatchObject({ record: { beatsTold: 2 } });
	});

	it('GIVEN two shards owning the guilds WHEN a copy without shards starts THEN it stands by until both have handed over, and is told what each answered and what each had left of Discord’s budgets', async () => {
		const url = sqliteUrl();
		const posts = 'POST /channels/5/messages';
		const edits = 'PATCH /channels/6/messages';
		const two0 = copy(open(url), 'two', { shards: [0], of: 2, budgets: () => ({ [posts]: { left: 2, until: 1000 } }) });
		const two1 = copy(open(url), 'two', {
			shards: [1],
			of: 2,
			budgets: () => ({
				[posts]: { left: 4, until: 2000 },
				[edits]: { left: 0, until: 1500 },
			}),
		});
		await Promise.all([two0.lease.start(), two1.lease.start()]);
		await until('both shards to own their guilds', () => holders(two0, two1).length === 2);
		const one = copy(open(url), 'one');
		await one.lease.start();
		await two0.lease.release(['1']);
		await lookedAgain([one]);
		expect(one.lease.held).toBe(false);
		expect(one.lease.anotherMayAnswer(clock.now)).toBe(true);
		await two1.lease.release(['2']);
		await until('the copy without shards to take over', () => one.lease.held);
		expect(one.events).toEqual([
			`acquired 1, handed over: 1 2; budgets: ${posts} 2 left until 2000, ${edits} 0 left until 1500`,
		]);
	});

	it('GIVEN copies of two layouts starting together on an empty store, many times over WHEN they settle THEN one layout holds the guilds, never both at once', async () => {
		for (let round = 0; round < 12; round++) {
			const url = sqliteUrl();
			const copies = [
				copy(open(url), `one-${round}`),
				copy(open(url), `two-${round}`, { shards: [0], of: 2 }),
				copy(open(url), `two-${round}`, { shards: [1], of: 2 }),
			];
			const [one, two0, two1] = copies as [Copy, Copy, Copy];
			let both = 0;
			const watch = setInterval(() => {
				if (one.lease.held && (two0.lease.held || two1.lease.held)) both++;
			}, 1);
			await Promise.all(copies.map((c) => c.lease.start()));
			await until('one layout to hold the guilds', () => one.lease.held || (two0.lease.held && two1.lease.held));
			await lookedAgain(copies);
			clearInterval(watch);
			expect(both, `round ${round}`).toBe(0);
			for (const c of copies) c.lease.stop();
		}
	});

	it('GIVEN a copy that read the layout as its own WHEN a copy of another layout puts its own in force before the first writes its lease THEN the first, checking the layout after its write, gives the lease back unused', async () => {
		const backend = new SteeredBackend();
		// The first copy's store stops before its write of its lease lands, at a moment the test picks.
		let reads = 0;
		let resume: () => void = () => undefined;
		const paused = new Promise<void>((resolve) => {
			resume = resolve;
		});
		const pausing = new PausingBackend(backend, async (key) => {
			if (key.endsWith('lease:shards 0 of 1') && ++reads === 2) await paused;
		});
		const one = copy(steeredStore(pausing), 'one');
		const starting = one.lease.start();
		await until('the first copy to reach its write', () => reads === 2);
		clock.add(LEASE_MS);
		const two0 = copy(steeredStore(backend), 'two', { shards: [0], of: 2 });
		await two0.lease.start();
		expect(two0.lease.held).toBe(true);
		resume();
		await starting;
		await lookedAgain([one, two0]);
		expect(holders(one, two0)).toEqual([two0.lease]);
		expect(one.events).toEqual([]);
		expect(one.said).toContain('handed these guilds over');
	});

	it('GIVEN a copy without shards that stalls past its lease WHEN a copy of two shards takes over THEN the stalled copy learns so at its next look, acts no more, and its late writes are refused', async () => {
		const url = sqliteUrl();
		const one = copy(open(url), 'one', { renewMs: 300 });
		await one.lease.start();
		clock.add(LEASE_MS);
		const two0 = copy(open(url), 'two', { shards: [0], of: 2 });
		await two0.lease.start();
		expect(two0.events).toEqual(['acquired 1']);
		await until('the stalled copy to learn it lost the guilds', () => one.events.length === 2);
		expect(one.events[1]).toBe('lost: a copy with another number of shards took these guilds over');
		await expect(writeRecord(one.store, sampleRecord('c1', { beatsTold: 9 }))).rejects.toThrow(StaleWriteError);
		await lookedAgain([one, two0]);
		expect(holders(one, two0)).toEqual([two0.lease]);
	});

	it('GIVEN a copy of two shards that took over WHEN the old copy comes back THEN it stands by; WHEN the new copy is gone and its leases run out THEN the old copy takes the guilds back', async () => {
		const url = sqliteUrl();
		const one = copy(open(url), 'one');
		await one.lease.start();
		await one.lease.release();
		const two0 = copy(open(url), 'two', { shards: [0], of: 2 });
		await two0.lease.start();
		expect(two0.lease.held).toBe(true);
		const back = copy(open(url), 'one again');
		await back.lease.start();
		await lookedAgain([back]);
		expect(back.lease.held).toBe(false);
		two0.lease.stop();
		clock.add(LEASE_MS);
		await until('the copy without shards to take the guilds back', () => back.lease.held);
		expect(back.said).toContain('taking these guilds over from another number of shards');
	});

	it('GIVEN a layout put in force by a copy that is gone before taking its lease WHEN a copy of the layout before looks THEN it waits a lease’s length, then takes the guilds back', async () => {
		const url = sqliteUrl();
		const one = copy(open(url), 'one');
		await one.lease.start();
		await one.lease.release();
		// What a copy of two shards leaves when it dies between putting its layout in force and taking its lease.
		const { revision } = await one.store.readWithRevision(LAYOUT_KEY);
		await one.store.writeIfRevision(LAYOUT_KEY, nextLayout(2, parseLayout({ count: 1 }), clock.now), revision);
		const back = copy(open(url), 'one again');
		await back.lease.start();
		await lookedAgain([back]);
		expect(back.lease.held).toBe(false);
		expect(back.said).toContain('a copy with another number of shards is taking these guilds over; standing by');
		clock.add(LEASE_MS);
		await until('the copy without shards to take the guilds back', () => back.lease.held);
	});

	it('GIVEN an owner whose lease ran out by its own clock without anyone taking it WHEN it renews THEN it says it may act again', async () => {
		const url = sqliteUrl();
		const a = copy(open(url), 'a', { renewMs: 200 });
		await a.lease.start();
		clock.add(LEASE_MS);
		expect(a.lease.held).toBe(false);
		await until('the owner to renew', () => a.events.length === 2);
		expect(a.lease.held).toBe(true);
		expect(a.events).toEqual(['acquired 1', 'resumed']);
	});
});

/** A backend over another that runs `beforeGet` before each read, to stop a copy between two steps of its own. */
class PausingBackend extends SteeredBackend {
	constructor(
		private readonly inner: SteeredBackend,
		private readonly beforeGet: (key: string) => Promise<void>,
	) {
		super();
	}
	override async get(key: string) {
		await this.beforeGet(key);
		return this.inner.get(key);
	}
	override has(key: string) {
		return this.inner.has(key);
	}
	override set(key: string, value: unknown) {
		return this.inner.set(key, value);
	}
	override delete(key: string) {
		return this.inner.delete(key);
	}
	override clear() {
		return this.inner.clear();
	}
}
