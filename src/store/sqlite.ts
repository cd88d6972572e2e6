import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import type { Logger } from '../log.js';

/** @keyv/sqlite's own table, named here because Reverie's statements write and list it too. */
export const SQLITE_TABLE = 'keyv';
const QUOTED_TABLE = `"${SQLITE_TABLE}"`;
/** Records listed per page. */
const PAGE_SIZE = 500;
/** Rows written by one statement at most (two parameters each, well inside SQLite's limit). */
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
 */
export class KeysetSqlite extends KeyvSqlite {
	private writes = new Map<string, { value: string; done: { resolve(): void; reject(error: unknown): void }[] }>();
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

	private flushSoon(): void {
		if (this.flushing) return;
		this.flushing = true;
		setImmediate(() => this.flush());
	}

	private flush(): void {
		this.flushing = false;
		const batch = [...this.writes];
		this.writes = new Map();
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
				.finally(() => {
					this.writing--;
					if (this.writing === 0 && this.writes.size > 0) this.flushSoon();
				});
		}
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
			next?.catch(() => undefined);
			for (const row of page) yield [row.key, row.value];
			if (!next) return;
			page = await next;
		}
	}
}
