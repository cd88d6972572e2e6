/**
 * What the store holds for the leases (see lease.ts): one lease per process's shards, and the shard layout (how many
 * shards the bot runs as) whose leases are the ones that count. Pure values and their keys; no I/O but the process
 * table read by {@link thisProcess}.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

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
	/**
	 * Set by an owner handing the lease over: what was left of Discord's per-channel budgets it had used, by bucket.
	 * The copy taking over knows nothing of them until Discord answers it, and a request over what was left would earn
	 * a 429.
	 */
	budgets?: Record<string, BucketBudget>;
	/**
	 * Set by a copy of another shard layout that took these guilds over: the lease counts no more, and its fence was
	 * raised so that its owner's late writes are refused. The rest is kept as it was, to tell what its owner may have
	 * answered.
	 */
	retired?: true;
}

/** What is left of one of Discord's per-channel budgets: `left` requests until `until` (Unix ms), when it is whole. */
export interface BucketBudget {
	left: number;
	until: number;
}

/**
 * The shard layout in force: the lease keys of `count` shards are the ones that give guilds an owner. `formerly` are
 * the counts before it, whose leases a copy taking over checks are free (their guilds are the same guilds, split
 * otherwise). `pendingSince` is when a copy put it in force (Unix ms, its clock), until a copy of it takes a lease.
 */
export interface LayoutValue {
	count: number;
	formerly: number[];
	pendingSince: number | null;
}

/** The key of the shard layout among the guilds' values. */
export const LAYOUT_KEY = 'lease:layout';
/** How many earlier layouts a layout remembers. */
const FORMER_LAYOUTS = 8;

/** The key of the lease on the guilds of `shards` of `count` (one process runs one shard under the sharding manager). */
export function leaseKey(shards: readonly number[], count: number): string {
	return `lease:shards ${[...shards].sort((a, b) => a - b).join(',')} of ${count}`;
}

export function parseLease(value: unknown): LeaseValue | null {
	if (typeof value !== 'object' || value === null) return null;
	const { owner, fence, expiresAt, host, pid, answered, budgets, retired } = value as Partial<LeaseValue>;
	if (typeof fence !== 'number' || typeof expiresAt !== 'number') return null;
	return {
		owner: typeof owner === 'string' ? owner : null,
		fence,
		expiresAt,
		...(typeof host === 'string' && typeof pid === 'number' ? { host, pid } : {}),
		...(Array.isArray(answered) ? { answered: answered.filter((id) => typeof id === 'string') } : {}),
		...(typeof budgets === 'object' && budgets !== null && !Array.isArray(budgets)
			? { budgets: Object.fromEntries(Object.entries(budgets).filter(([, budget]) => isBucketBudget(budget))) }
			: {}),
		...(retired === true ? { retired } : {}),
	};
}

function isBucketBudget(value: unknown): value is BucketBudget {
	const { left, until } = (value ?? {}) as Partial<BucketBudget>;
	return typeof left === 'number' && typeof until === 'number';
}

export function parseLayout(value: unknown): LayoutValue | null {
	if (typeof value !== 'object' || value === null) return null;
	const { count, formerly, pendingSince } = value as Partial<LayoutValue>;
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return null;
	return {
		count,
		formerly: Array.isArray(formerly) ? formerly.filter((n) => Number.isInteger(n) && n >= 1 && n !== count) : [],
		pendingSince: typeof pendingSince === 'number' ? pendingSince : null,
	};
}

/** The layout a copy of `count` shards puts in force after `current` (null: none yet), remembering the ones before. */
export function nextLayout(count: number, current: LayoutValue | null, now: number): LayoutValue {
	const formerly = current ? [current.count, ...current.formerly] : [];
	return {
		count,
		formerly: [...new Set(formerly)].filter((n) => n !== count).slice(0, FORMER_LAYOUTS),
		pendingSince: now,
	};
}

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}

/**
 * The shards of a layout of `otherCount` that hold some guild of `shards` of `count`. A guild is on shard
 * `(id >> 22) % count`; two shards `s` of `count` and `t` of `otherCount` share a guild exactly when
 * `s ≡ t (mod gcd(count, otherCount))` (the Chinese remainder theorem).
 */
export function sharedShards(shards: readonly number[], count: number, otherCount: number): number[] {
	const step = gcd(count, otherCount);
	const residues = new Set(shards.map((s) => s % step));
	return [...Array(otherCount).keys()].filter((t) => residues.has(t % step));
}

/** This process as a lease names it, and how it tells whether another process on its machine is still running. */
export interface LocalProcess {
	host: string;
	pid: number;
	alive(pid: number): boolean;
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

/** What the owners before this copy left it. */
export interface Handover {
	/**
	 * The interactions they answered lately, when they handed the lease over; null when none did (the lease was free,
	 * ran out, or its owner's process is gone: `GuildLease.anotherMayAnswer` tells then).
	 */
	answered: readonly string[] | null;
	/** What was left of Discord's per-channel budgets they used lately, by bucket, as their last write of it says. */
	budgets: Record<string, BucketBudget>;
}

/**
 * What the leases before this copy's say together: every interaction answered, when any was handed over (one free, run
 * out or left by a crash says nothing of them); and the least left of each bucket, from all of them.
 */
export function handoverOf(leases: readonly LeaseValue[]): Handover {
	const budgets: Record<string, BucketBudget> = {};
	for (const lease of leases)
		for (const [bucket, { left, until }] of Object.entries(lease.budgets ?? {})) {
			const other = budgets[bucket];
			budgets[bucket] = other
				? { left: Math.min(left, other.left), until: Math.max(until, other.until) }
				: { left, until };
		}
	const handed = leases.filter((lease) => lease.owner === null && lease.answered);
	const answered = handed.length > 0 ? [...new Set(handed.flatMap((lease) => lease.answered ?? []))] : null;
	return { answered, budgets };
}
