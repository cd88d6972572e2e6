import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeysetSqlite } from '../../src/store/sqlite.js';
import { StaleWriteError, Store } from '../../src/store/store.js';
import { tempDir } from '../helpers.js';
import { silent } from '../sessions/harness.js';
import { sampleRecord, storeContract } from './contract.js';

storeContract('SQLite', async () => {
	const url = `sqlite://${path.join(tempDir(), 'nested', 'folder', 'reverie.sqlite')}`;
	return { store: Store.open(url, silent), reopen: () => Store.open(url, silent) };
});

describe('a SQLite value damaged by hand', () => {
	it('GIVEN a channel whose stored value is not JSON WHEN read THEN it is corrupt; WHEN deleted (the reset) and written again THEN both land', async () => {
		const file = path.join(tempDir(), 'reverie.sqlite');
		const url = `sqlite://${file}`;
		const store = Store.open(url, silent);
		await store.writeChannel(sampleRecord('ok'));
		const raw = new KeysetSqlite(file);
		await raw.set('channels:bad', '{"value": {not json');
		await raw.disconnect();
		expect(await store.readChannel('bad')).toMatchObject({ kind: 'corrupt' });
		await store.deleteChannel('bad');
		expect(await store.readChannel('bad')).toEqual({ kind: 'none' });
		await store.writeChannel(sampleRecord('bad', { beatsTold: 4 }));
		expect(await Store.open(url, silent).readChannel('bad')).toMatchObject({ record: { beatsTold: 4 } });
		await store.close();
	});
});

describe('SQLite writes asked for together', () => {
	it('GIVEN 600 records written at once, one of them twice from the same read WHEN read back by a new handle THEN every one is there, and the second of the two was refused', async () => {
		const url = `sqlite://${path.join(tempDir(), 'reverie.sqlite')}`;
		const store = Store.open(url, silent);
		const ids = Array.from({ length: 600 }, (_, i) => `c${i}`);
		const writes = ids.map((id) => store.writeChannel(sampleRecord(id, { beatsTold: 1 })));
		const twice = store.writeChannel(sampleRecord('c7', { beatsTold: 2 }));
		await Promise.all(writes);
		await expect(twice).rejects.toThrow(StaleWriteError);
		const again = Store.open(url, silent);
		const listed = new Map<string, number>();
		for await (const { channelId, read } of again.channelRecords())
			if (read.kind === 'ok') listed.set(channelId, read.record.beatsTold);
		expect([...listed.keys()].sort()).toEqual([...ids].sort());
		expect(listed.get('c7')).toBe(1);
		expect(listed.get('c8')).toBe(1);
		await again.close();
		await store.close();
	});

	it('GIVEN a closed store WHEN several writes are asked together THEN each of them fails', async () => {
		const store = Store.open(`sqlite://${path.join(tempDir(), 'reverie.sqlite')}`, silent);
		await store.writeChannel(sampleRecord('c1'));
		await store.close();
		const results = await Promise.allSettled(['c1', 'c2', 'c3'].map((id) => store.writeChannel(sampleRecord(id))));
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
	});
});
