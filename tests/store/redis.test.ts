import { afterAll, beforeAll } from 'vitest';
import { Store } from '../../src/store/store.js';
import { suiteWith } from '../helpers.js';
import { silent } from '../sessions/harness.js';
import { storeContract } from './contract.js';
import { findRedisServer, type RedisServer, startRedis } from './servers.js';

suiteWith(findRedisServer(), 'the Redis store', (binary) => {
	let server: RedisServer;
	beforeAll(async () => {
		server = await startRedis(binary);
	});
	afterAll(() => server?.stop());

	// Each store gets a database number of its own on the server: empty, and out of every other test's way.
	storeContract('Redis', async () => {
		const url = server.freshUrl();
		return { store: Store.open(url, silent), reopen: () => Store.open(url, silent) };
	});
});
