/**
 * One owner at a time. Two copies of Reverie may run on one token and store (a rolling deploy, a forgotten terminal);
 * Discord sends both every interaction. A copy answers, narrates and writes only while it holds the lease on its
 * guilds: a value in the store naming its owner, when that ends unless renewed, and a fence that grows at every
 * takeover. Every write is fenced with it (see guarded.ts), so a copy that lost the lease cannot write any more.
 *
 * Leases are per shard of a layout (`lease:shards 0 of 2`), and copies of different shard counts would hold different
 * keys over the same guilds; so one layout is in force at a time (lease-values.ts). A copy of another layout takes it
 * over only once every lease of the layout in force is free, and each copy checks the layout after writing its lease:
 * of two copies that write at once, one sees the other's write and stands back.
 */
import { LEASE_MS, type LeaseEvents, type LeaseOptions, MARGIN_MS, POLL_MS, RENEW_MS } from './lease-options.js';
import {
	handoverOf,
	LAYOUT_KEY,
	type LayoutValue,
	type LeaseValue,
	leaseKey,
	nextLayout,
	parseLayout,
	parseLease,
	sharedShards,
} from './lease-values.js';
import type { Store } from './store.js';

export {
	LEASE_MS,
	type LeaseEvents,
	type LeaseOptions,
	MARGIN_MS,
	POLL_MS,
	RENEW_MS,
} from './lease-options.js';
export { type Handover, type LeaseValue, type LocalProcess, leaseKey, thisProcess } from './lease-values.js';

/** A value read with the revision it had, for the write that replaces it. */
interface Read<T> {
	value: T | null;
	revision: number;
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
	/** While standing by, the leases of the copies that own these guilds, as last read (empty before the first look). */
	private others: LeaseValue[] = [];
	/** The leases as they were when this copy took over: their owners may still have answered what came then. */
	private takenFrom: LeaseValue[] = [];
	/** Each owner this copy saw alive, with when it first found that owner's process gone (null: not yet). */
	private readonly goneSince = new Map<string, number | null>();
	/** Whom this copy last said it stands by for, so the log says it once per owner. */
	private standingBy: string | null = null;
	private storeFailing = false;
	private running: Promise<void> = Promise.resolve();
	/** The work of the last takeover ({@link LeaseEvents.acquired}), which the lease does not wait for. */
	private acquiring: Promise<void> = Promise.resolve();
	private readonly key: string;
	private readonly about: { shards: readonly number[]; of: number };
	private readonly now: () => number;
	private readonly leaseMs: number;
	private readonly renewMs: number;
	private readonly pollMs: number;

	constructor(
		private readonly store: Store,
		private readonly options: LeaseOptions,
		private readonly events: LeaseEvents,
	) {
		this.key = leaseKey(options.shards, options.of);
		this.about = { shards: options.shards, of: options.of };
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
	 * a lease on these guilds, as last read, whose time has not run out and whose process is not known to be gone; or
	 * one this copy saw alive whose process it first found gone only after `createdAt` (it may have answered before it
	 * died). Once this copy holds the lease, asked of the owners it took over from; false before the first look and of
	 * an owner that handed over (it names what it answered).
	 */
	anotherMayAnswer(createdAt: number): boolean {
		const leases = this.state === 'held' ? this.takenFrom : this.others;
		return leases.some((lease) => this.mayAnswer(lease, createdAt));
	}

	private mayAnswer(lease: LeaseValue, createdAt: number): boolean {
		if (!lease.owner || lease.owner === this.options.owner) return false;
		// Made once the other's lease had run out: it answers nothing then (it stops short of its end, by MARGIN_MS).
		if (createdAt >= lease.expiresAt) return false;
		if (!this.noteOwnerGone(lease)) return true;
		const goneAt = this.goneSince.get(lease.owner);
		return goneAt !== undefined && goneAt !== null && createdAt < goneAt;
	}

	/**
	 * Looks now whether the owners' processes are gone, as an interaction comes in, so that what Discord made after a
	 * death is told apart from what it made before ({@link anotherMayAnswer}) as closely as interactions come.
	 */
	lookAtOwner(): void {
		if (this.state === 'held') return;
		for (const lease of this.others) if (lease.owner && lease.owner !== this.options.owner) this.noteOwnerGone(lease);
	}

	/** Whether the owner's process is gone, noting when this copy first found so of an owner it had seen alive. */
	private noteOwnerGone(lease: LeaseValue): boolean {
		if (!lease.owner) return false;
		const gone = this.ownerIsGone(lease);
		if (!gone) this.goneSince.set(lease.owner, null);
		else if (this.goneSince.get(lease.owner) === null) this.goneSince.set(lease.owner, this.now());
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
	async release(answered: readonly string[] = this.options.answeredLately?.() ?? []): Promise<void> {
		this.stop();
		// The last look's failure was logged by the look itself; only its end matters here.
		await this.running.catch(() => undefined);
		if (this.state !== 'held') return;
		this.state = 'standby';
		await this.free(answered);
	}

	/** Writes this copy's lease as handed over, naming what it `answered`, if it still holds it. */
	private async free(answered: readonly string[]): Promise<void> {
		const { log, owner } = this.options;
		try {
			const { value, revision } = await this.read(this.key, parseLease);
			if (value?.owner !== owner || value.fence !== this.fence) return;
			const freed: LeaseValue = {
				owner: null,
				fence: value.fence,
				expiresAt: 0,
				answered: [...answered],
				...this.budgetsNow(),
			};
			if (await this.store.writeIfRevision(this.key, freed, revision))
				log.info({ ...this.about, fence: value.fence }, 'handed these guilds over');
		} catch (error) {
			log.warn({ err: error, ...this.about }, 'could not hand the lease over; it will lapse');
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
			if (this.storeFailing) this.options.log.info(this.about, 'the lease can be read again');
			this.storeFailing = false;
		} catch (error) {
			if (!this.storeFailing) this.options.log.warn({ err: error, ...this.about }, 'could not read or renew the lease');
			this.storeFailing = true;
			if (this.state === 'held' && this.now() >= this.validUntil)
				await this.lose('the lease could not be renewed in time');
		} finally {
			this.schedule();
		}
	}

	private async read<T>(key: string, parse: (value: unknown) => T | null): Promise<Read<T>> {
		const { value, revision } = await this.store.readWithRevision(key);
		return { value: parse(value), revision };
	}

	/** Whether a lease gives its guilds no owner at `at`: handed over, retired, run out, or its process gone. */
	private isFree(lease: LeaseValue | null, at: number): boolean {
		return (
			lease === null ||
			lease.owner === null ||
			lease.retired === true ||
			lease.expiresAt <= at ||
			this.noteOwnerGone(lease)
		);
	}

	private async look(): Promise<void> {
		const { owner } = this.options;
		const startedAt = this.now();
		const own = await this.read(this.key, parseLease);
		if (this.stopped) return;
		const mine =
			own.value !== null && own.value.owner === owner && own.value.fence === this.fence && !own.value.retired;
		if (this.state === 'held' && !mine) {
			await this.lose(
				own.value?.retired
					? 'a copy with another number of shards took these guilds over'
					: own.value?.owner
						? `another copy (${own.value.owner}) holds it now`
						: 'it was handed over',
			);
			return;
		}
		if (this.state === 'held') {
			await this.renew(own, startedAt);
			return;
		}
		const layout = await this.layoutIfOurs(startedAt);
		if (!layout) return;
		// Its own lease, which this copy could not renew for a while (the store was out of reach), it takes up again.
		if (!mine && !this.isFree(own.value, startedAt)) {
			this.standBy([own.value as LeaseValue], 'another copy owns these guilds; standing by');
			return;
		}
		await this.take(own, layout, startedAt);
	}

	/** Renews the lease this copy holds, then checks that its layout is still the one in force. */
	private async renew(own: Read<LeaseValue>, startedAt: number): Promise<void> {
		const lapsed = startedAt >= this.validUntil;
		if (!(await this.store.writeIfRevision(this.key, this.leaseValue(this.fence ?? 0, startedAt), own.revision)))
			return;
		this.validUntil = startedAt + this.leaseMs - MARGIN_MS;
		const layout = await this.read(LAYOUT_KEY, parseLayout);
		if (layout.value && layout.value.count !== this.options.of) {
			// A copy of another layout took the layout over while this copy's lease looked run out (a stall): it waits for
			// this lease, which this copy hands over.
			this.state = 'standby';
			this.options.log.warn(
				{ ...this.about, layout: layout.value.count },
				'a copy with another number of shards is taking these guilds over; handing them over',
			);
			await this.events.lost(`a copy with ${layout.value.count} shards is taking these guilds over`);
			await this.free(this.options.answeredLately?.() ?? []);
			return;
		}
		if (!layout.value)
			await this.store.writeIfRevision(LAYOUT_KEY, nextLayout(this.options.of, null, startedAt), layout.revision);
		if (lapsed) this.events.resumed?.();
	}

	/**
	 * This copy's layout if it is in force, putting it in force when none is, or when every lease of the one in force
	 * is free and no copy of it took one since it was put in force (for a lease's length); null when another is.
	 */
	private async layoutIfOurs(startedAt: number): Promise<LayoutValue | null> {
		const { of } = this.options;
		const layout = await this.read(LAYOUT_KEY, parseLayout);
		const current = layout.value;
		if (current?.count === of) return current;
		if (current) {
			for (let shard = 0; shard < current.count; shard++) {
				const lease = (await this.read(leaseKey([shard], current.count), parseLease)).value;
				if (!this.isFree(lease, startedAt)) {
					this.standBy([lease as LeaseValue], 'a copy with another number of shards owns these guilds; standing by', {
						layout: current.count,
					});
					return null;
				}
			}
			// Put in force a moment ago, by a copy that has not taken its lease yet: it gets a lease's length to do so.
			if (current.pendingSince !== null && startedAt < current.pendingSince + this.leaseMs) {
				this.standBy([], 'a copy with another number of shards is taking these guilds over; standing by', {
					layout: current.count,
				});
				return null;
			}
		}
		const next = nextLayout(of, current, startedAt);
		if (!(await this.store.writeIfRevision(LAYOUT_KEY, next, layout.revision))) return null; // Another was quicker.
		if (current)
			this.options.log.info(
				{ ...this.about, from: current.count },
				'taking these guilds over from another number of shards',
			);
		return next;
	}

	/**
	 * Takes the lease: first retires the leases of earlier layouts over the same guilds (each must be free), so that
	 * their owners' late writes are refused; then writes this copy's own, and checks the layout once more.
	 */
	private async take(own: Read<LeaseValue>, layout: LayoutValue, startedAt: number): Promise<void> {
		const { owner, of, shards, log } = this.options;
		const mine = own.value?.owner === owner && own.value.fence === this.fence;
		// The leases over these guilds before this copy's: its own key's, unless its own, and those of earlier layouts.
		const before: LeaseValue[] = own.value && !mine ? [own.value] : [];
		for (const count of layout.formerly) {
			for (const shard of sharedShards(shards, of, count)) {
				const key = leaseKey([shard], count);
				const { value, revision } = await this.read(key, parseLease);
				if (value === null) continue;
				if (!this.isFree(value, startedAt)) {
					this.standBy([value], 'a copy with another number of shards owns these guilds; standing by', {
						layout: count,
					});
					return;
				}
				if (
					!value.retired &&
					!(await this.store.writeIfRevision(key, { ...value, fence: value.fence + 1, retired: true }, revision))
				)
					return; // Changed meanwhile; look again.
				before.push(value);
			}
		}
		const fence = mine && own.value ? own.value.fence : (own.value?.fence ?? 0) + 1;
		if (!(await this.store.writeIfRevision(this.key, this.leaseValue(fence, startedAt), own.revision))) return;
		const after = await this.read(LAYOUT_KEY, parseLayout);
		if (after.value && after.value.count !== of) {
			// A copy of another layout put it in force while this one took its lease: it waits for this lease, which this
			// copy gives back at once, having done nothing with it.
			this.fence = fence;
			await this.free([]);
			return;
		}
		// The layout is taken up: a copy of another layout now waits for this lease, not for the layout's time.
		if (after.value?.pendingSince != null)
			await this.store.writeIfRevision(LAYOUT_KEY, { ...after.value, pendingSince: null }, after.revision);
		this.validUntil = startedAt + this.leaseMs - MARGIN_MS;
		this.fence = fence;
		this.state = 'held';
		this.standingBy = null;
		this.store.fenceWith({ key: this.key, value: fence });
		const from = [...new Set(before.map((lease) => lease.owner).filter((o) => o !== null))];
		log.info({ ...this.about, owner, fence, ...(from.length > 0 ? { from } : {}) }, 'owning these guilds');
		this.takenFrom = before;
		this.others = [];
		this.acquiring = this.events.acquired(fence, handoverOf(before)).catch((error: unknown) => {
			log.error({ err: error, ...this.about }, 'could not take up the dreams of these guilds');
		});
	}

	private leaseValue(fence: number, startedAt: number): LeaseValue {
		const { owner, local } = this.options;
		return {
			owner,
			fence,
			expiresAt: startedAt + this.leaseMs,
			...(local ? { host: local.host, pid: local.pid } : {}),
			...this.budgetsNow(),
		};
	}

	/** This copy's budgets as a lease value's field: none when it used none lately. */
	private budgetsNow(): Pick<LeaseValue, 'budgets'> {
		const budgets = this.options.budgets?.() ?? {};
		return Object.keys(budgets).length > 0 ? { budgets } : {};
	}

	/** Stands by for the copies holding `leases`, saying so once per owner. */
	private standBy(leases: LeaseValue[], message: string, more: Record<string, unknown> = {}): void {
		this.others = leases;
		const who = leases[0]?.owner ?? `layout ${String(more.layout)}`;
		if (this.standingBy === who) return;
		this.standingBy = who;
		const lease = leases[0];
		this.options.log.info(
			{
				...this.about,
				...more,
				...(lease ? { owner: lease.owner, expiresAt: new Date(lease.expiresAt).toISOString() } : {}),
			},
			message,
		);
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
		this.options.log.warn({ ...this.about, reason }, 'no longer owning these guilds; standing by');
		await this.events.lost(reason);
	}
}
