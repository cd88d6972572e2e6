import KeyvPostgres from '@keyv/postgres';
import pg from 'pg';
import type { Logger } from '../../log.js';
import type { Guard, GuardedAdapter } from './guarded.js';
import { redact } from './url.js';

/** @keyv/postgres's own table and its layout, named here because Reverie creates and lists it too. */
export const POSTGRES_TABLE = { schema: 'public', table: 'keyv', keySize: 255 } as const;
const QUOTED_TABLE = `${escapeIdentifier(POSTGRES_TABLE.schema)}.${escapeIdentifier(POSTGRES_TABLE.table)}`;
/** The statement that makes the table when it was missing: the base adapter's own, which it sends when it is made. */
export const POSTGRES_CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${POSTGRES_TABLE.schema}.${POSTGRES_TABLE.table}(key VARCHAR(${POSTGRES_TABLE.keySize}) PRIMARY KEY, value TEXT)`;
/** Records listed per page. */
const PAGE_SIZE = 100;

/** The part of `pg`'s Pool Reverie uses. */
interface PgPool {
	query(sql: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
	on(event: 'error', listener: (error: Error) => void): unknown;
	end(): Promise<void>;
}

/** Pools by URL, shared by every adapter on that URL and ended when the last one disconnects. */
const pools = new Map<string, { pool: PgPool; users: number }>();

function takePool(url: string, log: Logger): PgPool {
	let entry = pools.get(url);
	if (!entry) {
		// `pg`'s Pool, the driver @keyv/postgres uses, made here so that Reverie can listen to it and end it.
		const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, keepAlive: true });
		// An idle connection that breaks (the server restarted) is reported here; unheard, it would end the process.
		pool.on('error', (error) => log.error({ err: error, store: redact(url) }, 'a PostgreSQL connection broke'));
		entry = { pool, users: 0 };
		pools.set(url, entry);
	}
	entry.users++;
	return entry.pool;
}

async function releasePool(url: string, pool: PgPool): Promise<void> {
	const entry = pools.get(url);
	if (entry?.pool !== pool) return;
	entry.users--;
	if (entry.users > 0) return;
	pools.delete(url);
	await pool.end();
}

/** A stored value's field under `value`, as a number; 0 for a value without it. (A value that is not JSON fails.) */
const field = (column: string, name: string) => `COALESCE((${column}::jsonb->'value'->>'${name}')::numeric, 0)`;

/** See {@link PooledPostgres.writeIf}: $1 key, $2 text, $3 revision expected, $4 lease key, $5 fence. */
const WRITE_IF = `INSERT INTO ${QUOTED_TABLE} AS now (key, value)
SELECT $1::varchar, $2::text
WHERE (CASE WHEN $3::numeric = -1 THEN NOT EXISTS (SELECT 1 FROM ${QUOTED_TABLE} WHERE key = $1::varchar) ELSE EXISTS (SELECT 1 FROM ${QUOTED_TABLE} WHERE key = $1::varchar) END)
AND ($4::varchar IS NULL OR EXISTS (SELECT 1 FROM ${QUOTED_TABLE} AS held WHERE held.key = $4::varchar AND ${field('held.value', 'fence')} = $5::numeric))
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
WHERE ${field('now.value', 'revision')} = $3::numeric
RETURNING key`;

function escapeIdentifier(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `@keyv/postgres` over a pool Reverie owns. The adapter's own pool is one global per process, ended by whichever
 * adapter disconnects first (closing one store would break every other on that URL), and nobody listens to its errors.
 * Its table is created when the adapter is made; if the server was down then, it is created on first use instead.
 *
 * No option of the base adapter takes a pool, so this overrides its undocumented `connect()`, whose query function
 * the base constructor keeps as `query` (pinned by tests/store/adapters.test.ts).
 */
export class PooledPostgres extends KeyvPostgres implements GuardedAdapter {
	private readonly pool: PgPool;
	private released = false;

	constructor(
		private readonly url: string,
		log: Logger,
	) {
		super({ uri: url, ...POSTGRES_TABLE });
		this.pool = takePool(url, log);
	}

	/**
	 * Called by the base constructor, before this class's fields are set: the query function it returns reads the pool
	 * when it is called, which the base does only once the constructor has returned.
	 */
	override async connect() {
		return async (sql: string, values?: unknown[]) => {
			const pool = this.pool;
			try {
				return (await pool.query(sql, values)).rows as never[];
			} catch (error) {
				// 42P01: no such table, when the server was unreachable as the adapter was made.
				if ((error as { code?: string }).code !== '42P01') throw error;
				// Another copy may be making it at the same moment; the query below says whether the table is there.
				await pool.query(POSTGRES_CREATE_TABLE).catch(() => undefined);
				return (await pool.query(sql, values)).rows as never[];
			}
		};
	}

	/**
	 * The keys and values of a namespace, a page at a time. The base iterator ends quietly when a query fails, which
	 * would pass for a store with no dreams in it (and a restart would take up none); this one throws.
	 */
	override async *iterator(namespace?: string): AsyncGenerator<string[], void, unknown> {
		const pattern = `${namespace ? `${namespace.replace(/[%_\\]/g, '\\$&')}:` : ''}%`;
		let after: string | null = null;
		for (;;) {
			const rows: { key: string; value: string }[] = await this.query(
				after === null
					? `SELECT key, value FROM ${QUOTED_TABLE} WHERE key LIKE $1 ORDER BY key LIMIT $2`
					: `SELECT key, value FROM ${QUOTED_TABLE} WHERE key LIKE $1 AND key > $3 ORDER BY key LIMIT $2`,
				after === null ? [pattern, PAGE_SIZE] : [pattern, PAGE_SIZE, after],
			);
			for (const row of rows) yield [row.key, row.value];
			if (rows.length < PAGE_SIZE) return;
			after = rows[rows.length - 1]?.key ?? null;
		}
	}

	storedKey(namespace: string, key: string): string {
		return `${namespace}:${key}`;
	}

	/**
	 * The guarded write as one statement. With no row, it inserts only if none was expected; with one, ON CONFLICT
	 * checks the revision on the row as it is once locked, so two writers racing cannot both land.
	 */
	async writeIf(key: string, text: string, guard: Guard): Promise<boolean> {
		const rows = await this.query(WRITE_IF, [
			key,
			text,
			guard.revision,
			guard.fence?.key ?? null,
			guard.fence?.value ?? null,
		]);
		return rows.length === 1;
	}

	override async disconnect(): Promise<void> {
		if (this.released) return;
		this.released = true;
		await releasePool(this.url, this.pool);
	}
}
