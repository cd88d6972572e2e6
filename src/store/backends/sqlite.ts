import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import type { Logger } from '../../log.js';
import type { Guard, GuardedAdapter } from './guarded.js';

/** @keyv/sqlite's own table, named here because Reverie's statements write and list it too. */
export const SQLITE_TABLE = 'keyv';
const QUOTED_TABLE = `"${SQLITE_TABLE}"`;
/** Records listed per page. */
const PAGE_SIZE = 500;
/** Rows written by one statement at most (five parameters each at most, well inside SQLite's limit). */
const WRITES_PER_STATEMENT = 250;
/** How long a statement waits for another connection's lock on the file, in ms. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * The SQLite adapter for a file (its folder made if missing), with write-ahead logging synced at checkpoints: a write
 * costs no fsync of its own, so a burst of ballots is not held up by the disk. A crash of the process loses nothing;
 * a crash of the machine can lose the last moments, as with any store that is not fsynced per write.
 */
export function sqliteAdapter(file: string, log: Logger): KeysetSqlite {
	if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const sqlite = new KeysetSqlite(file);
	// The connection runs its statements in turn, so these come before any read or write without being awaited; without
	// WAL (said in the log) or NORMAL syncing, SQLite still works, only slower.
	void sqlite.query('PRAGMA journal_mode = WAL').catch((error: unknown) => log.warn({ err: error }, 'no WAL'));
	void sqlite.query('PRAGMA synchronous = NORMAL').catch(() => undefined);
	return sqlite;
}

/**
 * `@keyv/sqlite` with two changes, both through its `query` (pinned by tests/store/adapters.test.ts):
 * - Writes asked for in the same turn of the event loop, or while the statement before is out, go as one statement
 *   (SQLite writes one at a time anyway, and a statement costs this process far more than a row); each write still
 *   resolves only once its row is written.
 * - The listing goes a page at a time after the last key of the page before: the base iterator pages with
 *   LIMIT/OFFSET, which rescans the table for every page and skips a record whenever one before the page is deleted
 *   while the listing runs.
 * It also writes under a guard ({@link writeIf}), batched the same way: one statement checks every row's revision and
 * fence and writes those that hold, and says which.
 */
export class KeysetSqlite extends KeyvSqlite implements GuardedAdapter {
	private writes = new Map<string, { value: string; done: { resolve(): void; reject(error: unknown): void }[] }>();
	private guarded = new Map<string, GuardedRow>();
	/** Guarded writes of a key already waiting in {@link guarded}: they go in a later statement, after it. */
	private guardedLater: GuardedRow[] = [];
	private flushing = false;
	/** Write statements sent and not yet answered. */
	private writing = 0;

	constructor(file: string) {
		super({ uri: `sqlite://${file}`, table: SQLITE_TABLE, busyTimeout: BUSY_TIMEOUT_MS });
	}

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

	storedKey(namespace: string, key: string): string {
		return `${namespace}:${key}`;
	}

	writeIf(key: string, text: string, guard: Guard): Promise<boolean> {
		return new Promise<boolean>((resolve, reject) => {
			const row: GuardedRow = { key, text, guard, resolve, reject };
			if (this.guarded.has(key)) this.guardedLater.push(row);
			else this.guarded.set(key, row);
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
		const guarded = [...this.guarded.values()];
		this.guarded = new Map();
		const later = this.guardedLater;
		this.guardedLater = [];
		for (const row of later) {
			if (this.guarded.has(row.key)) this.guardedLater.push(row);
			else this.guarded.set(row.key, row);
		}
		for (let i = 0; i < guarded.length; i += WRITES_PER_STATEMENT)
			this.sendGuarded(guarded.slice(i, i + WRITES_PER_STATEMENT));
		for (let i = 0; i < batch.length; i += WRITES_PER_STATEMENT) {
			const rows = batch.slice(i, i + WRITES_PER_STATEMENT);
			const upsert = `INSERT INTO ${QUOTED_TABLE} (key, value) VALUES ${rows.map(() => '(?, ?)').join(', ')} ON CONFLICT(key) DO UPDATE SET value = excluded.value`;
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
				.finally(() => this.statementDone());
		}
	}

	private statementDone(): void {
		this.writing--;
		if (this.writing === 0 && (this.writes.size > 0 || this.guarded.size > 0)) this.flushSoon();
	}

	/**
	 * One statement for guarded writes of different keys: a row is written where the stored revision (-1 for no row, 0
	 * for a value without one) is the one expected and the lease, if any, has the fence expected; RETURNING names them.
	 */
	private sendGuarded(rows: GuardedRow[]): void {
		const statement = `WITH w(key, value, expected, lease, fence) AS (VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')})
INSERT INTO ${QUOTED_TABLE} (key, value)
SELECT w.key, w.value FROM w
LEFT JOIN ${QUOTED_TABLE} AS now ON now.key = w.key
LEFT JOIN ${QUOTED_TABLE} AS held ON held.key = w.lease
WHERE (CASE WHEN now.key IS NULL THEN -1 WHEN json_valid(now.value) THEN COALESCE(json_extract(now.value, '$.value.revision'), 0) ELSE 0 END) = w.expected
AND (w.lease IS NULL OR CASE WHEN json_valid(held.value) THEN json_extract(held.value, '$.value.fence') = w.fence ELSE 0 END)
ON CONFLICT(key) DO UPDATE SET value = excluded.value
RETURNING key`;
		const values = rows.flatMap(({ key, text, guard }) => [
			key,
			text,
			guard.revision,
			guard.fence?.key ?? null,
			guard.fence?.value ?? null,
		]);
		this.writing++;
		(this.query(statement, ...values) as Promise<{ key: string }[]>)
			.then(
				(written) => {
					const landed = new Set(written.map((row) => row.key));
					for (const row of rows) row.resolve(landed.has(row.key));
				},
				(error: unknown) => {
					for (const row of rows) row.reject(error);
				},
			)
			.finally(() => this.statementDone());
	}

	override async *iterator(namespace?: string): AsyncGenerator<[string, string], void, unknown> {
		const pattern = `${namespace ? `${namespace.replace(/[%_\\]/g, '\\$&')}:` : ''}%`;
		const pageAfter = (after: string) =>
			this.query(
				`SELECT key, value FROM ${QUOTED_TABLE} WHERE key LIKE ? ESCAPE '\\' AND key > ? ORDER BY key LIMIT ?`,
				pattern,
				after,
				PAGE_SIZE,
			) as Promise<{ key: string; value: string }[]>;
		let page = await pageAfter('');
		for (;;) {
			// The next page is asked for while this one is handed out.
			const last = page[page.length - 1]?.key;
			const next = page.length < PAGE_SIZE || last === undefined ? null : pageAfter(last);
			// Awaited below when its turn comes; until then, a failure must not count as unhandled.
			next?.catch(() => undefined);
			for (const row of page) yield [row.key, row.value];
			if (!next) return;
			page = await next;
		}
	}
}

interface GuardedRow {
	key: string;
	text: string;
	guard: Guard;
	resolve(landed: boolean): void;
	reject(error: unknown): void;
}
