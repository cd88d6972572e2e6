import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { WorldSpec } from '../../src/dev/local-discord/world.js';
import { LEASE_MS, POLL_MS } from '../../src/store/lease.js';
import { type Found, suiteWith, waitFor } from '../helpers.js';
import { findRedisServer, type RedisServer, startRedis } from '../store/servers.js';
import { type Click, countClicks, expectedTallies, keepClicking, type Target, talliesIn } from './clicking.js';
import { closeScene, QUICK_TIMINGS, Scene, type Timings } from './harness.js';

/** Two guilds, one on each shard of two: shard = (guild_id >> 22) % 2. */
const EVEN = String(1000n << 22n);
const ODD = String(1001n << 22n);
const MEMBERS = ['Alice', 'Bob', 'Dave'];
const guild = (id: string, name: string, channel: string) => ({
	id,
	name,
	roles: [{ name: 'Moderator', permissions: ['ManageMessages' as const] }],
	channels: [{ name: channel }],
	members: [...MEMBERS.map((member) => ({ name: member })), { name: 'Carol', roles: ['Moderator'] }],
});
const WORLD: WorldSpec = { guilds: [guild(EVEN, 'Even', 'even-dreams'), guild(ODD, 'Odd', 'odd-dreams')] };
const STORY = [{ type: 3, name: 'story', value: 'the-corridor' }];

const RESUMED = '"msg":"dreams resumed"';
const STANDING_BY = 'owns these guilds; standing by"';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Real leases and Discord's 3 s for each click, which are the point here; votes that stay open throughout, and each
 * channel's budget for posts shortened (it is not the point), so that a dream reaches its votes sooner.
 */
const TIMINGS: Timings = { voteSeconds: 600, channelRate: QUICK_TIMINGS.channelRate };

/** How each case's clicks fared, printed for the table in the notes and the README. */
const table: string[] = [];
function report(name: string, s: Scene, clicks: readonly Click[], extra = ''): ReturnType<typeof countClicks> {
	const counts = countClicks(s, clicks);
	table.push(
		`| ${name} | ${counts.sent} | ${counts.answeredOnce} | ${counts.answeredTwice} | ${counts.unanswered} |${extra}`,
	);
	return counts;
}

/** A dream started in each listed channel (side by side), at its first vote. */
function dreamsIn(s: Scene, channels: readonly string[]): Promise<Target[]> {
	return Promise.all(
		channels.map(async (channel) => {
			await s.dream('Alice', channel, 'start', STORY);
			return { channel, vote: await s.vote(channel, 1), members: MEMBERS };
		}),
	);
}

/**
 * Every ballot a member was told is counted is in its vote as a moderator closes it, and the dream goes on to its next
 * vote: nothing was lost in the handover, and the new owner runs the dream.
 */
async function expectEveryBallotAndDreamGoesOn(s: Scene, clicks: readonly Click[], targets: readonly Target[]) {
	await Promise.all(
		targets.map(async (target) => {
			const expected = expectedTallies(s, clicks, target);
			await s.dream('Carol', target.channel, 'skip');
			expect(talliesIn(await s.closed(target.channel, target.vote)), `#${target.channel}`).toEqual(expected);
			await s.vote(target.channel, 2);
			expect(s.votes(target.channel)).toHaveLength(2);
		}),
	);
}

/** Whether this machine lets a copy run in a process namespace of its own, as a copy on another machine would. */
function findUnshare(): Found {
	const run = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']);
	return run.status === 0
		? { ok: true, path: 'unshare' }
		: { ok: false, reason: `unshare --pid --fork --mount-proc fails here (util-linux, as root): ${run.stderr}` };
}

suiteWith(findRedisServer(), 'changing the number of shards over a Redis store', (binary) => {
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
		console.log(['| case | sent | answered once | answered twice | unanswered |', ...table].join('\n'));
	});

	const until = (what: string, check: () => boolean) =>
		waitFor(what, check, { timeoutMs: 60_000, intervalMs: 50 }).catch((error: unknown) => {
			throw new Error(`${(error as Error).message}: ${scene?.output.slice(-8).join('\n')}`);
		});
	const open = async () => {
		scene = await Scene.open({ STORE_URL: redis.freshUrl(), DISCORD_GUILD_ID: '' }, WORLD, {
			shards: 2,
			timings: TIMINGS,
		});
		return scene;
	};

	/**
	 * A deploy as an admin runs it, members clicking both guilds' votes every 100 ms throughout: `from` runs; `to`,
	 * with another number of shards, starts beside it and stands by (each of its shards); `from` gets SIGTERM, and `to`
	 * takes every guild over.
	 */
	async function deploy(name: string, from: Record<string, string>, to: Record<string, string>, toShards: number) {
		const s = await open();
		await s.startCopy('old', from);
		await until('the old copy to own every guild', () => s.said(RESUMED, 'old') === (from.SHARDS ? 2 : 1));
		const targets = await dreamsIn(s, ['even-dreams', 'odd-dreams']);
		const clicking = keepClicking(s, targets, 100);
		await s.startCopy('new', to, { waitFor: 'nothing' });
		await until('each process of the new copy to stand by', () => s.said(STANDING_BY, 'new') === toShards);
		await sleep(1000);
		expect(await s.stopCopy('old')).toBe(0);
		await until('the new copy to take every guild over', () => s.said(RESUMED, 'new') === toShards);
		await sleep(1500);
		const clicks = await clicking.stop();

		const counts = report(name, s, clicks);
		expect(counts.answeredTwice).toBe(0);
		expect(counts.unanswered).toBe(0);
		expect(s.discord.violations).toEqual([]);
		// The new copy said whom it took over from: a copy of another layout.
		expect(s.said('taking these guilds over from another number of shards', 'new')).toBe(1);
		await expectEveryBallotAndDreamGoesOn(s, clicks, targets);
		expect(await s.stopCopy('new')).toBe(0);
	}

	it('GIVEN a copy without shards WHEN a copy of two shards is deployed in its place while members click THEN every click is answered once, every ballot is counted, and both dreams go on', async () => {
		await deploy('deploy 1 shard → 2', {}, { SHARDS: '2' }, 2);
	}, 150_000);

	it('GIVEN a copy of two shards WHEN a copy without shards is deployed in its place while members click THEN every click is answered once, every ballot is counted, and both dreams go on', async () => {
		await deploy('deploy 2 shards → 1', { SHARDS: '2' }, {}, 1);
	}, 150_000);

	it('GIVEN two managers whose SHARD_IDS overlap WHEN the one owning the shared shard is killed while members click THEN the other takes the shard over at once: no click answered twice, every ballot counted', async () => {
		const s = await open();
		await s.startCopy('a', { SHARDS: '2', SHARD_IDS: '1' });
		await s.startCopy('b', { SHARDS: '2', SHARD_IDS: '0-1' }, { waitFor: 'nothing' });
		await until('both of b’s shards to settle', () => s.said(RESUMED, 'b') + s.said(STANDING_BY, 'b') === 2);
		expect(s.said(STANDING_BY, 'b')).toBe(1);
		const targets = await dreamsIn(s, ['odd-dreams']);
		const clicking = keepClicking(s, targets, 100);
		await sleep(1500);
		const killedAt = Date.now();
		await s.killCopy('a');
		await until('b’s shard 1 to take over', () => s.said(RESUMED, 'b') === 2);
		const tookMs = Date.now() - killedAt;
		await sleep(1500);
		const clicks = await clicking.stop();

		const counts = report('overlapping SHARD_IDS, owner killed', s, clicks, ` took over in ${tookMs} ms`);
		expect(counts.answeredTwice).toBe(0);
		// Left unanswered at most: a click the killed copy had acknowledged and not yet answered as it died, and one made
		// before the copy standing by saw it gone, which it may have answered (answering it again could answer it twice).
		expect(counts.unanswered).toBeLessThanOrEqual(2);
		expect(tookMs).toBeLessThan(LEASE_MS);
		await expectEveryBallotAndDreamGoesOn(s, clicks, targets);
	}, 150_000);

	suiteWith(findUnshare(), 'a copy on another machine', (unshare) => {
		it('GIVEN the owner on another machine (its own process namespace) WHEN it is killed while members click THEN the copy standing by takes over once its lease runs out: the clicks of those seconds fail, none is answered twice, and every ballot confirmed is counted', async () => {
			const s = await open();
			await s.startCopy('far', {}, { wrap: [unshare, '--pid', '--fork', '--mount-proc'] });
			expect(await s.startCopy('near', {}, { waitFor: 'standing by' })).toBe('standing by');
			const targets = await dreamsIn(s, ['even-dreams', 'odd-dreams']);
			const clicking = keepClicking(s, targets, 100);
			await sleep(1500);
			const killedAt = Date.now();
			await s.killCopy('far');
			await until('the copy standing by to take over', () => s.said(RESUMED, 'near') === 1);
			const tookMs = Date.now() - killedAt;
			await sleep(1500);
			const clicks = await clicking.stop();

			const failed = clicks.filter((c) => c.record.failed);
			const counts = report('owner on another machine killed', s, clicks, ` took over in ${tookMs} ms`);
			expect(counts.answeredTwice).toBe(0);
			// It cannot be taken before its lease runs out, nor long after: a look every POLL_MS.
			expect(tookMs).toBeLessThan(LEASE_MS + POLL_MS + 1500);
			// What fails is what came between the death and the last seconds before the takeover (those were kept).
			for (const click of failed) expect(click.at).toBeGreaterThanOrEqual(killedAt - 100);
			for (const click of failed) expect(click.at).toBeLessThan(killedAt + tookMs);
			await expectEveryBallotAndDreamGoesOn(s, clicks, targets);
		}, 150_000);
	});
});
