/**
 * What a lease is given (its timing, the copy it belongs to, what it hands over) and what it tells its copy: the terms
 * of lease.ts, apart from the work of taking and renewing it.
 */
import type { Logger } from '../log.js';
import type { BucketBudget, Handover, LocalProcess } from './lease-values.js';

/**
 * How long a lease lasts unless renewed: a copy on another machine that crashed is taken over within this (one on the
 * same machine at once). Short, since members' clicks fail meanwhile; long enough that an owner whose event loop
 * stalls for a few seconds under load keeps it.
 */
export const LEASE_MS = 6_000;
/** How often the owner renews it. */
export const RENEW_MS = 1_000;
/**
 * How often a copy standing by looks whether the lease is free: a handed-over lease is taken within this, well inside
 * the 3 s a click waits for its answer (the clicks that came meanwhile are kept for the new owner; see bot.ts).
 */
export const POLL_MS = 500;
/**
 * The owner stops answering this long before the lease it last renewed ends by its own clock: the lease ends by the
 * clock of the copy waiting to take over, which may be a little ahead.
 */
export const MARGIN_MS = 1_500;

export interface LeaseOptions {
	/** The shards this process runs, of how many: its lease's key, and the layout it belongs to. */
	shards: readonly number[];
	of: number;
	/** This copy, as the log and the store name it. */
	owner: string;
	log: Logger;
	/**
	 * This process, so that a lease held by a process of this machine that is gone (a crash, then a restart) is taken
	 * at once rather than when it runs out; null where processes cannot be told apart.
	 */
	local?: LocalProcess | null;
	/** The interactions this copy answered lately, named when it hands the lease over by itself (see `GuildLease.release`). */
	answeredLately?: () => readonly string[];
	/**
	 * What is left of Discord's per-channel budgets this copy used lately, by bucket: written with every renewal and
	 * with the handover, for the copy that takes the guilds over, even from a crash.
	 */
	budgets?: () => Record<string, BucketBudget>;
	now?: () => number;
	leaseMs?: number;
	renewMs?: number;
	pollMs?: number;
}

export interface LeaseEvents {
	/**
	 * This copy now holds the lease with `fence`; every write from now on is fenced with it. `before`: what the owners
	 * before it left.
	 */
	acquired(fence: number, before: Handover): Promise<void>;
	/** This copy no longer holds it (another copy took it, or it could not be renewed in time). */
	lost(reason: string): Promise<void>;
	/**
	 * This copy renewed the lease after its time had run out by its own clock (a stall), and nobody took it meanwhile:
	 * it may act again, and answer what came in the gap.
	 */
	resumed?(): void;
}
