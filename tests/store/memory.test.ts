import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { type Guard, type GuardedAdapter, revisionOf } from '../../src/store/backends/guarded.js';
import { deserialize, serialize } from '../../src/store/backends/stored-form.js';
import { RECORD_CACHE_LIMIT } from '../../src/store/record-cache.js';
import { BULK_OPERATIONS_AT_ONCE, Store } from '../../src/store/store.js';
import { deleteRecord, sampleRecord, writeRecord } from './contract.js';

/**
 * A store in memory whose reads and listings can be held back: a read takes what is stored when it is asked and
 * answers when the gate opens, as a pool of connections may answer a read after a later write. Its guarded writes
 * are never held.
 */
class GatedMap extends Map<string, unknown> implements GuardedAdapter {
	private opened: Promise<void> = Promise.resolve();
	open: () => void = () => undefined;
	asked = 0;
	/** How many more reads the gate holds (the rest go through). */
	private holding = Number.POSITIVE_INFINITY;

	/** Holds every read and listing from now on (or only the next `reads` reads) until {@link open}. */
	hold(reads = Number.POSITIVE_INFINITY): void {
		this.holding = reads;
		this.opened = new Promise((resolve) => {
			this.open = resolve;
		});
	}

	override get(key: string): never {
		const value = super.get(key);
		this.asked++;
		if (this.holding <= 0) return Promise.resolve(value) as never;
		this.holding--;
		return this.opened.then(() => value) as never;
	}

	storedKey(namespace: string, key: string): string {
		return `${namespace}:${key}`;
	}

	async writeIf(key: string, text: string, guard: Guard): Promise<boolean> {
		const stored = super.get(key);
		const revision = stored === undefined ? -1 : revisionOf(deserialize<{ value: unknown }>(String(stored)).value);
		if (revision !== guard.revision || guard.fence) return false;
		this.set(key, text);
		return true;
	}

	override *[Symbol.iterator](): MapIterator<[string, unknown]> {
		const snapshot = [...super.entries()];
		this.asked++;
		for (const entry of snapshot) yield this.opened.then(() => entry) as never;
	}
}

function gatedStore(concurrency?: number, freshReads?: boolean) {
	const map = new GatedMap();
	const keyv = new Keyv({ store: map, namespace: 'channels', serialize, deserialize });
	const store = new Store(keyv, new Keyv({ store: new Map() }), { concurrency, freshReads });
	return { map, store };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Puts `count` records in the store behind the store's back (`c0`, `c1`, …). */
function storeRecords(map: GatedMap, count: number): void {
	for (let i = 0; i < count; i++) map.set(`channels:c${i}`, serialize({ value: sampleRecord(`c${i}`) }));
}

/** Whether reading the channel asks the store, which it need not for a record it remembers. */
async function asksStore(map: GatedMap, store: Store, channelId: string): Promise<boolean> {
	const asked = map.asked;
	await store.readChannel(channelId);
	return map.asked > asked;
}

/** How many of `count` reads, asked at once while the store holds its answers back, are out at the store. */
async function outAtOnce(map: GatedMap, store: Store, count: number): Promise<number> {
	map.hold();
	const asked = map.asked;
	const reads = Promise.all(Array.from({ length: count }, (_, i) => store.readChannel(`unknown${i}`)));
	await tick();
	const out = map.asked - asked;
	map.open();
	await reads;
	return out;
}

describe("the store's memory of records", () => {
	it('GIVEN a read answered after a later write of the same channel WHEN the channel is read again THEN it is the later record', async () => {
		const { map, store } = gatedStore();
		map.set('channels:c1', serialize({ value: sampleRecord('c1', { beatsTold: 1 }) }));
		// The slow read is held; the write's own read of the revision it expects is not.
		map.hold(1);
		const slowRead = store.readChannel('c1');
		await tick();
		await writeRecord(store, sampleRecord('c1', { beatsTold: 2 }));
		map.open();
		expect(await slowRead).toMatchObject({ kind: 'ok', record: { beatsTold: 1 } });
		const read = await store.readChannel('c1');
		expect(read).toMatchObject({ kind: 'ok', record: { beatsTold: 2 } });
	});

	it('GIVEN a listing that reached a channel written since it began WHEN the channel is read THEN it is the written record', async () => {
		const { map, store } = gatedStore();
		await writeRecord(store, sampleRecord('c1', { beatsTold: 1 }));
		await writeRecord(store, sampleRecord('c2', { beatsTold: 1 }));
		map.hold();
		const listing = store.channelRecords()[Symbol.asyncIterator]();
		const first = listing.next();
		await tick();
		await writeRecord(store, sampleRecord('c1', { beatsTold: 2 }));
		await deleteRecord(store, 'c2');
		map.open();
		const listed = [await first, await listing.next()].map((n) => n.value);
		expect(listed).toMatchObject([
			{ channelId: 'c1', read: { record: { beatsTold: 1 } } },
			{ channelId: 'c2', read: { record: { beatsTold: 1 } } },
		]);
		expect(await store.readChannel('c1')).toMatchObject({ kind: 'ok', record: { beatsTold: 2 } });
		expect(await store.readChannel('c2')).toEqual({ kind: 'none' });
	});

	it('GIVEN a record this process wrote WHEN read fresh THEN the store is asked whether it holds it, and one it lost reads as none', async () => {
		const { map, store } = gatedStore();
		await writeRecord(store, sampleRecord('c1', { beatsTold: 3 }));
		const asked = map.asked;
		expect(await store.readChannel('c1', { fresh: true })).toMatchObject({ kind: 'ok', record: { beatsTold: 3 } });
		expect(map.asked).toBe(asked + 1);
		map.delete('channels:c1');
		expect(await store.readChannel('c1', { fresh: true })).toEqual({ kind: 'none' });
	});

	it('GIVEN a store whose fresh reads are off (SQLite) WHEN a record this process wrote is read fresh THEN the store is not asked', async () => {
		const { map, store } = gatedStore(undefined, false);
		await writeRecord(store, sampleRecord('c1', { beatsTold: 3 }));
		const asked = map.asked;
		expect(await store.readChannel('c1', { fresh: true })).toMatchObject({ kind: 'ok', record: { beatsTold: 3 } });
		expect(map.asked).toBe(asked);
	});

	it('GIVEN more records listed than it keeps WHEN they are listed in bulk work THEN reading them back asks the store for none, and once the work is done the least recently used beyond the limit are forgotten', async () => {
		const { map, store } = gatedStore();
		const count = RECORD_CACHE_LIMIT + 500;
		storeRecords(map, count);
		let asked = 0;
		const done = await store.bulk(async () => {
			for await (const _ of store.channelRecords());
			asked = map.asked;
			for (let i = 0; i < count; i++) expect((await store.readChannel(`c${i}`)).kind).toBe('ok');
			expect(map.asked).toBe(asked);
			return 'done';
		});
		expect(done).toBe('done');
		await store.readChannel('c0');
		expect(map.asked).toBe(asked + 1);
		await store.readChannel(`c${count - 1}`);
		expect(map.asked).toBe(asked + 1);
	});

	it('GIVEN two operations allowed at once WHEN bulk work runs, then is done THEN 256 are out at the store, then two again', async () => {
		const { map, store } = gatedStore(2);
		const readAll = (prefix: string, count: number) =>
			Promise.all(Array.from({ length: count }, (_, i) => store.readChannel(`${prefix}${i}`)));
		map.hold();
		const first = readAll('a', 300);
		await tick();
		expect(map.asked).toBe(2);
		let finish = () => {};
		const bulk = store.bulk(() => new Promise<void>((resolve) => (finish = resolve)));
		await tick();
		expect(map.asked).toBe(BULK_OPERATIONS_AT_ONCE);
		finish();
		await bulk;
		map.open();
		await first;
		map.hold();
		const asked = map.asked;
		const second = readAll('b', 6);
		await tick();
		expect(map.asked - asked).toBe(2);
		map.open();
		expect((await second).every((read) => read.kind === 'none')).toBe(true);
	});

	it('GIVEN bulk work that fails WHEN it is over THEN the store forgets the records beyond its limit and lets two operations out at once again', async () => {
		const { map, store } = gatedStore(2);
		const count = RECORD_CACHE_LIMIT + 500;
		storeRecords(map, count);
		const failed = store.bulk(async () => {
			for await (const _ of store.channelRecords());
			expect(await outAtOnce(map, store, 300)).toBe(BULK_OPERATIONS_AT_ONCE);
			throw new Error('the restart failed');
		});
		await expect(failed).rejects.toThrow('the restart failed');
		expect(await asksStore(map, store, `c${count - 1}`)).toBe(false);
		expect(await asksStore(map, store, 'c0')).toBe(true);
		expect(await outAtOnce(map, store, 6)).toBe(2);
	});

	it('GIVEN two bulk calls that overlap WHEN the first is done THEN the store stays in bulk until the second is over too', async () => {
		const { map, store } = gatedStore(2);
		const count = RECORD_CACHE_LIMIT + 500;
		let endFirst = () => {};
		let failSecond: (error: Error) => void = () => {};
		const first = store.bulk(() => new Promise<void>((resolve) => (endFirst = resolve)));
		const second = store.bulk(() => new Promise<void>((_, reject) => (failSecond = reject)));
		endFirst();
		await first;
		// Still in bulk: every record written is remembered, and 256 operations go out at once.
		await Promise.all(Array.from({ length: count }, (_, i) => writeRecord(store, sampleRecord(`c${i}`))));
		expect(await outAtOnce(map, store, 300)).toBe(BULK_OPERATIONS_AT_ONCE);
		const asked = map.asked;
		for (let i = 0; i < count; i++) expect((await store.readChannel(`c${i}`)).kind).toBe('ok');
		expect(map.asked).toBe(asked);
		failSecond(new Error('the second failed'));
		await expect(second).rejects.toThrow('the second failed');
		expect(await asksStore(map, store, `c${count - 1}`)).toBe(false);
		expect(await asksStore(map, store, 'c0')).toBe(true);
		expect(await outAtOnce(map, store, 6)).toBe(2);
	});
});
