import pino from 'pino';
import { GuildLease, type LeaseOptions, leaseKey } from '../../src/store/lease.js';
import type { Store } from '../../src/store/store.js';
import { waitFor } from '../helpers.js';

/** One copy of Reverie as the lease sees it: its store handle, its lease, what it was told, and what it logged. */
export interface Copy {
	store: Store;
	lease: GuildLease;
	events: string[];
	said: string[];
	/** How many looks its lease has begun: each reads the lease's own key once, held or standing by. */
	looks: () => number;
}

/** `store` for a lease, counting each read of `key` as a look. */
function countingLooks(store: Store, key: string, look: () => void): Store {
	return new Proxy(store, {
		get(target, property) {
			if (property === 'readWithRevision')
				return (read: string) => {
					if (read === key) look();
					return target.readWithRevision(read);
				};
			const value = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}

/** The clock every copy reads (the lease's own time), moved by the tests; the loops tick on short real timers. */
export const clock = {
	now: 1_000_000,
	/** Moves it on by `ms`. */
	add(ms: number): void {
		clock.now += ms;
	},
};
const opened: Copy[] = [];

/** A copy of one shard of one (or as `options` say), looking and renewing every 5 ms of real time. */
export function copy(store: Store, owner: string, options: Partial<LeaseOptions> = {}): Copy {
	const said: string[] = [];
	const log = pino({ level: 'info' }, { write: (line: string) => void said.push(JSON.parse(line).msg) });
	const events: string[] = [];
	const settings = { shards: [0], of: 1, owner, log, now: () => clock.now, renewMs: 5, pollMs: 5, ...options };
	let looks = 0;
	const lease = new GuildLease(
		countingLooks(store, leaseKey(settings.shards, settings.of), () => looks++),
		settings,
		{
			acquired: async (fence, before) => {
				const budgets = Object.entries(before.budgets).map(
					([bucket, { left, until }]) => `${bucket} ${left} left until ${until}`,
				);
				events.push(
					(before.answered === null
						? `acquired ${fence}`
						: `acquired ${fence}, handed over: ${before.answered.join(' ')}`.trim()) +
						(budgets.length > 0 ? `; budgets: ${budgets.join(', ')}` : ''),
				);
			},
			lost: async (reason) => void events.push(`lost: ${reason}`),
			resumed: () => void events.push('resumed'),
		},
	);
	const made = { store, lease, events, said, looks: () => looks };
	opened.push(made);
	return made;
}

/** Stops every copy's lease, closes its store and sets the clock back: for each test file's `afterEach`. */
export async function closeCopies(): Promise<void> {
	for (const { lease, store } of opened.splice(0)) {
		lease.stop();
		await store.close();
	}
	clock.now = 1_000_000;
}

export const until = (what: string, check: () => boolean) => waitFor(what, check, { timeoutMs: 5000, intervalMs: 2 });

/**
 * Waits until each of `copies` has begun `times` more looks (the first of them may have been under way already): what
 * a copy would do at a look, it has had its chance to do.
 */
export async function lookedAgain(copies: readonly Copy[], times = 3): Promise<void> {
	const from = copies.map((c) => c.looks());
	await until(`${copies.length} copies to look ${times} more times`, () =>
		copies.every((c, i) => c.looks() >= (from[i] ?? 0) + times),
	);
}
