/**
 * One owner at a time. Two copies of Reverie may run on one token and store (a rolling deploy, a forgotten terminal);
 * Discord sends both every interaction. A copy answers, narrates and writes only while it holds the lease on its
 * guilds: a value in the store naming its owner, when that ends unless renewed, and a fence that grows at every
 * takeover. Every write is fenced with it (see guarded.ts), so a copy that lost the lease cannot write any more.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Logger } from '../log.js';
import type { Store } from './store.js';

/** How long a lease lasts unless renewed: a copy that crashed is taken over within this. */
export const LEASE_MS = 15_000;
/** How often the owner renews it. */
export const RENEW_MS = 5_000;
/**
 * How often a copy standing by looks whether the lease is free: a handed-over lease is taken within this, well inside
 * the 3 s a click waits for its answer (the clicks that came meanwhile are kept for the new owner; see bot.ts).
 */
export const POLL_MS = 500;
/**
 * The owner stops answering this long before the lease it last renewed ends by its own clock: the lease ends by the
 * clock of the copy waiting to take over, which may be a little ahead.
 */
export const MARGIN_MS = 2_000;

/** What the store holds for a lease. `owner` is null once its owner handed it over. */
export interface LeaseValue {
	owner: string | null;
	fence: number;
	/** Unix ms, by the clock of the copy that wrote it. */
	expiresAt: number;
	/** Where the owner runs: its machine (and process namespace) and its process id, when known. */
	host?: string;
	pid?: number;
	/**
	 * Set by an owner handing the lease over: the interactions it answered in its last seconds, which the copy taking
	 * over may also have been sent and kept, and must not answer again.
	 */
	answered?: string[];
}

/** This process as a lease names it, and how it tells whether another process on its machine is still running. */
export interface LocalProcess {
	host: string;
	pid: number;
	alive(pid: number): boolean;
}

export interface LeaseOptions {
	/** The lease's key among the guilds' values (see {@link leaseKey}). */
	key: string;
	/** This copy, as the log and the store name it. */
	owner: string;
	log: Logger;
	/** What the log says the lease is for (e.g. `{ shards: [0], of: 1 }`). */
	about: Record<string, unknown>;
	/**
	 * This process, so that a lease held by a process of this machine that is gone (a crash, then a restart) is taken
	 * at once rather than when it runs out; null where processes cannot be told apart.
	 */
	local?: LocalProcess | null;
	now?: () => number;
	leaseMs?: number;
	renewMs?: number;
	pollMs?: number;
}

export interface LeaseEvents {
	/**
	 * This copy now holds the lease with `fence`; every write from now on is fenced with it. `handedOver` lists the
	 * interactions the owner before it answered lately, when that owner handed the lease over; null when the lease was
	 * free, ran out, or its owner's process is gone.
	 */
	acquired(fence: number, handedOver: readonly string[] | null): Promise<void>;
	/** This copy no longer holds it (another copy took it, or it could not be renewed in time). */
	lost(reason: string): Promise<void>;
}

/** The key of the lease on the guilds of `shards` of `count` (one process runs one shard under the sharding manager). */
export function leaseKey(shards: readonly number[], count: number): string {
	return `lease:shards ${[...shards].sort((a, b) => a - b).join(',')} of ${count}`;
}

function parseLease(value: unknown): LeaseValue | null {
	if (typeof value !== 'object' || value === null) return null;
	const { owner, fence, expiresAt, host, pid, answered } = value as Partial<LeaseValue>;
	if (typeof fence !== 'number' || typeof expiresAt !== 'number') return null;
	return {
		owner: typeof owner === 'string' ? owner : null,
		fence,
		expiresAt,
		...(typeof host === 'string' && typeof pid === 'number' ? { host, pid } : {}),
		...(Array.isArray(answered) ? { answered: answered.filter((id) => typeof id === 'string') } : {}),
	};
}

/**
 * The lease on this copy's guilds, taken when free, renewed while held, handed over by {@link release}. Its work runs
 * one step at a time on timers (fake ones in tests); `held` says, at any moment, whether this copy may act.
 */
export class GuildLease {
	private fence: number | null = null;
	/** Until when, by this copy's clock, it may act: the lease it last renewed, less {@link MARGIN_MS}. */
	private validUntil = 0;
	private state: 'standby' | 'held' = 'standby';
	private timer: NodeJS.Timeout | undefined;
	private stopped = false;
	/** The lease as this copy last read it (undefined before its first look). */
	private lastSeen: LeaseValue | null | undefined;
	/** The lease as it was when this copy took it over: its owner before may still have answered what came then. */
	private takenFrom: LeaseValue | null = null;
	/** The owner this copy last saw alive, and when it first saw that owner's process gone (null: not yet). */
	private seenAlive: string | null = null;
	private seenGoneAt: number | null = null;
	/** The owner this copy last said it stands by for, so the log says it once per owner. */
	private standingBy: string | null = null;
	private storeFailing = false;
	private running: Promise<void> = Promise.resolve();
	/** The work of the last takeover ({@link LeaseEvents.acquired}), which the lease does not wait for. */
	private acquiring: Promise<void> = Promise.resolve();
	private readonly now: () => number;
	private readonly leaseMs: number;
	private readonly renewMs: number;
	private readonly pollMs: number;

	constructor(
		private readonly store: Store,
		private readonly options: LeaseOptions,
		private readonly events: LeaseEvents,
	) {
		this.now = options.now ?? Date.now;
		this.leaseMs = options.leaseMs ?? LEASE_MS;
		this.renewMs = options.renewMs ?? RENEW_MS;
		this.pollMs = options.pollMs ?? POLL_MS;
	}

	/** Whether this copy holds the lease now: only then does it answer, narrate or write. */
	get held(): boolean {
		return this.state === 'held' && this.now() < this.validUntil;
	}

	/**
	 * Whether another copy may have answered, or may answer, an interaction Discord created at `createdAt`: one holds
	 * the lease, as last read, whose time has not run out and whose process is not known to be gone; or one this copy
	 * saw alive whose process it first found gone only after `createdAt` (it may have answered before it died). Once
	 * this copy holds the lease, asked of the owner it took it from; false before the first look and after a handover.
	 */
	anotherMayAnswer(createdAt: number): boolean {
		// While this copy holds the lease, the one it took it from may have answered what was made before.
		const lease = this.state === 'held' ? this.takenFrom : this.lastSeen;
		if (!lease?.owner || lease.owner === this.options.owner) return false;
		// Made once the other's lease had run out: it answers nothing then (it stops short of its end, by MARGIN_MS).
		if (createdAt >= lease.expiresAt) return false;
		if (!this.noteOwnerGone(lease)) return true;
		return this.seenGoneAt !== null && createdAt < this.seenGoneAt;
	}

	/**
	 * Looks now whether the owner's process is gone, as an interaction comes in, so that what Discord made after its
	 * death is told apart from what it made before ({@link anotherMayAnswer}) as closely as interactions come.
	 */
	lookAtOwner(): void {
		const lease = this.lastSeen;
		if (this.state !== 'held' && lease?.owner && lease.owner !== this.options.owner) this.noteOwnerGone(lease);
	}

	/** Whether the owner's process is gone, noting when this copy first found so of an owner it had seen alive. */
	private noteOwnerGone(lease: LeaseValue): boolean {
		const gone = this.ownerIsGone(lease);
		if (!gone) {
			if (this.seenAlive !== lease.owner) this.seenGoneAt = null;
			this.seenAlive = lease.owner;
		} else if (this.seenAlive === lease.owner && this.seenGoneAt === null) this.seenGoneAt = this.now();
		return gone;
	}

	/**
	 * Takes the lease if it is free, or stands by; resolves once the first look is done and, if it took the lease, once
	 * {@link LeaseEvents.acquired} has. Renewing never waits for that work.
	 */
	async start(): Promise<void> {
		this.running = this.step();
		await this.running;
		await this.acquiring;
	}

	/** Stops looking and renewing; the lease, if held, lapses unless {@link release}d. */
	stop(): void {
		this.stopped = true;
		clearTimeout(this.timer);
	}

	/**
	 * Hands the lease over at once (a copy standing by takes it at its next look), if this copy still holds it, saying
	 * which interactions it `answered` lately: the next owner answers the others it was sent meanwhile.
	 */
	async release(answered: readonly string[] = []): Promise<void> {
		this.stop();
		await this.running.catch(() => undefined);
		if (this.state !== 'held' || this.fence === null) return;
		this.state = 'standby';
		const { key } = this.options;
		try {
			const { value, revision } = await this.store.readWithRevision(key);
			const lease = parseLease(value);
			if (lease?.owner !== this.options.owner || lease.fence !== this.fence) return;
			const freed: LeaseValue = { owner: null, fence: lease.fence, expiresAt: 0, answered: [...answered] };
			if (await this.store.writeIfRevision(key, freed, revision))
				this.options.log.info({ ...this.options.about, fence: lease.fence }, 'handed these guilds over');
		} catch (error) {
			this.options.log.warn({ err: error, ...this.options.about }, 'could not hand the lease over; it will lapse');
		}
	}

	private schedule(): void {
		if (this.stopped) return;
		const wait = this.state === 'held' ? this.renewMs : this.pollMs;
		this.timer = setTimeout(() => {
			this.running = this.step();
		}, wait);
	}

	private async step(): Promise<void> {
		try {
			await this.look();
			if (this.storeFailing) this.options.log.info(this.options.about, 'the lease can be read again');
			this.storeFailing = false;
		} catch (error) {
			if (!this.storeFailing)
				this.options.log.warn({ err: error, ...this.options.about }, 'could not read or renew the lease');
			this.storeFailing = true;
			if (this.state === 'held' && this.now() >= this.validUntil)
				await this.lose('the lease could not be renewed in time');
		} finally {
			this.schedule();
		}
	}

	private async look(): Promise<void> {
		const { key, owner, log, about } = this.options;
		const startedAt = this.now();
		const { value, revision } = await this.store.readWithRevision(key);
		if (this.stopped) return;
		const lease = parseLease(value);
		this.lastSeen = lease;
		const mine = lease !== null && lease.owner === owner && lease.fence === this.fence;
		if (this.state === 'held' && !mine) {
			await this.lose(lease?.owner ? `another copy (${lease.owner}) holds it now` : 'it was handed over');
			return;
		}
		const free = lease === null || lease.owner === null || lease.expiresAt <= startedAt || this.noteOwnerGone(lease);
		if (!mine && !free) {
			if (this.standingBy !== lease.owner) {
				this.standingBy = lease.owner;
				log.info(
					{ ...about, owner: lease.owner, expiresAt: new Date(lease.expiresAt).toISOString() },
					'another copy owns these guilds; standing by',
				);
			}
			return;
		}
		const fence = mine ? lease.fence : (lease?.fence ?? 0) + 1;
		const { local } = this.options;
		const next: LeaseValue = {
			owner,
			fence,
			expiresAt: startedAt + this.leaseMs,
			...(local ? { host: local.host, pid: local.pid } : {}),
		};
		if (!(await this.store.writeIfRevision(key, next, revision))) return; // Another copy was quicker; look again.
		this.validUntil = startedAt + this.leaseMs - MARGIN_MS;
		if (mine && this.state === 'held') return;
		this.fence = fence;
		this.state = 'held';
		this.standingBy = null;
		this.store.fenceWith({ key, value: fence });
		const from = lease?.owner && lease.owner !== owner ? { from: lease.owner } : {};
		log.info({ ...about, owner, fence, ...from }, 'owning these guilds');
		// Only a lease handed over says what its owner answered; one free, run out or left by a crash says nothing.
		const handedOver = lease !== null && lease.owner === null && lease.answered ? lease.answered : null;
		this.takenFrom = mine ? null : lease;
		this.lastSeen = next;
		this.acquiring = this.events.acquired(fence, handedOver).catch((error: unknown) => {
			log.error({ err: error, ...about }, 'could not take up the dreams of these guilds');
		});
	}

	/** Whether the lease's owner ran on this machine, in a process that is gone. */
	private ownerIsGone(lease: LeaseValue): boolean {
		const { local } = this.options;
		if (!local || lease.host !== local.host || lease.pid === undefined || lease.pid === local.pid) return false;
		return !local.alive(lease.pid);
	}

	private async lose(reason: string): Promise<void> {
		if (this.state !== 'held') return;
		this.state = 'standby';
		this.options.log.warn({ ...this.options.about, reason }, 'no longer owning these guilds; standing by');
		await this.events.lost(reason);
	}
}

/**
 * This process as a lease names it: the machine's name and its process namespace (two containers on one machine
 * number their processes apart), with its id. Null where the namespace cannot be read (not Linux).
 */
export function thisProcess(): LocalProcess | null {
	let namespace: string;
	try {
		namespace = readlinkSync('/proc/self/ns/pid');
	} catch {
		return null;
	}
	return {
		host: `${hostname()} ${namespace}`,
		pid: process.pid,
		alive(pid) {
			try {
				process.kill(pid, 0);
			} catch (error) {
				// EPERM: it runs, as another user.
				return (error as NodeJS.ErrnoException).code === 'EPERM';
			}
			// A process killed but not yet reaped by its parent (a zombie) still answers the signal; it runs no more.
			try {
				return !/^\d+ \(.*\) [ZX] /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
			} catch {
				return false;
			}
		},
	};
}
