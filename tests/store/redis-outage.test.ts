import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { VoteOutcome } from '../../src/sessions/sessions.js';
import { REDIS_RECONNECT_MAX_MS } from '../../src/store/backends/redis.js';
import { Store, StoreUnavailableError } from '../../src/store/store.js';
import { suiteWith, waitFor } from '../helpers.js';
import { CHANNEL, GUILD, silent, startBot } from '../sessions/harness.js';
import { findRedisServer, type RedisServer, startRedis } from './servers.js';

/** How long a store operation may take in this test. */
const TIMEOUT_MS = 1000;
/** How long Redis stays down. */
const OUTAGE_MS = 10_000;
/** How often members click while it is down. */
const CLICK_EVERY_MS = 1500;

/**
 * What the fake clock takes over once Redis goes away: the timers (the store's deadlines and lock waits, the Redis
 * client's waits between tries to reconnect, the bot's own) and `Date`. The server process, the sockets and
 * `setImmediate` stay real: Redis is really killed, frozen and restarted, and the client really reconnects.
 */
const FAKED: ('setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval' | 'Date')[] = [
	'setTimeout',
	'clearTimeout',
	'setInterval',
	'clearInterval',
	'Date',
];

/**
 * `work`, with the fake clock run forward a millisecond at a time while it is out (by the shared waitFor): a call
 * answered at once takes next to none of it, one that waits for a timer takes as long as that timer, and one that
 * is never answered fails the wait.
 */
async function onFakeClock<T>(work: Promise<T>): Promise<T> {
	let out = true;
	const tracked = work.finally(() => {
		out = false;
	});
	tracked.catch(() => undefined);
	await waitFor('an answer', () => !out, { intervalMs: 1 });
	return tracked;
}

/** What the store logged, by message. */
function recordingLog() {
	const lines: string[] = [];
	return {
		lines,
		debug: () => undefined,
		info: () => undefined,
		error: (_: object, message: string) => void lines.push(message),
		warn: (_: object, message: string) => void lines.push(message),
	};
}

suiteWith(findRedisServer(), 'a Redis store that goes away', (binary) => {
	let server: RedisServer;
	beforeAll(async () => {
		// An append-only file synced on every write: what Redis acknowledged survives the kill below.
		server = await startRedis(binary, { persistent: true });
	});
	afterAll(() => server?.stop());

	it('GIVEN a vote with ballots counted WHEN Redis is killed for 10 s, then frozen, THEN clicks in between are told to try again, nothing crashes, and once it is back every counted ballot is still there, new ones count and the vote closes', async () => {
		const url = server.freshUrl();
		const log = recordingLog();
		const store = Store.open(url, log, { timeoutMs: TIMEOUT_MS });
		const bot = startBot({ url, store, voteMs: 120_000 });
		try {
			const started = await bot.sessions.start({ guildId: GUILD, channelId: CHANNEL, userId: 'starter' });
			if (started.kind !== 'started') throw new Error(`expected a start, got ${started.kind}`);
			const vote = await waitFor('the vote', () => bot.channel.votes(CHANNEL)[0]);
			/** Every member whose ballot was answered "counted", with their choice. */
			const acknowledged = new Map<string, number>();
			const click = async (userId: string, choice: number): Promise<{ outcome: VoteOutcome; ms: number }> => {
				const began = Date.now();
				const outcome = await bot.sessions.vote({
					channelId: CHANNEL,
					sessionId: started.sessionId,
					round: 1,
					choice,
					userId,
				});
				if (outcome.kind === 'counted') acknowledged.set(userId, choice);
				return { outcome, ms: Date.now() - began };
			};

			for (const [i, member] of ['ann', 'ben', 'cat', 'dan', 'eve'].entries())
				expect((await click(member, i % 2)).outcome.kind).toBe('counted');
			expect(vote.view.state).toBe('open');

			// From here on the waits are the fake clock's: the outage, the client's tries to reconnect, the timeouts.
			vi.useFakeTimers({ toFake: FAKED });

			// Killed: the connection drops, every click in the next ten seconds is answered "unavailable" at once.
			await server.kill();
			const downSince = Date.now();
			const duringKill: { outcome: VoteOutcome; ms: number }[] = [];
			let n = 0;
			while (Date.now() - downSince < OUTAGE_MS) {
				duringKill.push(await onFakeClock(click(`down${n++}`, 0)), await onFakeClock(click('ann', 1)));
				await vi.advanceTimersByTimeAsync(CLICK_EVERY_MS);
			}
			expect(duringKill.length).toBeGreaterThanOrEqual(10);
			for (const { outcome, ms } of duringKill) {
				expect(outcome).toEqual({ kind: 'unavailable' });
				expect(ms).toBeLessThan(TIMEOUT_MS + 500);
			}
			// A moderator's command fails with a clear error (the router's error boundary answers it).
			await expect(onFakeClock(bot.sessions.skip(CHANNEL))).rejects.toThrow(StoreUnavailableError);
			await expect(onFakeClock(bot.sessions.status(CHANNEL))).rejects.toThrow(/read channel .*: /);
			// Listing the dreams (as a restart does) fails too, rather than finding none.
			const listing = (async () => {
				for await (const _ of store.channelIds());
			})();
			await expect(onFakeClock(listing)).rejects.toThrow(StoreUnavailableError);
			expect(log.lines).toContain('lost the connection to Redis; reconnecting');

			// Back on the same port with the same data: the client reconnects by itself (its next try comes within
			// the longest wait between tries, on the fake clock), and a retry is counted.
			await server.restart();
			await vi.advanceTimersByTimeAsync(REDIS_RECONNECT_MAX_MS);
			await waitFor(
				'a click counted again',
				async () => (await onFakeClock(click('fay', 0))).outcome.kind === 'counted',
			);
			expect((await onFakeClock(click('gus', 1))).outcome.kind).toBe('counted');
			expect(log.lines).toContain('connected to Redis again');

			// Frozen: the connection stays open but nothing answers. Six members click at once: each is told to try
			// again after the timeout, and none waits behind all the others (each turn ahead costs a full timeout).
			// The fake clock runs through the longest any of them may take, firing the timers in order: each click
			// is answered, and measured, at the fake time its own timer fires.
			server.freeze();
			const frozenClicks = ['hal', 'ivy', 'jon', 'kim', 'lou', 'max'].map((m) => click(m, 0));
			let allAnswered = false;
			void Promise.allSettled(frozenClicks).then(() => {
				allAnswered = true;
			});
			await vi.advanceTimersByTimeAsync(store.lockWaitMs + TIMEOUT_MS + 500);
			expect(allAnswered, 'every click answered within a lock wait and a timeout').toBe(true);
			server.thaw();
			const frozen = await Promise.all(frozenClicks);
			for (const { outcome, ms } of frozen) {
				expect(outcome).toEqual({ kind: 'unavailable' });
				expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
				expect(ms).toBeLessThan(store.lockWaitMs + TIMEOUT_MS + 500);
			}

			// Thawed: the retries count, and every ballot counted before, during or after is there.
			expect((await onFakeClock(click('hal', 0))).outcome.kind).toBe('counted');
			expect((await onFakeClock(click('ivy', 1))).outcome.kind).toBe('counted');
			const reopened = Store.open(url, silent);
			const read = await onFakeClock(reopened.readChannel(CHANNEL));
			await onFakeClock(reopened.close());
			if (read.kind !== 'ok' || !read.record.vote) throw new Error(`expected the record, got ${read.kind}`);
			// Exactly those: nothing a member was told "try again" about was counted behind their back either.
			expect(read.record.vote.ballots).toEqual(Object.fromEntries(acknowledged));

			// The vote closes, with every ballot, and the dream goes on to the next vote.
			const closed = await onFakeClock(bot.sessions.skip(CHANNEL));
			expect(closed).toMatchObject({ kind: 'closed-vote', ballots: acknowledged.size });
			await waitFor('the next vote', () => bot.channel.votes(CHANNEL).find((v) => v.view.round === 2));
		} finally {
			// Timers still pending on the fake clock are dropped; the bot stops on the real one.
			vi.useRealTimers();
			await bot.stop();
		}
	});
});
