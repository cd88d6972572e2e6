import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { RECORD_CACHE_LIMIT } from '../../src/store/record-cache.js';
import { Store } from '../../src/store/store.js';
import { deserialize, serialize } from '../../src/store/stored-form.js';
import { sampleRecord } from './contract.js';

/**
 * A store in memory whose reads and listings can be held back: a read takes what is stored when it is asked and
 * answers when the gate opens, as a pool of connections may answer a read after a later write.
 */
class GatedMap extends Map<string, unknown> {
	private opened: Promise<void> = Promise.resolve();
	open: () => void = () => undefined;
	asked = 0;

	hold(): void {
		this.opened = new Promise((resolve) => {
			this.open = resolve;
		});
	}

	override get(key: string): never {
		const value = super.get(key);
		this.asked++;
		return this.opened.then(() => value) as never;
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

describe("the store's memory of records", () => {
	it('GIVEN a read answered after a later write of the same channel WHEN the channel is read again THEN it is the later record', async () => {
		const { map, store } = gatedStore();
		map.set('channels:c1', serialize({ value: sampleRecord('c1', { beatsTold: 1 }) }));
		map.hold();
		const slowRead = store.readChannel('c1');
		await tick();
		await store.writeChannel(sampleRecord('c1', { beatsTold: 2 }));
		map.open();
		expect(await slowRead).toMatchObject({ kind: 'ok', record: { beatsTold: 1 } });
		const read = await store.readChannel('c1');
		expect(read).toMatchObject({ kind: 'ok', record: { beatsTold: 2 } });
	});

	it('GIVEN a listing that reached a channel written since it began WHEN the channel is read THEN it is the written record', async () => {
		const { map, store } = gatedStore();
		await store.writeChannel(sampleRecord('c1', { beatsTold: 1 }));
		await store.writeChannel(sampleRecord('c2', { beatsTold: 1 }));
		map.hold();
		const listing = store.channelRecords()[Symbol.asyncIterator]();
		const first = listing.next();
		await tick();
		await store.writeChannel(sampleRecord('c1', { beatsTold: 2 }));
		await store.deleteChannel('c2');
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
		await store.writeChannel(sampleRecord('c1', { beatsTold: 3 }));
		const asked = map.asked;
		expect(await store.readChannel('c1', { fresh: true })).toMatchObject({ kind: 'ok', record: { beatsTold: 3 } });
		expect(map.asked).toBe(asked + 1);
		map.delete('channels:c1');
		expect(await store.readChannel('c1', { fresh: true })).toEqual({ kind: 'none' });
	});

	it('GIVEN a store whose fresh reads are off (SQLite) WHEN a record this process wrote is read fresh THEN the store is not asked', async () => {
		const { map, store } = gatedStore(undefined, false);
		await store.writeChannel(sampleRecord('c1', { beatsTold: 3 }));
		const asked = map.asked;
		expect(await store.readChannel('c1', { fresh: true })).toMatchObject({ kind: 'ok', record: { beatsTold: 3 } });
		expect(map.asked).toBe(asked);
	});

	it('GIVEN more records listed than it keeps WHEN asked to remember more THEN reading them back asks the store for none, and fewer again forgets the oldest', async () => {
		const { map, store } = gatedStore();
		const count = RECORD_CACHE_LIMIT + 500;
		for (let i = 0; i < count; i++) map.set(`channels:c${i}`, serialize({ value: sampleRecord(`c${i}`) }));
		store.rememberMore(Number.POSITIVE_INFINITY);
		for await (const _ of store.channelRecords());
		const asked = map.asked;
		for (let i = 0; i < count; i++) expect((await store.readChannel(`c${i}`)).kind).toBe('ok');
		expect(map.asked).toBe(asked);
		store.rememberFewer();
		await store.readChannel('c0');
		expect(map.asked).toBe(asked + 1);
		await store.readChannel(`c${count - 1}`);
		expect(map.asked).toBe(asked + 1);
	});

	it('GIVEN two operations allowed at once WHEN a restart allows more, then fewer again THEN that many are out at the store', async () => {
		const { map, store } = gatedStore(2);
		const readAll = (prefix: string) =>
			Promise.all(Array.from({ length: 6 }, (_, i) => store.readChannel(`${prefix}${i}`)));
		map.hold();
		const first = readAll('a');
		await tick();
		expect(map.asked).toBe(2);
		store.allowAtOnce(5);
		await tick();
		expect(map.asked).toBe(5);
		store.allowAtOnce();
		map.open();
		await first;
		map.hold();
		const asked = map.asked;
		const second = readAll('b');
		await tick();
		expect(map.asked - asked).toBe(2);
		map.open();
		expect((await second).every((read) => read.kind === 'none')).toBe(true);
	});
});
