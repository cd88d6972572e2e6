import sqlite3 from 'sqlite3';

/** Prepared statements kept per connection: the store's few statements, and the batches' row counts. */
const KEPT_STATEMENTS = 64;

/**
 * A connection to an SQLite file that keeps its statements prepared, least recently used out first. `sqlite3` prepares
 * a statement afresh for each query and finalizes it on the main thread, where finalizing waits for SQLite's lock on
 * the connection while the pool's thread runs another statement: for each ballot written, the thread that answers
 * clicks waited there (about a quarter of a millisecond a write, measured in `bench/`), and the pool compiled the same
 * SQL again.
 */
export class SqliteConnection {
	private readonly statements = new Map<string, sqlite3.Statement>();
	private readonly opened: Promise<sqlite3.Database>;
	private closed = false;

	/** `setup`: statements run in order once the file is open, before any query (say, making the table). */
	constructor(file: string, options: { busyTimeoutMs: number; setup: string[] }) {
		this.opened = new Promise<sqlite3.Database>((resolve, reject) => {
			const database = new sqlite3.Database(file, (error) => {
				if (error) return reject(error);
				database.configure('busyTimeout', options.busyTimeoutMs);
				resolve(database);
			});
		}).then(async (database) => {
			for (const sql of options.setup)
				await new Promise<void>((resolve, reject) => database.run(sql, (error) => (error ? reject(error) : resolve())));
			return database;
		});
		// Awaited by every query; a file that cannot be opened fails those, not the process.
		this.opened.catch(() => undefined);
	}

	/** Runs `sql` with `params` and resolves to its rows (none for a statement that returns none). */
	async query(sql: string, params: unknown[]): Promise<unknown[]> {
		const database = await this.opened;
		if (this.closed) throw new Error('SQLITE_MISUSE: the connection is closed');
		const statement = this.statement(database, sql);
		return new Promise((resolve, reject) => {
			statement.all(params, (error: Error | null, rows: unknown[]) => {
				if (error) {
					// A statement that failed to prepare fails every time: it is made again next time.
					if (this.statements.get(sql) === statement) this.forget(sql);
					reject(error);
				} else resolve(rows);
			});
		});
	}

	/** Finalizes the kept statements and closes the connection. */
	async close(): Promise<void> {
		const database = await this.opened;
		if (this.closed) return;
		this.closed = true;
		for (const sql of [...this.statements.keys()]) this.forget(sql);
		await new Promise<void>((resolve, reject) => database.close((error) => (error ? reject(error) : resolve())));
	}

	private statement(database: sqlite3.Database, sql: string): sqlite3.Statement {
		const kept = this.statements.get(sql);
		if (kept) {
			this.statements.delete(sql);
			this.statements.set(sql, kept);
			return kept;
		}
		// Errors come to each query's callback; without these the statement would throw them at the process.
		const made = database.prepare(sql, () => undefined).on('error', () => undefined);
		this.statements.set(sql, made);
		for (const old of this.statements.keys()) {
			if (this.statements.size <= KEPT_STATEMENTS) break;
			this.forget(old);
		}
		return made;
	}

	/** Finalizes a statement once the queries it has queued are done (sqlite3 runs a statement's queue in turn). */
	private forget(sql: string): void {
		const statement = this.statements.get(sql);
		this.statements.delete(sql);
		statement?.finalize();
	}
}
