import { afterAll, beforeAll, expect, it } from 'vitest';
import { Store, StoreUnavailableError } from '../../src/store/store.js';
import { suiteWith } from '../helpers.js';
import { silent } from '../sessions/harness.js';
import { sampleRecord, storeContract, writeRecord } from './contract.js';
import { findPostgres, type PostgresServer, startPostgres } from './servers.js';

suiteWith(findPostgres(), 'the PostgreSQL store', (bin) => {
	let server: PostgresServer;
	beforeAll(async () => {
		server = await startPostgres(bin);
	});
	afterAll(() => server?.stop());

	// Each store gets a new database on the server: empty, and out of every other test's way.
	storeContract('PostgreSQL', async () => {
		const url = await server.freshUrl();
		return { store: Store.open(url, silent), reopen: () => Store.open(url, silent) };
	});

	it('GIVEN PostgreSQL shut down under an open store WHEN it is read or listed THEN it fails as unavailable, never as empty, and works again once the server is back', async () => {
		const url = await server.freshUrl();
		const store = Store.open(url, silent, { timeoutMs: 1000 });
		try {
			await writeRecord(store, sampleRecord('c1'));
			await server.halt();
			await expect(store.readChannel('c1', { fresh: true })).rejects.toThrow(StoreUnavailableError);
			const listing = (async () => {
				for await (const _ of store.channelIds());
			})();
			await expect(listing).rejects.toThrow(StoreUnavailableError);
			await server.restart();
			expect(await store.readChannel('c1', { fresh: true })).toMatchObject({ kind: 'ok' });
			const ids: string[] = [];
			for await (const id of store.channelIds()) ids.push(id);
			expect(ids).toEqual(['c1']);
		} finally {
			await store.close();
		}
	});
});
