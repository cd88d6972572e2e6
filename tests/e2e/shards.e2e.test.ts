import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/dev/local-discord/server.js';
import { suiteWith, waitFor } from '../helpers.js';
import { findRedisServer, type RedisServer, startRedis } from '../store/servers.js';
import { buttonsOf, closeScene, QUICK_TIMINGS, Scene, textOf } from './harness.js';

/** Two guilds, one on each of two shards: shard = (guild_id >> 22) % 2. */
const EVEN = String(1000n << 22n);
const ODD = String(1001n << 22n);
const members = [{ name: 'Alice' }, { name: 'Bob' }];
const story = [{ type: 3, name: 'story', value: 'the-stair' }];

/** A dream started in each guild (one per shard), and both members' ballots on each first vote. */
async function dreamInEach(s: Scene): Promise<{ even: StoredMessage; odd: StoredMessage }> {
	for (const channel of ['even-dreams', 'odd-dreams'])
		await s.discord.command({
			user: 'Alice',
			channel,
			name: 'dream',
			options: [{ type: 1, name: 'start', options: story }],
		});
	const even = await s.vote('even-dreams', 1);
	const odd = await s.vote('odd-dreams', 1);
	for (const user of ['Alice', 'Bob']) {
		await s.click(user, 'even-dreams', even, 1);
		await s.click(user, 'odd-dreams', odd, 0);
	}
	return { even, odd };
}
const world = {
	guilds: [
		{ id: EVEN, name: 'Even', channels: [{ name: 'even-dreams' }], members },
		{ id: ODD, name: 'Odd', channels: [{ name: 'odd-dreams' }], members },
	],
};

suiteWith(findRedisServer(), 'sharding over a Redis store', (binary) => {
	let redis: RedisServer;
	let scene: Scene | null = null;
	beforeAll(async () => {
		redis = await startRedis(binary);
	});
	afterEach(async (context) => {
		await closeScene(scene, context.task.result?.state === 'fail');
		scene = null;
	});
	afterAll(async () => {
		await redis?.stop();
	});

	/** Waits for `check`, saying what the processes said last if it never comes. */
	const until = (check: () => boolean, what: string) =>
		waitFor(what, check, { timeoutMs: 60_000, intervalMs: 50 }).catch((error: unknown) => {
			throw new Error(`${(error as Error).message}: ${scene?.output.slice(-5).join('\n')}`);
		});

	/** The pid of a shard's current process, from the manager's log (of the copy `copy`, or of any). */
	const pidOf = (s: Scene, shard: number, copy?: string): number => {
		const line = (copy === undefined ? s.output : s.outputOf(copy)).findLast(
			(l) => l.includes('"msg":"shard process started"') && l.includes(`"shard":${shard},`),
		);
		return Number(/"pid":(\d+)/.exec(line ?? '')?.[1]);
	};
	/** Whether a process runs: a zombie (killed, not yet reaped by whoever adopted it) does not. */
	const alive = (pid: number) => {
		try {
			process.kill(pid, 0);
		} catch {
			return false;
		}
		try {
			return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
		} catch {
			return true;
		}
	};

	it('GIVEN two shards with a dream in each WHEN one shard’s process is killed THEN it comes back and resumes its dream, and the other shard never notices', async () => {
		const s = await Scene.open({ SHARDS: '2', STORE_URL: redis.freshUrl(), DISCORD_GUILD_ID: '' }, world, {
			shards: 2,
			timings: QUICK_TIMINGS,
		});
		scene = s;
		await s.startBot();
		await until(() => s.said('"msg":"dreams resumed"') >= 2, 'both shards');
		expect(s.discord.shardOf(EVEN, 2)).toBe(0);
		expect(s.discord.shardOf(ODD, 2)).toBe(1);

		const { even, odd } = await dreamInEach(s);

		const killed = pidOf(s, 0);
		expect(killed).toBeGreaterThan(0);
		process.kill(killed, 'SIGKILL');
		await until(() => pidOf(s, 0) !== killed && s.said('"msg":"dreams resumed"') >= 3, 'shard 0 to come back');

		// Both votes close on their own clocks, every ballot counted: one by the shard that came back, one by the
		// shard that kept running.
		expect(await s.closed('even-dreams', even, 30_000)).toContain('Closed: the time ran out. 2 dreamers voted.');
		expect(await s.closed('odd-dreams', odd, 30_000)).toContain('Closed: the time ran out. 2 dreamers voted.');
		expect(textOf(s.discord.message(s.channelId('even-dreams'), even.id))).toMatch(/✅ \*\*2\./);
		await s.vote('even-dreams', 2);
		await s.vote('odd-dreams', 2);
		expect(s.discord.identifies.get(0)).toBe(2);
		expect(s.discord.identifies.get(1)).toBe(1);

		// Stopping the manager stops every shard.
		const shardPids = [pidOf(s, 0), pidOf(s, 1)];
		expect(await s.stopBot()).toBe(0);
		expect(shardPids.filter(alive)).toEqual([]);
		s.expectClean();
	}, 120_000);

	it('GIVEN two shards WHEN their manager alone is killed with SIGKILL THEN each shard stops by itself, handing its guilds over', async () => {
		const s = await Scene.open({ SHARDS: '2', STORE_URL: redis.freshUrl(), DISCORD_GUILD_ID: '' }, world, {
			shards: 2,
			timings: QUICK_TIMINGS,
		});
		scene = s;
		await s.startBot();
		await until(() => s.said('"msg":"dreams resumed"') >= 2, 'both shards');
		const shardPids = [pidOf(s, 0), pidOf(s, 1)];
		const manager = s.bot?.pid;
		if (manager === undefined) throw new Error('the manager is not running');
		process.kill(manager, 'SIGKILL');
		await until(() => shardPids.every((pid) => !alive(pid)), 'both shards to stop without their manager');
		expect(s.said('"msg":"handed these guilds over"')).toBe(2);
	}, 120_000);

	const RESUMED = '"msg":"dreams resumed"';
	const STANDING_BY = 'owns these guilds; standing by"';
	const OWNING = '"msg":"owning these guilds"';

	/** The shard ids a copy's manager started, from its log. */
	const shardsStartedBy = (s: Scene, copy: string): number[] => [
		...new Set(
			s
				.outputOf(copy)
				.filter((l) => l.includes('"msg":"shard starting"'))
				.map((l) => Number(/"shard":(\d+)/.exec(l)?.[1])),
		),
	];
	/** How many times a copy logged that a vote in `channel` closed. */
	const votesClosedIn = (s: Scene, copy: string, channel: string) =>
		s
			.outputOf(copy)
			.filter((l) => l.includes('"msg":"vote closed"') && l.includes(`"channelId":"${s.channelId(channel)}"`)).length;

	it('GIVEN two managers with disjoint SHARD_IDS on one store WHEN a dream runs in each guild THEN each runs in its own manager’s shard, and killing one manager’s processes leaves the other’s dream going', async () => {
		const s = await Scene.open({ SHARDS: '2', STORE_URL: redis.freshUrl(), DISCORD_GUILD_ID: '' }, world, {
			shards: 2,
			timings: QUICK_TIMINGS,
		});
		scene = s;
		await Promise.all([s.startCopy('a', { SHARD_IDS: '0' }), s.startCopy('b', { SHARD_IDS: '1' })]);
		for (const [copy, id] of [
			['a', 0],
			['b', 1],
		] as const) {
			const says = s.outputOf(copy).find((l) => l.includes('"msg":"this machine runs these shards"'));
			expect(says).toContain(`"shardIds":[${id}],"of":2`);
			expect(shardsStartedBy(s, copy)).toEqual([id]);
		}
		expect(s.discord.identifies.get(0)).toBe(1);
		expect(s.discord.identifies.get(1)).toBe(1);

		const { even, odd } = await dreamInEach(s);

		// Manager A dies with its shard: B's dream goes on by its own clock, A's waits.
		const shardOfA = pidOf(s, 0, 'a');
		expect(shardOfA).toBeGreaterThan(0);
		await s.killCopy('a');
		await until(() => !alive(shardOfA), 'A’s shard process to die with it');
		expect(await s.closed('odd-dreams', odd, 30_000)).toContain('Closed: the time ran out. 2 dreamers voted.');
		await s.vote('odd-dreams', 2);
		const evenNow = s.discord.message(s.channelId('even-dreams'), even.id);
		expect(evenNow && buttonsOf(evenNow).every((b) => !b.disabled)).toBe(true);

		// A comes back and closes its own vote, every ballot counted.
		await s.startCopy('a');
		expect(await s.closed('even-dreams', even, 30_000)).toContain('2 dreamers voted.');
		await s.vote('even-dreams', 2);
		expect([votesClosedIn(s, 'a', 'even-dreams'), votesClosedIn(s, 'b', 'even-dreams')]).toEqual([1, 0]);
		expect([votesClosedIn(s, 'a', 'odd-dreams'), votesClosedIn(s, 'b', 'odd-dreams')]).toEqual([0, 1]);
		expect(s.discord.identifies.get(0)).toBe(2);
		expect(s.discord.identifies.get(1)).toBe(1);

		expect(await s.stopCopy('a')).toBe(0);
		expect(await s.stopCopy('b')).toBe(0);
		s.expectClean();
	}, 120_000);

	it('GIVEN two managers whose SHARD_IDS overlap WHEN members click in the shared shard’s guild THEN that guild has one owner: one answer per click, no second acknowledgement, and the other shard process stands by', async () => {
		const s = await Scene.open({ SHARDS: '2', STORE_URL: redis.freshUrl(), DISCORD_GUILD_ID: '' }, world, {
			shards: 2,
			timings: QUICK_TIMINGS,
		});
		scene = s;
		// A runs both shards (started one after the other), B only shard 1: B's shard 1 is up first or second.
		await s.startCopy('a', { SHARD_IDS: '0-1' });
		await s.startCopy('b', { SHARD_IDS: '1' }, { waitFor: 'either' });
		const settled = (copy: string) => s.said(RESUMED, copy) + s.said(STANDING_BY, copy);
		await until(() => settled('a') >= 2, 'both of A’s shards to own their guilds or stand by');
		expect(shardsStartedBy(s, 'a')).toEqual([0, 1]);
		expect(shardsStartedBy(s, 'b')).toEqual([1]);
		expect(s.discord.identifies.get(1)).toBe(2);

		const start = await s.discord.command({
			user: 'Alice',
			channel: 'odd-dreams',
			name: 'dream',
			options: [{ type: 1, name: 'start', options: story }],
		});
		expect(textOf(s.answer(start))).toContain('The Stair');
		const vote = await s.vote('odd-dreams', 1);
		const clicks = [await s.click('Alice', 'odd-dreams', vote, 0), await s.click('Bob', 'odd-dreams', vote, 1)];
		for (const click of clicks) expect(textOf(s.answer(click))).toMatch(/^Counted/);
		expect(s.votes('odd-dreams')).toHaveLength(1);
		// The vote closes once, by its clock, with both ballots: a second owner would have answered again by now.
		expect(await s.closed('odd-dreams', vote, 30_000)).toContain('Closed: the time ran out. 2 dreamers voted.');
		expect(s.discord.violations.filter((v) => v.kind === 'double-callback')).toEqual([]);
		for (const click of [start, ...clicks]) expect(click.failed).toBeFalsy();
		await s.vote('odd-dreams', 2);
		expect(s.votes('odd-dreams')).toHaveLength(2);

		// Shard 0 (only A runs it) owns its guild; of the two shard-1 processes, one owns and one stands by.
		expect(s.said(STANDING_BY)).toBe(1);
		expect(s.said(OWNING)).toBe(2);
		expect(s.said(STANDING_BY, 'b') + s.said(OWNING, 'b')).toBe(1);
		expect(votesClosedIn(s, 'a', 'odd-dreams') + votesClosedIn(s, 'b', 'odd-dreams')).toBe(1);

		expect(await s.stopCopy('b')).toBe(0);
		expect(await s.stopCopy('a')).toBe(0);
		s.expectClean();
	}, 120_000);
});
