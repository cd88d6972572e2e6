import path from 'node:path';
import KeyvPostgres from '@keyv/postgres';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import { describe, expect, it } from 'vitest';
import { POSTGRES_CREATE_TABLE, POSTGRES_TABLE } from '../../src/store/backends/postgres.js';
import { KeysetSqlite, SQLITE_TABLE } from '../../src/store/backends/sqlite.js';
import { tempDir } from '../helpers.js';

/**
 * What Reverie's adapters take from the Keyv adapters beyond their documented API. Each test fails, naming what is
 * relied on and where, when an upgrade of the adapter changes it: the fix is in that file, not in this test.
 */

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('@keyv/sqlite, as KeysetSqlite in src/store/sqlite.ts relies on it', () => {
	it('GIVEN an adapter on a file WHEN its query is called with parameters one by one THEN it answers rows as objects', async () => {
		const adapter = new KeyvSqlite({ uri: `sqlite://${path.join(tempDir(), 'pin.sqlite')}` });
		expect(
			adapter.query,
			'src/store/sqlite.ts sends its own statements (batched writes, keyset pages, PRAGMAs) through query(sql, ...parameters)',
		).toBeTypeOf('function');
		expect(await adapter.query('SELECT ? AS first, ? AS second', 'a', 2)).toEqual([{ first: 'a', second: 2 }]);
		await adapter.disconnect();
	});

	it('GIVEN KeysetSqlite WHEN rows are written by its statements and by the base adapter THEN each reads what the other wrote', async () => {
		const adapter = new KeysetSqlite(path.join(tempDir(), 'pin.sqlite'));
		const why = `src/store/sqlite.ts writes and lists the base adapter's table "${SQLITE_TABLE}" (key primary, value)`;
		await adapter.set('ns:a', 'first');
		await adapter.set('ns:a', 'second');
		expect(await adapter.get('ns:a'), why).toBe('second');
		expect(await adapter.has('ns:a'), why).toBe(true);
		await KeyvSqlite.prototype.set.call(adapter, 'ns:b', 'by the base');
		const listed: [string, string][] = [];
		for await (const entry of adapter.iterator('ns')) listed.push(entry);
		expect(listed, why).toEqual([
			['ns:a', 'second'],
			['ns:b', 'by the base'],
		]);
		expect(await adapter.delete('ns:a'), why).toBe(true);
		await adapter.disconnect();
	});
});

describe('@keyv/postgres, as PooledPostgres in src/store/postgres.ts relies on it', () => {
	/** Statements the probe's query function was sent, and whether its constructor had returned by then. */
	const sent: { sql: string; values: unknown; constructed: boolean }[] = [];

	/** The base adapter with `connect()` overridden, as PooledPostgres does, answering from memory. */
	class Probe extends KeyvPostgres {
		constructed = false;

		constructor() {
			super({ uri: 'postgresql://127.0.0.1:1/nowhere', ...POSTGRES_TABLE });
			this.constructed = true;
		}

		override async connect() {
			return async (sql: string, values?: unknown) => {
				sent.push({ sql, values, constructed: this.constructed === true });
				if (sql.startsWith('SELECT EXISTS')) return [{ exists: true }];
				if (sql.startsWith('SELECT')) return [{ key: 'channels:c1', value: 'stored' }];
				return [];
			};
		}
	}

	it('GIVEN an adapter whose connect() is overridden WHEN it is made and used THEN every statement goes through the function connect() gave, once the constructor has returned', async () => {
		sent.length = 0;
		const probe = new Probe();
		expect(sent, 'PooledPostgres sets its pool after super(): the base must not query during its constructor').toEqual(
			[],
		);
		await tick();
		const normalize = (sql: string) => sql.replace(/\s+/g, ' ').replace(/ \)/g, ')').trim();
		expect(
			sent.map(({ sql }) => normalize(sql)),
			'src/store/postgres.ts creates the table as the base adapter does (POSTGRES_CREATE_TABLE), when it was missing',
		).toEqual([normalize(POSTGRES_CREATE_TABLE)]);
		expect(await probe.get('channels:c1')).toBe('stored');
		expect(await probe.has('channels:c1')).toBe(true);
		await probe.set('channels:c1', 'new');
		await probe.delete('channels:c1');
		expect(
			sent.every(({ constructed }) => constructed),
			'the base calls the query function connect() gave only after its constructor returned',
		).toBe(true);
		expect(
			sent
				.slice(1)
				.map(({ sql, values }) => [sql.includes(`${POSTGRES_TABLE.schema}.${POSTGRES_TABLE.table}`), values]),
			"the base sends its statements on Reverie's table as (sql, values) to the function connect() gave",
		).toEqual([
			[true, ['channels:c1']],
			[true, ['channels:c1']],
			[true, ['channels:c1', 'new']],
			[true, ['channels:c1']],
			[true, ['channels:c1']],
		]);
		expect(probe.query, 'PooledPostgres.iterator lists through query(sql, values)').toBeTypeOf('function');
		await probe.query('SELECT key, value FROM x LIMIT $1', [5]);
		expect(sent.at(-1)).toMatchObject({ sql: 'SELECT key, value FROM x LIMIT $1', values: [5] });
	});
});

describe('@keyv/redis, as ClosingRedis in src/store/redis.ts relies on it', () => {
	it('GIVEN an adapter whose getClient() is overridden WHEN Keyv reads, writes, checks, deletes and lists THEN each gets its client from getClient()', async () => {
		const asked: string[] = [];
		class Probe extends KeyvRedis<string> {
			override getClient(): ReturnType<KeyvRedis<string>['getClient']> {
				asked.push('getClient');
				return Promise.reject(new Error('through getClient'));
			}
		}
		const probe = new Probe('redis://127.0.0.1:1', { throwErrors: true });
		probe.on('error', () => undefined);
		const why = 'ClosingRedis shares the first connection by overriding getClient(), which every command must use';
		const operations: [string, () => Promise<unknown>][] = [
			['get', () => probe.get('k')],
			['set', () => probe.set('k', 'v')],
			['has', () => probe.has('k')],
			['delete', () => probe.delete('k')],
			['iterator', () => probe.iterator('channels').next()],
		];
		for (const [name, operation] of operations) {
			asked.length = 0;
			await expect(operation(), `${name}: ${why}`).rejects.toThrow('through getClient');
			expect(asked, `${name}: ${why}`).toEqual(['getClient']);
		}
		const client = probe.client;
		const closing = 'ClosingRedis.disconnect reads client.isOpen and isReady, and calls quit() or disconnect()';
		expect(client.isOpen, closing).toBe(false);
		expect('isReady' in client, closing).toBe(true);
		expect(client.quit, closing).toBeTypeOf('function');
		expect(client.disconnect, closing).toBeTypeOf('function');
	});
});
