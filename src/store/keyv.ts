import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvPostgres from '@keyv/postgres';
import KeyvRedis from '@keyv/redis';
import { defaultDeserialize, defaultSerialize } from '@keyv/serialize';
import KeyvSqlite from '@keyv/sqlite';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import pg from 'pg';

/** Something that logs: pino's logger fits, and so does a test's. */
export interface StoreLogger {
	error(object: object, message: string): void;
	warn(object: object, message: string): void;
}

/** A store URL Reverie cannot use, with the reason. */
export class StoreUrlError extends Error {}

/** The `STORE_URL` forms Reverie takes, for error messages. */
export const STORE_URL_FORMS =
	'sqlite://path/to/file.sqlite, redis://host:6379 (or rediss:// for TLS), or postgresql://user:password@host:5432/database';

export type StoreKind = 'sqlite' | 'redis' | 'postgres';

/** Which backend a `STORE_URL` names; a {@link StoreUrlError} for one Reverie cannot use. */
export function storeKind(url: string): StoreKind {
	if (/^sqlite:\/\/.+/.test(url)) return 'sqlite';
	if (/^rediss?:\/\/.+/.test(url)) return 'redis';
	if (/^postgres(ql)?:\/\/.+/.test(url)) return 'postgres';
	throw new StoreUrlError(`STORE_URL "${redact(url)}" is not supported: use ${STORE_URL_FORMS}`);
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
	return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/**
 * The Keyv adapter for a `STORE_URL`, with its connection errors logged. SQLite's file folder is created on first
 * use. Every adapter throws its failures instead of answering "no value", so a store that is down is never taken for
 * an empty one.
 */
export function adapterFor(url: string, log: StoreLogger, namespace = 'store'): KeyvStoreAdapter {
	switch (storeKind(url)) {
		case 'sqlite': {
			const file = url.slice('sqlite://'.length);
			if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
			// Listed a page of 500 at a time, each page after the last key of the one before (see KeysetSqlite).
			const sqlite = new KeysetSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000, iterationLimit: 500 });
			// Write-ahead logging, synced at checkpoints: a write costs no fsync of its own, so a burst of ballots or
			// ten thousand resuming dreams are not held up by the disk. A crash of the process loses nothing; a crash
			// of the machine can lose the last moments, as with any store that is not fsynced per write.
			void sqlite.query('PRAGMA journal_mode = WAL').catch((error: unknown) => log.warn({ err: error }, 'no WAL'));
			void sqlite.query('PRAGMA synchronous = NORMAL').catch(() => undefined);
			return sqlite;
		}
		case 'redis':
			return redisAdapter(url, log, namespace);
		case 'postgres':
			return new PooledPostgres(url, log);
	}
}

/** One Keyv namespace over the store at `url`, with its errors logged rather than thrown from an emitter. */
export function openKeyv<T>(url: string, namespace: string, log: StoreLogger): Keyv<T> {
	const store = adapterFor(url, log, namespace);
	// Redis adapters prefix keys with their namespace themselves (`channels::…`); Keyv's own prefix would double it.
	const keyv = new Keyv<T>({
		store,
		namespace,
		useKeyPrefix: !(store instanceof KeyvRedis),
		throwOnErrors: true,
		serialize,
		deserialize,
	});
	keyv.on('error', (error: unknown) => log.error({ err: error, namespace }, 'store error'));
	return keyv;
}

// ── Stored form ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Keyv's stored form, written and read with the engine's own JSON. Keyv's default serializer builds the text in
 * JavaScript, a value at a time, and its reader revives every value; for records of a few kilobytes written
 * thousands of times a second (a burst of clicks, a restart closing ten thousand votes) that was most of the cost.
 * The form is the same: a string that begins with ":" is stored with one more ":" in front, so records written by
 * either read back the same through the other.
 */
export function serialize(data: unknown): string {
	const text = asWritten(data) ?? JSON.stringify(data);
	return hasColonString(text) ? defaultSerialize(data as never) : text;
}

/** Values whose JSON text is already known (see {@link writtenAs}). */
const knownText = new WeakMap<object, string>();

/**
 * Marks `value` as one whose JSON text is `text` (what `JSON.stringify(value)` gave), so that writing it does not
 * build the text again: the store keeps the text of the records it wrote, and a write is sent the same text.
 */
export function writtenAs<T extends object>(value: T, text: string): T {
	knownText.set(value, text);
	return value;
}

/** Keyv's `{ value, expires }` as JSON, from the value's known text; undefined when not known. */
function asWritten(data: unknown): string | undefined {
	if (typeof data !== 'object' || data === null || !('value' in data)) return undefined;
	const { value, expires, ...rest } = data as { value: unknown; expires?: unknown };
	if (typeof value !== 'object' || value === null || Object.keys(rest).length > 0) return undefined;
	const text = knownText.get(value);
	if (text === undefined) return undefined;
	return expires === undefined ? `{"value":${text}}` : `{"value":${text},"expires":${JSON.stringify(expires)}}`;
}

export function deserialize<T>(text: string): T {
	return (hasColonString(text) ? defaultDeserialize(text) : JSON.parse(text)) as T;
}

/**
 * Whether compact JSON text has a string value that begins with ":" (the one thing Keyv's form writes differently,
 * with Buffers, which Reverie does not store): its opening quote follows a ":", "," or "[", or begins the text. Quotes
 * inside strings are escaped, so never follow one of those. A key that begins with ":" matches too, and merely takes
 * Keyv's own, slower way.
 */
function hasColonString(text: string): boolean {
	return COLON_STRING.test(text) || text.startsWith('":');
}

const COLON_STRING = /[:,[]":/;

// ── SQLite ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Rows written by one statement at most (two parameters each, well inside SQLite's limit). */
const SQLITE_WRITES_PER_STATEMENT = 250;

/**
 * `@keyv/sqlite` with two changes. Writes go to SQLite together, as one statement: those asked for in the same turn of
 * the event loop, and those asked for while the statement before is being written (SQLite writes one at a time
 * anyway). Each write still resolves only once its row is written. A statement costs this process far more than a
 * row, and a burst of ballots or a restart closing thousands of votes writes many rows at once. And the listing goes
 * a page at a time after the last key of the page before, in key order: the base iterator pages with LIMIT/OFFSET,
 * which rescans the table for every page and skips a record whenever one before the page is deleted while the
 * listing runs.
 */
class KeysetSqlite extends KeyvSqlite {
	private writes = new Map<string, { value: string; done: { resolve(): void; reject(error: unknown): void }[] }>();
	private flushing = false;
	/** Write statements sent and not yet answered. */
	private writing = 0;

	override set(key: string, value: string): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			const pending = this.writes.get(key);
			// Two writes of one key waiting together: the later value is written, and both are answered with it.
			if (pending) {
				pending.value = value;
				pending.done.push({ resolve, reject });
			} else this.writes.set(key, { value, done: [{ resolve, reject }] });
			// While statements are out, the writes wait for them, then go together.
			if (this.writing === 0) this.flushSoon();
		});
	}

	private flushSoon(): void {
		if (this.flushing) return;
		this.flushing = true;
		setImmediate(() => this.flush());
	}

	private flush(): void {
		this.flushing = false;
		const batch = [...this.writes];
		this.writes = new Map();
		const table = `"${String(this.opts.table ?? 'keyv').replace(/"/g, '""')}"`;
		for (let i = 0; i < batch.length; i += SQLITE_WRITES_PER_STATEMENT) {
			const rows = batch.slice(i, i + SQLITE_WRITES_PER_STATEMENT);
			const upsert = `INSERT INTO ${table} (key, value) VALUES ${rows.map(() => '(?, ?)').join(', ')} ON CONFLICT(key) DO UPDATE SET value = excluded.value`;
			this.writing++;
			this.query(upsert, ...rows.flatMap(([key, { value }]) => [key, value]))
				.then(
					() => {
						for (const [, { done }] of rows) for (const { resolve } of done) resolve();
					},
					(error: unknown) => {
						for (const [, { done }] of rows) for (const { reject } of done) reject(error);
					},
				)
				.finally(() => {
					this.writing--;
					if (this.writing === 0 && this.writes.size > 0) this.flushSoon();
				});
		}
	}

	override async *iterator(namespace?: string): AsyncGenerator<[string, string], void, unknown> {
		const table = `"${String(this.opts.table ?? 'keyv').replace(/"/g, '""')}"`;
		const pattern = `${namespace ? `${namespace.replace(/[%_\\]/g, '\\$&')}:` : ''}%`;
		const limit = Number(this.opts.iterationLimit) || 100;
		const pageAfter = (after: string) =>
			this.query(
				`SELECT key, value FROM ${table} WHERE key LIKE ? ESCAPE '\\' AND key > ? ORDER BY key LIMIT ?`,
				pattern,
				after,
				limit,
			) as Promise<{ key: string; value: string }[]>;
		let page = await pageAfter('');
		for (;;) {
			// The next page is asked for while this one is handed out.
			const last = page[page.length - 1]?.key;
			const next = page.length < limit || last === undefined ? null : pageAfter(last);
			next?.catch(() => undefined);
			for (const row of page) yield [row.key, row.value];
			if (!next) return;
			page = await next;
		}
	}
}

// ── Redis ───────────────────────────────────────────────────────────────────────────────────────────────────

/** The longest wait between two tries to reconnect to Redis. */
const REDIS_RECONNECT_MAX_MS = 2000;

/**
 * A Redis adapter whose first connection is shared by every command sent while it is made, and whose `disconnect`
 * also ends a client that cannot reach its server (`QUIT` would never answer). The base adapter connects on the first
 * command; a second command sent before that connection is ready found the client open but offline, and failed.
 */
class ClosingRedis extends KeyvRedis<string> {
	private connecting: ReturnType<KeyvRedis<string>['getClient']> | undefined;

	override getClient(): ReturnType<KeyvRedis<string>['getClient']> {
		if (this.client.isOpen && !this.connecting) return super.getClient();
		this.connecting ??= super.getClient().finally(() => {
			this.connecting = undefined;
		});
		return this.connecting;
	}

	override async disconnect(force?: boolean): Promise<void> {
		const client = this.client;
		if (!client.isOpen) return;
		if (!force && 'isReady' in client && client.isReady) {
			const quit = await Promise.race([
				client.quit().then(() => true),
				new Promise<false>((resolve) => setTimeout(() => resolve(false), 1000).unref()),
			]).catch(() => false);
			if (quit) return;
		}
		if (client.isOpen) await client.disconnect();
	}
}

/**
 * A Redis adapter over its own connection. Commands fail at once while the connection is down (no offline queue),
 * instead of piling up and landing, out of turn, once it is back; the client keeps reconnecting in the background.
 * Its socket errors are logged once per outage: node-redis throws an `error` event nobody listens to, which would
 * end the process.
 */
function redisAdapter(url: string, log: StoreLogger, namespace: string): KeyvRedis<string> {
	const adapter = new ClosingRedis(
		{
			url,
			disableOfflineQueue: true,
			socket: {
				connectTimeout: 5000,
				reconnectStrategy: (retries: number) => Math.min(2 ** retries * 100, REDIS_RECONNECT_MAX_MS),
			},
		},
		{ throwErrors: true, throwOnConnectError: true, connectionTimeout: 5000 },
	);
	let down = false;
	adapter.client.on('error', (error: unknown) => {
		if (down) return;
		down = true;
		log.error({ err: error, namespace, store: redact(url) }, 'lost the connection to Redis; reconnecting');
	});
	adapter.client.on('ready', () => {
		if (!down) return;
		down = false;
		log.warn({ namespace, store: redact(url) }, 'connected to Redis again');
	});
	return adapter;
}

// ── PostgreSQL ──────────────────────────────────────────────────────────────────────────────────────────────

/** The part of `pg`'s Pool Reverie uses. */
interface PgPool {
	query(sql: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
	on(event: 'error', listener: (error: Error) => void): unknown;
	end(): Promise<void>;
}

/** `pg`'s Pool (the driver `@keyv/postgres` uses), so that each store URL gets one pool Reverie can listen to and end. */
const { Pool } = pg;

/** Pools by URL, shared by every adapter on that URL and ended when the last one disconnects. */
const pools = new Map<string, { pool: PgPool; users: number }>();

function takePool(url: string, log: StoreLogger): PgPool {
	let entry = pools.get(url);
	if (!entry) {
		const pool = new Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, keepAlive: true });
		// An idle connection that breaks (the server restarted) is reported here; unheard, it would end the process.
		pool.on('error', (error) => log.error({ err: error, store: redact(url) }, 'a PostgreSQL connection broke'));
		entry = { pool, users: 0 };
		pools.set(url, entry);
	}
	entry.users++;
	return entry.pool;
}

function escapeIdentifier(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

async function releasePool(url: string, pool: PgPool): Promise<void> {
	const entry = pools.get(url);
	if (entry?.pool !== pool) return;
	entry.users--;
	if (entry.users > 0) return;
	pools.delete(url);
	await pool.end();
}

/**
 * `@keyv/postgres` over a pool Reverie owns. The adapter's own pool is one global per process, ended by whichever
 * adapter disconnects first (closing one store would break every other on that URL), and nobody listens to its errors.
 * Its table is created when the adapter is made; if the server was down then, it is created on first use instead.
 */
class PooledPostgres extends KeyvPostgres {
	private released = false;

	constructor(
		private readonly url: string,
		log: StoreLogger,
	) {
		// The base constructor calls `connect()`, which reads the pool from the options (fields are not set yet).
		super({ uri: url, pool: takePool(url, log) } as ConstructorParameters<typeof KeyvPostgres>[0]);
	}

	private get pool(): PgPool {
		return (this.opts as { pool: PgPool }).pool;
	}

	override async connect() {
		const pool = this.pool;
		const table = `${this.opts.schema}.${this.opts.table}`;
		const create = `CREATE TABLE IF NOT EXISTS ${table}(key VARCHAR(${Number(this.opts.keySize)}) PRIMARY KEY, value TEXT)`;
		return async (sql: string, values?: unknown[]) => {
			try {
				return (await pool.query(sql, values)).rows as never[];
			} catch (error) {
				// 42P01: no such table, when the server was unreachable as the adapter was made.
				if ((error as { code?: string }).code !== '42P01') throw error;
				await pool.query(create).catch(() => undefined);
				return (await pool.query(sql, values)).rows as never[];
			}
		};
	}

	/**
	 * The keys and values of a namespace, a page at a time. The base iterator ends quietly when a query fails, which
	 * would pass for a store with no dreams in it (and a restart would take up none); this one throws.
	 */
	override async *iterator(namespace?: string): AsyncGenerator<string[], void, unknown> {
		const table = `${escapeIdentifier(this.opts.schema ?? 'public')}.${escapeIdentifier(this.opts.table ?? 'keyv')}`;
		const pattern = `${namespace ? `${namespace.replace(/[%_\\]/g, '\\$&')}:` : ''}%`;
		const limit = Number(this.opts.iterationLimit) || 100;
		let after: string | null = null;
		for (;;) {
			const rows: { key: string; value: string }[] = await this.query(
				after === null
					? `SELECT key, value FROM ${table} WHERE key LIKE $1 ORDER BY key LIMIT $2`
					: `SELECT key, value FROM ${table} WHERE key LIKE $1 AND key > $3 ORDER BY key LIMIT $2`,
				after === null ? [pattern, limit] : [pattern, limit, after],
			);
			for (const row of rows) yield [row.key, row.value];
			if (rows.length < limit) return;
			after = rows[rows.length - 1]?.key ?? null;
		}
	}

	override async disconnect(): Promise<void> {
		if (this.released) return;
		this.released = true;
		await releasePool(this.url, this.pool);
	}
}
