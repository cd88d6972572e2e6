import { afterAll, beforeAll, expect, it } from 'vitest';
import { suiteWith, waitFor } from '../helpers.js';
import { findRedisServer, type RedisServer, startRedis } from '../store/servers.js';
import { Scene, textOf } from './harness.js';

/** Two guilds, one on each of two shards: shard = (guild_id >> 22) % 2. */
const EVEN = String(1000n << 22n);
const ODD = String(1001n << 22n);
const members = [{ name: 'Alice' }, { name: 'Bob' }];
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
	afterAll(async () => {
		await scene?.close();
		await redis?.stop();
	});

	/** Waits for `check`, saying what the processes said last if it never comes. */
	const until = (check: () => boolean, what: string) =>
		waitFor(what, check, { timeoutMs: 60_000, intervalMs: 50 }).catch((error: unknown) => {
			throw new Error(`${(error as Error).message}: ${scene?.output.slice(-5).join('\n')}`);
		});

	/** The pid of a shard's current process, from the manager's log. */
	const pidOf = (s: Scene, shard: number): number => {
		const line = s.output.findLast(
			(l) => l.includes('"msg":"shard process started"') && l.includes(`"shard":${shard},`),
		);
		return Number(/"pid":(\d+)/.exec(line ?? '')?.[1]);
	};
	const alive = (pid: number) => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};

	it('GIVEN two shards with a dream in each WHEN one shard’s process is killed THEN it comes back and resumes its dream, and the other shard never notices', async () => {
		const s = await Scene.open({ SHARDS: '2', STORE_URL: redis.freshUrl(), DISCORD_GUILD_ID: '' }, world, {
			shards: 2,
		});
		scene = s;
		await s.startBot();
		await until(() => s.said('"msg":"dreams resumed"') >= 2, 'both shards');
		expect(s.discord.shardOf(EVEN, 2)).toBe(0);
		expect(s.discord.shardOf(ODD, 2)).toBe(1);

		const story = [{ type: 3, name: 'story', value: 'the-scar' }];
		await s.discord.command({
			user: 'Alice',
			channel: 'even-dreams',
			name: 'dream',
			options: [{ type: 1, name: 'start', options: story }],
		});
		await s.discord.command({
			user: 'Alice',
			channel: 'odd-dreams',
			name: 'dream',
			options: [{ type: 1, name: 'start', options: story }],
		});
		const even = await s.vote('even-dreams', 1);
		const odd = await s.vote('odd-dreams', 1);
		for (const user of ['Alice', 'Bob']) {
			await s.click(user, 'even-dreams', even, 1);
			await s.click(user, 'odd-dreams', odd, 0);
		}

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
});
