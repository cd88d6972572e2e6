import pino from 'pino';
import { afterEach } from 'vitest';
import { GuildLease, type LeaseOptions } from '../../src/store/lease.js';
import type { Store } from '../../src/store/store.js';
import { waitFor } from '../helpers.js';

/** One copy of Reverie as the lease sees it: its store handle, its lease, what it was told, and what it logged. */
export interface Copy {
	store: Store;
	lease: GuildLease;
	events: string[];
	said: string[];
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
	const lease = new GuildLease(
		store,
		{ shards: [0], of: 1, owner, log, now: () => clock.now, renewMs: 5, pollMs: 5, ...options },
		{
			acquired: async (fence, handedOver) =>
				void events.push(
					handedOver === null ? `acquired ${fence}` : `acquired ${fence}, handed over: ${handedOver.join(' ')}`.trim(),
				),
			lost: async (reason) => void events.push(`lost: ${reason}`),
			resumed: () => void events.push('resumed'),
		},
	);
	const made = { store, lease, events, said };
	opened.push(made);
	return made;
}

afterEach(async () => {
	for (const { lease, store } of opened.splice(0)) {
		lease.stop();
		await store.close();
	}
	clock.now = 1_000_000;
});

export const until = (what: string, check: () => boolean) => waitFor(what, check, { timeoutMs: 5000, intervalMs: 2 });
