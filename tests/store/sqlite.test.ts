import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeysetSqlite } from '../../src/store/backends/sqlite.js';
import { StaleWriteError, Store } from '../../src/store/store.js';
import { tempDir } from '../helpers.js';
import { silent } from '../sessions/harness.js';
import { deleteRecord, sampleRecord, storeContract, writeRecord } from './contract.js';

storeContract('SQLite', async () => {
	const url = `sqlite://${path.join(tempDir(), 'nested', 'folder', 'reverie.sqlite')}`;
	return { store: Store.open(url, silent), reopen: () => Store.open(url, silent) };
});

describe('a SQLite value damaged by hand', () => {
	it('GIVEN a channel whose stored value is not JSON WHEN read THEN it is corrupt; WHEN deleted (the reset) and written again THEN both land', async () => {
		const file = path.join(tempDir(), 'reverie.sqlite');
		const url = `sqlite://${file}`;
		const store = Store.open(url, silent);
		await writeRecord(store, sampleRecord('ok'));
		const raw = new KeysetSqlite(file);
		await raw.set('channels:bad', '{"value": {not json');
		await raw.disconnect();
		expect(await store.readChannel('bad')).toMatchObject({ kind: 'corrupt' });
		await deleteRecord(store, 'bad');
		expect(await store.readChannel('bad')).toEqual({ kind: 'none' });
		await writeRecord(store, sampleRecord('bad', { beatsTold: 4 }));
		expect(await Store.open(url, silent).readChannel('bad')).toMatchObject({ record: { beatsTold: 4 } });
		await store.close();
	});
});

describe('SQLite writes asked for together', () => {
	it('GIVEN 600 records written at once, one of them twice from the same read WHEN read back by a new handle THEN every one is there, and one of the two was refused', async () => {
		const url = `sqlite://${path.join(tempDir(), 'reverie.sqlite')}`;
		const store = Store.open(url, silent);
		const ids = Array.from({ length: 600 }, (_, i) => `c${i}`);
		const writes = ids.filter((id) => id !== 'c7').map((id) => writeRecord(store, sampleRecord(id, { beatsTold: 1 })));
		// Two writes of one turn, both from what it read (nothing): one lands and the other is refused. Which one lands is
		// whichever's read of the revision came back first, and reads run side by side.
		const twice = store.withChannel('c7', (turn) =>
			Promise.allSettled([
				turn.write(sampleRecord('c7', { beatsTold: 1 })),
				turn.write(sampleRecord('c7', { beatsTold: 2 })),
			]),
		);
		await Promise.all(writes);
		const outcomes = await twice;
		const landed = outcomes.findIndex((o) => o.status === 'fulfilled');
		const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
		expect(refused).toHaveLength(1);
		expect(refused[0]).toBeInstanceOf(StaleWriteError);
		const again = Store.open(url, silent);
		const listed = new Map<string, number>();
		for await (const { channelId, read } of again.channelRecords())
			if (read.kind === 'ok') listed.set(channelId, read.record.beatsTold);
		expect([...listed.keys()].sort()).toEqual([...ids].sort());
		expect(listed.get('c7')).toBe(landed + 1);
		expect(listed.get('c8')).toBe(1);
		await again.close();
		await store.close();
	});

	it('GIVEN a closed store WHEN several writes are asked together THEN each of them fails', async () => {
		const store = Store.open(`sqlite://${path.join(tempDir(), 'reverie.sqlite')}`, silent);
		await writeRecord(store, sampleRecord('c1'));
		await store.close();
		const results = await Promise.allSettled(['c1', 'c2', 'c3'].map((id) => writeRecord(store, sampleRecord(id))));
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
	});
});
