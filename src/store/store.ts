import type Keyv from 'keyv';
import { deadline } from '../concurrency/deadline.js';
import { KeyedLock } from '../concurrency/lock.js';
import { PrioritySemaphore } from '../concurrency/priority-semaphore.js';
import type { Logger } from '../log.js';
import { isDeleted, revisionOf, writeIf } from './backends/guarded.js';
import { openKeyv } from './backends/keyv.js';
import { writtenAs } from './backends/stored-form.js';
import { storeKind } from './backends/url.js';
import { type ChannelOperations, type ChannelRead, ChannelTurn } from './channel-turn.js';
import { StaleWriteError, StoreUnavailableError } from './errors.js';
import { RECORD_CACHE_LIMIT, RecordCache } from './record-cache.js';
import { type ChannelRecord, type GuildSettings, parseChannelRecord, parseGuildSettings } from './records.js';
import {
	BULK_OPERATIONS_AT_ONCE,
	DEFAULT_CONCURRENCY,
	DEFAULT_TIMEOUT_MS,
	type StoreOptions,
} from './store-options.js';

export {
	BULK_OPERATIONS_AT_ONCE,
	type ChannelRead,
	ChannelTurn,
	StaleWriteError,
	type StoreOptions,
	StoreUnavailableError,
};

/** The lease this process holds (see lease.ts): its key among the guilds' values, and the fence it holds it with. */
export interface Fence {
	key: string;
	value: number;
}

type Namespace = 'channels' | 'guilds';

/** A page of the listing may take this many operations' time. */
const LIST_TIMEOUT_FACTOR = 10;

/**
 * Reverie's state: one record per channel, one settings record per server (and its own dreams), and the per-channel lock that every
 * read-modify-write of a channel record goes through ({@link Store.withChannel}). Every operation has a deadline
 * ({@link StoreOptions.timeoutMs}), so an unreachable store answers with an error instead of holding up a click and,
 * through the lock, every click after it in that channel.
 */
export class Store {
	readonly lock = new KeyedLock();
	readonly timeoutMs: number;
	readonly turnTimeoutMs: number;
	readonly lockWaitMs: number;
	private readonly freshReads: boolean;
	private readonly operations: PrioritySemaphore;
	private readonly concurrency: number;
	/** When an operation last failed to reach the store (0: never), so calls queued since stop waiting. */
	private lastFailureAt = 0;
	/** What the store holds, as this process last read or wrote it: reading it back is skipped. */
	private readonly cache = new RecordCache();
	/** Calls of {@link bulk} not yet settled. */
	private bulkCalls = 0;
	/**
	 * The revision of each value as this process last read or wrote it (`namespace:key`), which its next write expects.
	 * Only the lease holder writes, so it stays true while the lease is held; {@link forgetAll} drops it when it was not.
	 */
	private readonly revisions = new Map<string, number>();
	/** The lease every write is fenced with; null when this process holds none (tests, tools, a single copy). */
	private fence: Fence | null = null;

	constructor(
		private readonly channels: Keyv<unknown>,
		private readonly guilds: Keyv<unknown>,
		options: StoreOptions = {},
	) {
		this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		this.turnTimeoutMs = options.turnTimeoutMs ?? this.timeoutMs * 30;
		this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
		this.operations = new PrioritySemaphore(this.concurrency);
		this.lockWaitMs = options.lockWaitMs ?? this.timeoutMs;
		this.freshReads = options.freshReads ?? true;
	}

	/** Opens the store at a `STORE_URL` (see `STORE_URL_FORMS` in url.ts). */
	static open(url: string, log: Logger, options: StoreOptions = {}): Store {
		const freshReads = storeKind(url) !== 'sqlite';
		return new Store(openKeyv(url, 'channels', log), openKeyv(url, 'guilds', log), { freshReads, ...options });
	}

	/**
	 * Runs `work` with the channel's lock held, through the {@link ChannelTurn} it is handed; `urgent` when a member
	 * waits for it. A hung store cannot wedge a channel: a turn past {@link turnTimeoutMs} fails and its later
	 * operations are refused (so it cannot write over the next turn's), and a call waiting past {@link lockWaitMs}
	 * while the store fails gives up. Both are {@link StoreUnavailableError}s.
	 */
	withChannel<T>(
		channelId: string,
		work: (turn: ChannelTurn) => Promise<T>,
		options: { urgent?: boolean } = {},
	): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			const queuedAt = Date.now();
			let state: 'waiting' | 'running' | 'gave-up' = 'waiting';
			let waiting: NodeJS.Timeout | undefined;
			const check = () => {
				if (state !== 'waiting') return;
				if (this.lastFailureAt < queuedAt) {
					waiting = setTimeout(check, this.lockWaitMs);
					return;
				}
				state = 'gave-up';
				const waited = Date.now() - queuedAt;
				reject(
					new StoreUnavailableError(`channel ${channelId}: the store is failing; gave up waiting after ${waited} ms`),
				);
			};
			waiting = setTimeout(check, this.lockWaitMs);
			const ran = this.lock.run(channelId, async () => {
				clearTimeout(waiting);
				if (state === 'gave-up') return undefined;
				state = 'running';
				const turn = new ChannelTurn(this.channelOperations, channelId, options.urgent === true);
				return deadline(work(turn), this.turnTimeoutMs, () => {
					turn.aborted = true;
					this.lastFailureAt = Date.now();
					return new StoreUnavailableError(`channel ${channelId}: its turn took over ${this.turnTimeoutMs} ms`);
				});
			});
			ran.then((value) => {
				if (state === 'running') resolve(value as T);
			}, reject);
		});
	}

	/**
	 * Reads a channel's record. `fresh` asks the store even when the record is known here, so that a store that stopped
	 * answering fails the read, not a later write that might land after the member was told to try again. It only asks
	 * whether the store holds the record: what it holds is what this process last wrote (one process writes a channel).
	 */
	async readChannel(channelId: string, options: { fresh?: boolean; turn?: ChannelTurn } = {}): Promise<ChannelRead> {
		const { turn } = options;
		const fresh = options.fresh === true && this.freshReads;
		if (fresh && this.cache.has(channelId)) {
			const held = await this.timed(`check channel ${channelId}`, () => this.channels.has(channelId), { turn });
			const known = held ? this.cache.use(channelId) : undefined;
			if (known !== undefined) return { kind: 'ok', record: JSON.parse(known) as ChannelRecord };
			// Gone from the store (or forgotten here meanwhile): read it as it is.
		} else if (!fresh) {
			const known = this.cache.use(channelId);
			if (known !== undefined) return { kind: 'ok', record: JSON.parse(known) as ChannelRecord };
		}
		const since = this.cache.beginRead();
		try {
			let raw: unknown;
			try {
				raw = await this.timed(`read channel ${channelId}`, () => this.channels.get(channelId), { turn });
			} catch (error) {
				// Keyv's JSON parse of a damaged value throws here.
				if (error instanceof SyntaxError) return { kind: 'corrupt', reason: error.message };
				throw error;
			}
			this.revisions.set(`channels:${channelId}`, revisionOf(raw));
			if (raw === undefined || isDeleted(raw)) return { kind: 'none' };
			const parsed = parseChannelRecord(raw);
			if (!parsed.ok) return { kind: 'corrupt', reason: parsed.reason };
			if (this.cache.unchangedSince(channelId, since)) this.cache.remember(channelId, JSON.stringify(parsed.value));
			return { kind: 'ok', record: parsed.value };
		} finally {
			this.cache.endRead();
		}
	}

	/** What a turn of a channel's lock does to its record: writes and deletes go only through a turn. */
	private readonly channelOperations: ChannelOperations = {
		read: (channelId, options, turn) => this.readChannel(channelId, { ...options, turn }),
		write: (record, turn) => this.writeChannel(record, turn),
		delete: (channelId, turn) => this.deleteChannel(channelId, turn),
	};

	/** Writes a channel's record, in a turn of its lock ({@link ChannelTurn.write}). */
	private async writeChannel(record: ChannelRecord, turn: ChannelTurn): Promise<void> {
		// The record as it is now, whenever the write is sent: this text is remembered, and sent with its revision.
		const text = JSON.stringify(record);
		this.cache.beginChange(record.channelId);
		try {
			await this.guardedWrite('channels', record.channelId, `write channel ${record.channelId}`, turn, (stamp) =>
				writtenAs(
					{ ...record, ...stamp },
					`{"revision":${stamp.revision},"writerFence":${stamp.writerFence},${text.slice(1)}`,
				),
			);
		} finally {
			this.cache.endChange(record.channelId);
		}
		this.cache.remember(record.channelId, text);
	}

	/**
	 * Deletes a channel's record, in a turn of its lock ({@link ChannelTurn.delete}). What stays is its next revision,
	 * marked deleted, so that a write that comes late still finds it changed.
	 */
	private async deleteChannel(channelId: string, turn: ChannelTurn): Promise<void> {
		this.cache.beginChange(channelId);
		try {
			await this.guardedWrite('channels', channelId, `delete channel ${channelId}`, turn, (stamp) => ({
				...stamp,
				deleted: true,
			}));
		} finally {
			this.cache.endChange(channelId);
		}
	}

	/**
	 * Sets the lease every later write is fenced with (null: none), and forgets every value this process knew: while it
	 * did not hold the lease, another copy may have written them.
	 */
	fenceWith(fence: Fence | null): void {
		this.fence = fence;
		this.forgetAll();
	}

	/** Forgets what this process knows of the store's values, so that each is read again before it is written. */
	forgetAll(): void {
		this.revisions.clear();
		this.cache.clear();
	}

	/**
	 * Reads a value of the guilds' namespace with its revision, never from memory: for a lease, which other copies write.
	 * A deleted value reads as none.
	 */
	async readWithRevision(key: string): Promise<{ value: unknown; revision: number }> {
		const raw = await this.timed(`read ${key}`, () => this.guilds.get(key));
		const revision = revisionOf(raw);
		this.revisions.set(`guilds:${key}`, revision);
		return { value: raw === undefined || isDeleted(raw) ? undefined : raw, revision };
	}

	/**
	 * Writes `value` at `key` among the guilds' values if it still has `revision` there (see {@link readWithRevision}),
	 * unfenced (a lease is taken over with it). Resolves to whether it landed.
	 */
	async writeIfRevision(key: string, value: object, revision: number): Promise<boolean> {
		try {
			await this.guardedWrite('guilds', key, `write ${key}`, undefined, (stamp) => ({ ...value, ...stamp }), {
				revision,
				fenced: false,
			});
			return true;
		} catch (error) {
			if (error instanceof StaleWriteError) return false;
			throw error;
		}
	}

	/**
	 * Runs `work` as bulk work, as a restart that lists every record and then changes thousands of them: until every
	 * overlapping call has settled, every record read, listed or written is remembered (none is read twice), and
	 * {@link BULK_OPERATIONS_AT_ONCE} operations go out at once (SQLite writes them together). Then the cache trims to
	 * {@link RECORD_CACHE_LIMIT} and the queue to {@link StoreOptions.concurrency}, so that clicks queue behind little.
	 */
	async bulk<T>(work: () => Promise<T>): Promise<T> {
		if (this.bulkCalls++ === 0) {
			this.cache.limit = Number.POSITIVE_INFINITY;
			this.operations.resize(BULK_OPERATIONS_AT_ONCE);
		}
		try {
			return await work();
		} finally {
			if (--this.bulkCalls === 0) {
				this.cache.limit = RECORD_CACHE_LIMIT;
				this.operations.resize(this.concurrency);
			}
		}
	}

	/** Every channel id with a record: Keyv hands each adapter's iterator its namespace, so no settings are listed. */
	async *channelIds(): AsyncGenerator<string> {
		for await (const { channelId } of this.channelRecords()) yield channelId;
	}

	/**
	 * Every channel's record, read as it is listed (a restart need not read each again). Those `keep` says so of are
	 * remembered like any other read, unless written since the listing began.
	 */
	async *channelRecords(
		keep: (record: ChannelRecord) => boolean = () => true,
	): AsyncGenerator<{ channelId: string; read: ChannelRead }> {
		if (!this.channels.iterator) throw new Error('this store cannot list its records');
		const entries = this.channels.iterator(this.channels.namespace)[Symbol.asyncIterator]();
		const since = this.cache.beginRead();
		try {
			for (;;) {
				// A page may take longer than one operation on a busy store; one page at a time needs no place in the queue.
				const next = await this.timed('list channels', () => entries.next(), {
					timeoutMs: this.timeoutMs * LIST_TIMEOUT_FACTOR,
					queued: false,
				});
				if (next.done) return;
				const [key, value] = Array.isArray(next.value) ? next.value : [];
				if (typeof key !== 'string') continue;
				if (this.cache.unchangedSince(key, since)) this.revisions.set(`channels:${key}`, revisionOf(value));
				if (isDeleted(value)) continue;
				const parsed = parseChannelRecord(value);
				if (parsed.ok && keep(parsed.value) && this.cache.unchangedSince(key, since))
					this.cache.remember(key, JSON.stringify(parsed.value));
				const read: ChannelRead = parsed.ok
					? { kind: 'ok', record: parsed.value }
					: { kind: 'corrupt', reason: parsed.reason };
				yield { channelId: key, read };
			}
		} finally {
			this.cache.endRead();
			// Closing the listing early (a caller that stopped reading): the adapter's pages are dropped, nothing to report.
			void entries.return?.(undefined)?.catch(() => undefined);
		}
	}

	/**
	 * The server's settings, with `defaults` for anything missing or unreadable. A store that does not answer is an
	 * error, not the defaults, which would be taken for the server's own and kept.
	 */
	async readSettings(guildId: string, defaults: GuildSettings): Promise<GuildSettings> {
		try {
			const raw = await this.readGuildValue(guildId);
			return raw === undefined ? defaults : parseGuildSettings(raw, defaults);
		} catch (error) {
			if (error instanceof SyntaxError) return defaults;
			throw error;
		}
	}

	async writeSettings(guildId: string, settings: GuildSettings): Promise<void> {
		await this.writeGuildValue(guildId, settings);
	}

	/**
	 * A server-wide value other than the settings (a server's own dreams, see `server-stories.ts`), as stored; `undefined`
	 * when there is none. Its keys start with the server's id and a colon, so they never meet a settings key.
	 */
	async readGuildValue(key: string): Promise<unknown> {
		const raw = await this.timed(`read ${key}`, () => this.guilds.get(key));
		this.revisions.set(`guilds:${key}`, revisionOf(raw));
		return raw === undefined || isDeleted(raw) ? undefined : raw;
	}

	async writeGuildValue(key: string, value: object): Promise<void> {
		await this.guardedWrite('guilds', key, `write ${key}`, undefined, (stamp) => ({ ...value, ...stamp }));
	}

	async deleteGuildValue(key: string): Promise<void> {
		await this.guardedWrite('guilds', key, `delete ${key}`, undefined, (stamp) => ({ ...stamp, deleted: true }));
	}

	/** Closes the connections; a store that does not answer is left after {@link timeoutMs}. */
	async close(): Promise<void> {
		await Promise.allSettled([
			deadline(this.channels.disconnect(), this.timeoutMs, () => new StoreUnavailableError('close')),
			deadline(this.guilds.disconnect(), this.timeoutMs, () => new StoreUnavailableError('close')),
		]);
	}

	/**
	 * Writes the value `build` makes (given its revision and fence) if the store still holds the revision this process
	 * last saw of it (read first when not known) and, unless not `fenced`, this process still holds its lease. Throws a
	 * {@link StaleWriteError} when the store refused it, and then forgets the revision, which the next read learns.
	 */
	private async guardedWrite(
		namespace: Namespace,
		key: string,
		what: string,
		turn: ChannelTurn | undefined,
		build: (stamp: { revision: number; writerFence: number | null }) => object,
		options: { revision?: number; fenced?: boolean } = {},
	): Promise<void> {
		const keyv = namespace === 'channels' ? this.channels : this.guilds;
		const known = `${namespace}:${key}`;
		let revision = options.revision ?? this.revisions.get(known);
		let unreadable = false;
		if (revision === undefined) {
			try {
				revision = revisionOf(await this.timed(`read before ${what}`, () => keyv.get(key), { turn }));
			} catch (error) {
				if (!(error instanceof SyntaxError)) throw error;
				// What is stored is not JSON (damaged by hand): no revision to guard, so it is written over as it is.
				revision = 0;
				unreadable = true;
			}
		}
		const fence = options.fenced === false ? null : this.fence;
		const value = build({ revision: Math.max(revision, 0) + 1, writerFence: fence?.value ?? null });
		this.revisions.delete(known);
		const write = async (): Promise<boolean> => {
			if (unreadable) return (await keyv.set(key, value)) !== false;
			return writeIf({ keyv, namespace, leases: this.guilds }, key, value, { revision, fence });
		};
		const landed = await this.timed(what, write, { turn });
		if (!landed) throw new StaleWriteError(`${what}: refused, the store holds a newer value than this copy read`);
		this.revisions.set(known, Math.max(revision, 0) + 1);
	}

	/**
	 * Runs one operation with a deadline, after its place in the queue (unless not `queued`); never for a turn that ran
	 * out, whose work goes on after the lock moved to the next turn.
	 */
	private timed<T>(
		what: string,
		operation: () => Promise<T>,
		options: { timeoutMs?: number; queued?: boolean; turn?: ChannelTurn } = {},
	): Promise<T> {
		const { timeoutMs = this.timeoutMs, queued = true, turn } = options;
		if (turn?.aborted)
			return Promise.reject(new StoreUnavailableError(`${what}: refused, its turn of the channel lock ran out`));
		const failed = (error: unknown) => {
			// A damaged value is the caller's to judge (it is not the store failing); anything else means unreachable.
			if (error instanceof SyntaxError) throw error;
			this.lastFailureAt = Date.now();
			if (error instanceof StoreUnavailableError) throw error;
			throw new StoreUnavailableError(`${what}: ${error instanceof Error ? error.message : String(error)}`, {
				cause: error,
			});
		};
		const send = () =>
			deadline(Promise.resolve().then(operation), timeoutMs, () => {
				this.lastFailureAt = Date.now();
				return new StoreUnavailableError(`${what}: the store did not answer within ${timeoutMs} ms`);
			}).catch(failed);
		if (!queued) return send();
		return this.operations
			.acquire(turn?.urgent === true ? 0 : 1)
			.then(() => send().finally(() => this.operations.release()));
	}
}
