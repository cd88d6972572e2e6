import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { suiteWith, waitFor } from '../helpers.js';
import { findRedisServer, type RedisServer, startRedis } from '../store/servers.js';
import { type Click, countClicks, expectedTallies, type Target, talliesIn } from './clicking.js';
import { buttonsOf, closeScene, QUICK_TIMINGS, Scene, type Timings } from './harness.js';

const story = (id: string) => [{ type: 3, name: 'story', value: id }];
const MEMBERS = ['Alice', 'Bob', 'Dave'];
/**
 * A real restart and Discord's 3 s for each click, which are the point here; a vote that stays open throughout, and
 * each channel's budget for posts shortened (it is not the point), so that the dream reaches its vote sooner.
 */
const TIMINGS: Timings = { voteSeconds: 600, channelRate: QUICK_TIMINGS.channelRate };

let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

/**
 * The bot killed mid-vote and started again at once, members clicking every 100 ms from the SIGKILL until its dreams
 * are resumed, and one click the moment Discord has the new process's session. A click made while no process is
 * connected reaches nobody (Discord does not keep it for a session that identifies later) and fails; every other is
 * answered once, and every ballot confirmed is in the closed vote.
 */
async function restartWhileClicking(s: Scene, name: string): Promise<void> {
	await s.startCopy('A');
	await s.dream('Alice', 'dreams', 'start', story('the-corridor'));
	const target: Target = { channel: 'dreams', vote: await s.vote('dreams', 1), members: MEMBERS };
	const clicks: Promise<Click & { reachedNobody: boolean }>[] = [];
	let n = 0;
	const click = () => {
		const user = MEMBERS[n % MEMBERS.length] as string;
		const choice = Math.floor(n / MEMBERS.length) % buttonsOf(target.vote).length;
		n++;
		const at = Date.now();
		const reachedNobody = !s.discord.connectedFor(s.guildId);
		clicks.push(
			s
				.click(user, 'dreams', target.vote, choice)
				.then((record) => ({ channel: 'dreams', user, choice, at, record, reachedNobody })),
		);
	};
	await s.killCopy('A');
	// Discord sees the killed process's connection close a moment after it exits: until then a click goes to that dead
	// session (and fails, as it would on Discord) though Discord still counts it connected, so clicking starts then.
	await waitFor('Discord to see the killed copy’s connection close', () => !s.discord.connectedFor(s.guildId), {
		timeoutMs: 5000,
		intervalMs: 2,
	});
	const timer = setInterval(click, 100);
	try {
		await s.startCopy('A', {}, { waitFor: 'nothing' });
		// One click goes the moment Discord has the new process's session, before it can own anything.
		await waitFor('the restarted bot to connect', () => s.discord.connectedFor(s.guildId), {
			timeoutMs: 30_000,
			intervalMs: 2,
		});
		click();
		await waitFor('the dreams to be resumed', () => s.said('"msg":"dreams resumed"', 'A') === 2, { timeoutMs: 30_000 });
		await new Promise((resolve) => setTimeout(resolve, 300));
	} finally {
		clearInterval(timer);
	}
	const settled = await Promise.all(clicks);
	const reached = settled.filter((c) => !c.reachedNobody);
	const counts = countClicks(s, settled);
	console.log(
		`| ${name} | ${counts.sent} | ${counts.answeredOnce} | ${counts.answeredTwice} | ${counts.unanswered} | ` +
			`${settled.length - reached.length} sent while no process was connected`,
	);
	expect(reached.length).toBeGreaterThan(3);
	expect(reached.filter((c) => c.record.failed)).toEqual([]);
	expect(settled.filter((c) => c.reachedNobody && !c.record.failed)).toEqual([]);
	expect(counts.answeredTwice).toBe(0);
	expect(s.discord.violations.filter((v) => v.kind !== 'interaction-failed')).toEqual([]);
	// The ones that came before it owned its guilds were kept, and answered once it did.
	expect(s.said('"msg":"answering what came before owning"', 'A')).toBe(1);
	const expected = expectedTallies(s, reached, target);
	await s.dream('Carol', 'dreams', 'skip');
	expect(talliesIn(await s.closed('dreams', target.vote))).toEqual(expected);
}

describe('clicks while a restarted bot takes its guilds back, over SQLite', () => {
	it('GIVEN the bot killed mid-vote WHEN it starts again and members click every 100 ms from the SIGKILL until its dreams are resumed THEN every click that reached a process is answered once, and every ballot it confirmed is in the closed vote', async () => {
		scene = await Scene.open({}, undefined, { timings: TIMINGS });
		await restartWhileClicking(scene, 'restart after SIGKILL (SQLite)');
	}, 120_000);
});

suiteWith(findRedisServer(), 'clicks while a restarted bot takes its guilds back, over Redis', (binary) => {
	let redis: RedisServer;
	beforeAll(async () => {
		redis = await startRedis(binary);
	});
	afterAll(async () => {
		await redis?.stop();
	});

	it('GIVEN the bot killed mid-vote WHEN it starts again and members click every 100 ms from the SIGKILL until its dreams are resumed THEN every click that reached a process is answered once, and every ballot it confirmed is in the closed vote', async () => {
		scene = await Scene.open({ STORE_URL: redis.freshUrl() }, undefined, { timings: TIMINGS });
		await restartWhileClicking(scene, 'restart after SIGKILL (Redis)');
	}, 120_000);
});
