/**
 * Click-to-acknowledgement latency, measured by the local Discord in its own process (from dispatching a click to
 * receiving its first callback), for Reverie and for a null bot in the same run: 200 members voting within one second
 * on one vote, one click in each of 1,000 channels with open votes at once, and a steady stream of 100 clicks a second
 * for 6 s over 6 channels and 60 members (who change their ballots as they go). Also: the answer members see, ballots
 * lost, REST calls, 429s met, tally edits per vote per second, and each bot's CPU time per click (and its CPU with
 * nothing to do, read over 4 s before the clicks, and what the clicks cost beyond it). Each bot answers 300 clicks in
 * channels of their own first, not measured (see warmUp in runs.ts). `CLICK_RUNS` sets how
 * many times each scenario runs (5); `CLICK_SCENARIOS` (a comma-separated list of `one-vote`, `many-channels`,
 * `stream`) which run; `BENCH_PIN=0` leaves the processes unpinned (bench/pinning.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { Store } from '../src/store/store.js';
import { type BotKind, benchBot, startBot, stopProcess } from './bots.js';
import type { ClickResult } from './discord-protocol.js';
import { DiscordProcess } from './discord-proxy.js';
import { type Pinning, pinCores } from './pinning.js';
import { cpuUse } from './process-cpu.js';
import {
	alternate,
	answerSeen,
	type CpuPerClick,
	clickRuns,
	cpuPerClick,
	idleRate,
	median,
	PLAN_LEAD_MS,
	percentile,
	planClicks,
	rateLimitsBetween,
	ratioColumns,
	sleepUntil,
	WARM_UP_CHANNELS,
	warmUp,
	warnIfLate,
} from './runs.js';
import { printTable, type Row } from './table.js';

/** After the clicks, how long until the figures are read: coalesced tally edits land a second after a ballot. */
const SETTLE_MS = 2500;
/**
 * The window over which each bot's idle CPU is read, once its votes are open and it has settled for
 * {@link IDLE_SETTLE_MS}: what it spends with nothing to do, apart from what the clicks cost.
 */
const IDLE_MS = 4000;
const IDLE_SETTLE_MS = 2000;
interface Burst {
	latencies: number[];
	/** From each click to the first answer its member sees (Reverie's "Counted: …", which comes after the acknowledgement). */
	visible: number[];
	/** Clicks the bot confirmed as counted (or changed). */
	ballotsAcknowledged: number;
	/** Ballots found in the store after the bot stopped. */
	ballotsCounted: number | null;
	restCalls: Record<string, number>;
	/** Each 429 earned: what for, and when (see {@link rateLimitsBetween}). */
	rateLimits: string[];
	tallyEditsPerVoteSecond: number | null;
	failed: number;
	/** The local Discord's own event loop delay during the clicks, p99 in ms. */
	harnessDelayP99: number;
	/** The bot's CPU per click, over the clicks and the 2.5 s after them. */
	cpu: CpuPerClick | null;
}

type Scenario = 'one-vote' | 'many-channels' | 'stream';

/** Each load shape: its members and channels, how many clicks and over how long. */
const SHAPES: Record<Scenario, { members: number; channels: number; clicks: number; overMs: number; title: string }> = {
	'one-vote': { members: 200, channels: 1, clicks: 200, overMs: 1000, title: '200 members, one vote, 1 s' },
	'many-channels': {
		members: 20,
		channels: 1000,
		clicks: 1000,
		overMs: 1000,
		title: '1,000 channels, one click each, 1 s',
	},
	stream: {
		members: 60,
		channels: 6,
		clicks: 600,
		overMs: 6000,
		title: 'steady stream: 100 clicks/s for 6 s, 6 channels',
	},
};

/** A member's ballot in a channel, confirmed at least once (a changed ballot is still one ballot). */
export const confirmedBallots = (results: ClickResult[], answers: Record<string, string | null>) =>
	new Set(
		results.filter((r) => /^(Counted|Changed)/.test(answers[r.id] ?? '')).map((r) => `${r.channelId} ${r.userId}`),
	);

async function run(kind: BotKind, scenario: Scenario, pinning: Pinning): Promise<Burst> {
	const { members, channels, clicks: clickCount, overMs } = SHAPES[scenario];
	const discord = await DiscordProcess.start(
		{
			world: {
				guilds: [
					{
						name: 'Bench',
						channels: Array.from({ length: channels + WARM_UP_CHANNELS }, (_, i) => ({ name: `c${i}` })),
						members: Array.from({ length: members }, (_, i) => ({ name: `m${i}` })),
					},
				],
			},
		},
		pinning.discord,
	);
	const dir = mkdtempSync(path.join(tmpdir(), 'reverie-bench-'));
	let bot: ChildProcess | undefined;
	try {
		const guild = discord.guilds[0];
		if (!guild) throw new Error('no guild');
		const env = await benchBot(discord, [guild.id], dir, 3600);
		bot = await startBot(kind, env, pinning.bot);
		const allChannelIds = guild.channels.map((c) => c.id);
		const votes = new Map(await discord.call('openVotes', { kind, channelIds: allChannelIds, members }));
		const channelIds = allChannelIds.slice(0, channels);
		await warmUp(discord, votes, allChannelIds.slice(channels), members);
		// The bot's CPU with nothing to do, over a window of its own just before the clicks' plan is sent.
		await sleep(IDLE_SETTLE_MS);
		const idleFrom = cpuUse(bot.pid);
		await sleep(IDLE_MS);
		const idle = idleRate(idleFrom, cpuUse(bot.pid), IDLE_MS);
		const before = await discord.call('counters', null);

		// The clicks, spread evenly: member i clicks in channel i mod channels (in the stream, each member stays in one
		// channel and clicks there again and again, changing its ballot). Members split over the choices, and one who
		// clicks again changes their ballot (with an even number of members: member k's clicks are k, k + members, …
		// apart by an odd number of choices).
		const clicks = planClicks(votes, channelIds, members, clickCount, overMs, (i) => i + Math.floor(i / members));
		const startAt = Date.now() + PLAN_LEAD_MS;
		const plan = discord.call('clicks', { startAt, clicks });
		plan.catch(() => {}); // awaited below; a failure must not count as unhandled meanwhile
		// The bot's CPU over the same window for both bots: the clicks, and the 2.5 s after them.
		await sleepUntil(startAt);
		const cpuBefore = cpuUse(bot.pid);
		await sleepUntil(startAt + overMs + SETTLE_MS);
		const cpu = cpuPerClick(cpuBefore, cpuUse(bot.pid), clickCount, { perSecond: idle, windowMs: overMs + SETTLE_MS });
		const { results, loopP99, settledAt, lateMs } = await plan;
		warnIfLate(`${kind}, ${scenario}`, lateMs);
		await sleepUntil(settledAt + SETTLE_MS); // let coalesced tally edits land
		const after = await discord.call('counters', null);
		const latencies = results.flatMap((r) => (r.callbackAt === null ? [] : [r.callbackAt - r.sentAt]));
		const restCalls: Record<string, number> = {};
		for (const [route, n] of Object.entries(after.calls)) {
			const delta = n - (before.calls[route] ?? 0);
			if (delta > 0) restCalls[route] = delta;
		}
		let ballotsCounted: number | null = null;
		let ballotsAcknowledged = 0;
		let tallyEditsPerVoteSecond: number | null = null;
		if (kind === 'reverie') {
			// Every confirmation lands, then the bot stops, and every ballot confirmed as counted must be in the store.
			const answers = await discord.call('answers', { ids: results.map((r) => r.id), waitMs: 120_000 });
			await stopProcess(bot);
			ballotsAcknowledged = confirmedBallots(results, answers).size;
			const store = Store.open(env.STORE_URL, pino({ level: 'silent' }));
			let stored = 0;
			for (const channelId of channelIds) {
				const read = await store.readChannel(channelId);
				if (read.kind === 'ok') stored += Object.keys(read.record.vote?.ballots ?? {}).length;
			}
			await store.close();
			ballotsCounted = stored;
			const edits = restCalls['PATCH /channels/:id/messages/:id'] ?? 0;
			tallyEditsPerVoteSecond = edits / channelIds.length / Math.max(1, (settledAt - startAt + SETTLE_MS) / 1000);
		}
		return {
			latencies,
			visible: answerSeen(results),
			ballotsAcknowledged,
			ballotsCounted,
			restCalls,
			rateLimits: rateLimitsBetween(before, after, startAt),
			tallyEditsPerVoteSecond,
			failed: after.failed - before.failed,
			harnessDelayP99: loopP99,
			cpu,
		};
	} finally {
		if (bot) await stopProcess(bot);
		await discord.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

const ms = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/**
 * Each scenario runs `runs` times (`CLICK_RUNS`, default 5), Reverie and the null bot in turn, so that both meet the
 * machine in the same state. A burst's p99 is its second-slowest click or so, and one pause of the machine moves it;
 * the table gives the median of the runs, the median of the pairs' own ratios, and each run's ratio beside it.
 */
export async function benchClicks(runs = clickRuns()): Promise<{ rows: Row[]; pinning: string }> {
	const rows: Row[] = [];
	const wanted = (process.env.CLICK_SCENARIOS ?? 'one-vote,many-channels,stream').split(',');
	const pinning = pinCores();
	console.log(`Clicks: ${pinning.note}`);
	try {
		for (const scenario of (Object.keys(SHAPES) as Scenario[]).filter((s) => wanted.includes(s))) {
			const pairs = await alternate(
				runs,
				(kind) => run(kind, scenario, pinning),
				({ reverie, baseline }, i) => {
					const ratio = percentile(reverie.latencies, 99) / percentile(baseline.latencies, 99);
					console.log(
						`${scenario}, run ${i + 1} of ${runs}: p99 ${ms(percentile(reverie.latencies, 99))} ms, null bot ${ms(percentile(baseline.latencies, 99))} ms: ${ms(ratio, 2)}; answer seen p99 ${ms(percentile(reverie.visible, 99), 0)} ms (null bot ${ms(percentile(baseline.visible, 99), 0)} ms); CPU per click ${ms(reverie.cpu?.process ?? Number.NaN, 3)} ms (main thread ${ms(reverie.cpu?.main ?? Number.NaN, 3)} ms, null bot's ${ms(baseline.cpu?.main ?? Number.NaN, 3)} ms), its child processes ${ms(reverie.cpu?.children ?? Number.NaN, 3)} ms (null bot ${ms(baseline.cpu?.process ?? Number.NaN, 3)} ms)${reverie.rateLimits.length > 0 ? `; 429s: ${reverie.rateLimits.join('; ')}` : ''}`,
					);
				},
			);
			const of = (pick: (burst: Burst) => number) => ({
				reverie: median(pairs.map((p) => pick(p.reverie))),
				baseline: median(pairs.map((p) => pick(p.baseline))),
			});
			const both = (pick: (burst: Burst) => number, digits = 1) => {
				const { reverie, baseline } = of(pick);
				return `${ms(reverie, digits)} (${ms(baseline, digits)})`;
			};
			const sum = (pick: (burst: Burst) => number) => pairs.reduce((total, p) => total + pick(p.reverie), 0);
			const confirmed = sum((b) => b.ballotsAcknowledged);
			const stored = sum((b) => b.ballotsCounted ?? 0);
			const last = pairs.at(-1)?.reverie;
			const { columns } = ratioColumns(
				pairs,
				(b) => b.latencies,
				(b) => b.cpu,
			);
			rows.push({
				scenario: SHAPES[scenario].title,
				'p50 ms (null bot)': both((b) => percentile(b.latencies, 50)),
				'p95 ms (null bot)': both((b) => percentile(b.latencies, 95)),
				'p99 ms (null bot)': both((b) => percentile(b.latencies, 99)),
				...columns,
				'answer seen p50 ms (null bot)': both((b) => percentile(b.visible, 50), 0),
				'answer seen p99 ms (null bot)': both((b) => percentile(b.visible, 99), 0),
				'confirmed / stored': `${confirmed} / ${stored}`,
				'ballots lost': Math.max(0, confirmed - stored),
				'failed clicks': sum((b) => b.failed),
				'REST calls': Object.entries(last?.restCalls ?? {})
					.map(([route, n]) => `${n} ${route.replace(/^(\w+) \/(\w+).*$/, '$1 $2')}`)
					.join(', '),
				'429s': sum((b) => b.rateLimits.length),
				'tally edits / vote / s': Math.max(...pairs.map((p) => p.reverie.tallyEditsPerVoteSecond ?? 0)).toFixed(2),
				'local Discord loop p99 ms (null bot)': both((b) => b.harnessDelayP99),
			});
		}
	} finally {
		pinning.release();
	}
	printTable(
		`Clicks: acknowledgement latency against a null bot, ${runs} runs of each, medians (${pinning.note})`,
		rows,
	);
	return { rows, pinning: pinning.note };
}
