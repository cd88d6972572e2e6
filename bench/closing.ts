/**
 * Votes closing together while clicks go on: dreams started together close together. In one server, `count` dreams are
 * started and left until their votes wait for a first ballot (nobody voted within `VOTE_SECONDS`); then each gets its
 * first ballot within 2 s, which starts its clock again, so the votes all close within about 2 s of each other
 * `VOTE_SECONDS` later. From 8 s before that until 5 s after, a steady stream of 100 clicks a second goes on in 6
 * channels of another server, whose votes stay open an hour (60 members changing their ballots); before it all, each
 * bot answers 300 clicks in five channels of that server of their own (`warmUp`, not measured). The local Discord runs
 * in its own process and makes the clicks (bench/discord-process.ts). Measured against the null bot, in turn:
 * acknowledgement p50/p95/p99 and the worst click, the first answer each member sees, and the p99 of each phase (the
 * first ballots, the stream before the closes, while they close, after); each bot's CPU time per click over all the
 * clicks, and its CPU over the stream (main thread, other threads, child processes); the local Discord's own event loop
 * delay; for Reverie also how late each vote was shown closed after its deadline, whether in the order of their
 * deadlines, and how long after its deadline each channel's narration went on (its first post after the deadline); how
 * many connections each bot opened to Discord (each a TLS handshake on the real one), and Reverie's ballots confirmed
 * as counted and lost (see lostBallots). `CLOSING_VOTES` (default `50,1000`), `CLOSING_RATES` (default `50,500`: the
 * bot's and the local Discord's global limit on channel requests a second; the largest count runs at each, the others
 * at the first), `CLICK_RUNS` (5) and `BENCH_PIN`.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Store } from '../src/store/store.js';
import { type BotKind, benchBot, startBot, stopProcess } from './bots.js';
import { confirmedBallots } from './clicks.js';
import type { ClickResult, PlannedClick } from './discord-protocol.js';
import { DiscordProcess } from './discord-proxy.js';
import { type Pinning, pinCores } from './pinning.js';
import { type CpuUse, cpuShare, cpuUse } from './process-cpu.js';
import {
	alternate,
	answerSeen,
	type CpuPerClick,
	clickRuns,
	cpuPerClick,
	median,
	type Pair,
	PLAN_LEAD_MS,
	percentile,
	rateLimitsBetween,
	ratioColumns,
	sleepUntil,
	WARM_UP_CHANNELS,
	warmUp,
	warnIfLate,
} from './runs.js';
import { printTable, type Row } from './table.js';

const VOTE_SECONDS = 10;
const STREAM_CHANNELS = 6;
const MEMBERS = 60;
const STREAM_PER_SECOND = 100;
/** The first ballots, which start the closing votes' clocks, come over this long. */
const FIRST_BALLOTS_MS = 2000;
/** The stream begins this long before the votes close, and goes on this long after. */
const STREAM_BEFORE_MS = 8000;
const STREAM_AFTER_MS = 5000;
/** How long to wait for every vote to be shown closed and every channel to go on. */
const CLOSES_WAIT_MS = 120_000;

interface ClosingRun {
	latencies: number[];
	/** From each click to the first answer its member sees (Reverie's "Counted: …" may come after the acknowledgement). */
	visible: number[];
	failed: number;
	/** Each 429 earned: what for, and when (see {@link rateLimitsBetween}). */
	rateLimits: string[];
	/** Per closing vote: ms from its deadline until it was shown closed (Reverie only). */
	closedLate: number[];
	/** Votes shown closed before a vote whose deadline came earlier, and by how long at most (ms; Reverie only). */
	outOfOrder: { count: number; maxMs: number };
	/** Per closing channel: ms from its vote's deadline until its first post after that (Reverie only). */
	narrationAfter: number[];
	/** Closing votes never shown closed, or channels that never went on, within the wait. */
	missing: number;
	/**
	 * Ballots confirmed as counted (Reverie only): each first ballot, and each stream member's ballot in its channel;
	 * and of those, the ones missing after the bot stopped: a closing vote not closed on one ballot, a stream member's
	 * ballot not in the store.
	 */
	confirmed: number;
	lost: number;
	/** The bot's CPU over the stream, as shares of one core (null without /proc). */
	cpu: CpuUse | null;
	/** The bot's CPU per click, from the first ballots to the end of the stream (the closes in it included). */
	cpuPerClick: CpuPerClick | null;
	/** The local Discord's own event loop delay p99 over the stream, in ms. */
	harnessLoopP99: number;
	/** TCP connections the bot opened to the local Discord from the first ballots on (to Discord: TLS handshakes). */
	connections: number;
	/** p99 of the first ballots, the stream before the closes, while they close (2.5 s) and after, in ms. */
	byPhase: number[];
}

/** A closing shape: how many votes, and the global limit on channel requests a second the bot has. */
interface Shape {
	count: number;
	rate: number;
}

const title = ({ count, rate }: Shape) =>
	`${count} votes closing within 2 s, 100 clicks/s around them, global limit ${rate}/s`;

async function run(kind: BotKind, { count, rate }: Shape, pinning: Pinning): Promise<ClosingRun> {
	const members = Array.from({ length: MEMBERS }, (_, i) => ({ name: `m${i}` }));
	const discord = await DiscordProcess.start(
		{
			world: {
				guilds: [
					{ name: 'Closing', channels: Array.from({ length: count }, (_, i) => ({ name: `c${i}` })), members },
					{
						name: 'Stream',
						roles: [{ name: 'Moderator', permissions: ['ManageMessages'] }],
						channels: Array.from({ length: STREAM_CHANNELS + WARM_UP_CHANNELS }, (_, i) => ({ name: `s${i}` })),
						members: [...members, { name: 'mod', roles: ['Moderator'] }],
					},
				],
			},
			globalRate: rate,
		},
		pinning.discord,
	);
	const dir = mkdtempSync(path.join(tmpdir(), 'reverie-bench-'));
	let bot: ChildProcess | undefined;
	try {
		const [guild, streamGuild] = discord.guilds;
		if (!guild || !streamGuild) throw new Error('no guild');
		const env = await benchBot(discord, [guild.id, streamGuild.id], dir, VOTE_SECONDS, rate);
		bot = await startBot(kind, env, pinning.bot);
		if (kind === 'reverie')
			await discord.call('command', {
				user: 'mod',
				channel: streamGuild.channels[0]?.id ?? '',
				name: 'dream',
				options: [{ type: 1, name: 'settings', options: [{ type: 4, name: 'vote-seconds', value: 3600 }] }],
			});
		const closing = guild.channels.map((c) => c.id);
		const streamGuildChannels = streamGuild.channels.map((c) => c.id);
		const stream = streamGuildChannels.slice(0, STREAM_CHANNELS);
		const votes = new Map(
			await discord.call('openVotes', { kind, channelIds: [...closing, ...streamGuildChannels], members: MEMBERS }),
		);
		const closingVotes = closing.map((c): [string, string] => [c, votes.get(c)?.id ?? '']);
		if (kind === 'reverie') await discord.call('waitingForFirstBallot', { votes: closingVotes });
		await discord.call('watchCloses', { votes: closingVotes });
		await warmUp(discord, votes, streamGuildChannels.slice(STREAM_CHANNELS), MEMBERS);
		const before = await discord.call('counters', null);

		const clicks: PlannedClick[] = [];
		const click = (at: number, channel: string, user: string, choice: number) => {
			const vote = votes.get(channel);
			const ids = vote?.buttons ?? [];
			clicks.push({ at, user, channel, messageId: vote?.id ?? '', customId: ids[choice % ids.length] ?? '' });
		};
		// The first ballots: every closing vote's clock starts within 2 s.
		for (const [i, channel] of closing.entries()) click((i * FIRST_BALLOTS_MS) / count, channel, `m${i % MEMBERS}`, i);
		// The stream, around the closes.
		const streamFrom = VOTE_SECONDS * 1000 - STREAM_BEFORE_MS;
		const streamTo = VOTE_SECONDS * 1000 + STREAM_AFTER_MS;
		const streamClicks = ((streamTo - streamFrom) / 1000) * STREAM_PER_SECOND;
		for (let i = 0; i < streamClicks; i++) {
			const channel = stream[i % STREAM_CHANNELS] ?? '';
			click(streamFrom + (i * 1000) / STREAM_PER_SECOND, channel, `m${i % MEMBERS}`, Math.floor(i / MEMBERS));
		}
		const startAt = Date.now() + PLAN_LEAD_MS;
		const plan = discord.call('clicks', { startAt, clicks, loopWindow: [streamFrom, streamTo] });
		plan.catch(() => {}); // awaited below; a failure must not count as unhandled meanwhile
		// The bot's CPU, read on the same clock as the plan's: from the first ballots, from the stream, at its end.
		await sleepUntil(startAt);
		const cpuFirst = cpuUse(bot.pid);
		const ballotsFrom = process.hrtime.bigint() / 1000n;
		await sleepUntil(startAt + streamFrom);
		const cpuStream = cpuUse(bot.pid);
		const windowFrom = process.hrtime.bigint() / 1000n;
		await sleepUntil(startAt + streamTo);
		const cpuEnd = cpuUse(bot.pid);
		// A CPU profile's timestamps are on the same monotonic clock, in µs: the stream's part of it can be cut out. So are
		// `perf record -k mono`'s (BENCH_WINDOWS=1 prints them without a CPU profile).
		if (process.env.BENCH_PROFILE_DIR || process.env.BENCH_WINDOWS)
			console.log(
				`${kind}: the first ballots from ${ballotsFrom}; the stream from ${windowFrom} to ${process.hrtime.bigint() / 1000n} (monotonic µs)`,
			);
		const { results, loopP99, lateMs } = await plan;
		warnIfLate(`${kind}, ${count} votes closing at ${rate}/s`, lateMs);
		let missing = 0;
		const closedLate: number[] = [];
		const narrationAfter: number[] = [];
		let outOfOrder = { count: 0, maxMs: 0 };
		let ballots = { confirmed: 0, lost: 0 };
		if (kind === 'reverie') {
			// A vote's deadline: its first ballot's dispatch and the vote's time (the bot counts from receiving it).
			const closingSet = new Set(closing);
			const deadlines = results
				.filter((r) => closingSet.has(r.channelId))
				.map((r): [string, number] => [r.channelId, r.sentAt + VOTE_SECONDS * 1000]);
			const shown = await discord.call('closes', { deadlines, waitMs: CLOSES_WAIT_MS });
			for (const [channel, deadline] of deadlines) {
				const closed = shown.closedAt[channel];
				const posted = shown.postedAt[channel];
				if (closed === undefined || posted === undefined) missing++;
				if (closed !== undefined) closedLate.push(closed - deadline);
				if (posted !== undefined) narrationAfter.push(posted - deadline);
			}
			missing += count - deadlines.length;
			outOfOrder = inversions(deadlines, shown.closedAt);
			ballots = await lostBallots(discord, bot, env.STORE_URL, results, votes, closingSet);
		}
		const after = await discord.call('counters', null);
		// Which clicks were slow: the first ballots, the stream before the closes, while they close, and after.
		const phaseOf = (sentAt: number) => {
			const at = sentAt - startAt;
			if (at < FIRST_BALLOTS_MS + 100) return 0; // with slack for a late timer
			if (at < VOTE_SECONDS * 1000) return 1;
			return at < VOTE_SECONDS * 1000 + 2500 ? 2 : 3;
		};
		const latencyOf = (r: ClickResult) => (r.callbackAt === null ? [] : [r.callbackAt - r.sentAt]);
		const byPhase = [0, 1, 2, 3].map((phase) =>
			percentile(
				results.flatMap((r) => (phaseOf(r.sentAt) === phase ? latencyOf(r) : [])),
				99,
			),
		);
		return {
			byPhase,
			latencies: results.flatMap(latencyOf),
			visible: answerSeen(results),
			failed: after.failed - before.failed,
			rateLimits: rateLimitsBetween(before, after, startAt),
			connections: after.connectionsOpened - before.connectionsOpened,
			closedLate,
			outOfOrder,
			narrationAfter,
			missing,
			...ballots,
			cpu: cpuShare(cpuStream, cpuEnd, streamTo - streamFrom),
			cpuPerClick: cpuPerClick(cpuFirst, cpuEnd, clicks.length),
			harnessLoopP99: loopP99,
		};
	} finally {
		if (bot) await stopProcess(bot);
		await discord.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Whether the votes were shown closed in the order of their deadlines: going through them by deadline, a vote shown
 * closed before one whose deadline came earlier overtook it; how many overtook one, and by how long at most.
 */
export function inversions(
	deadlines: [string, number][],
	closedAt: Record<string, number>,
): { count: number; maxMs: number } {
	let latest = Number.NEGATIVE_INFINITY;
	let count = 0;
	let maxMs = 0;
	for (const [channel] of [...deadlines].sort((a, b) => a[1] - b[1])) {
		const at = closedAt[channel];
		if (at === undefined) continue;
		if (at < latest) {
			count++;
			maxMs = Math.max(maxMs, latest - at);
		}
		latest = Math.max(latest, at);
	}
	return { count, maxMs };
}

/**
 * The ballots confirmed as counted, and those of them lost: a confirmed first ballot whose vote did not close on it
 * (its closed view says one dreamer voted), or a stream member whose confirmed ballot is not in the store once the bot
 * has stopped. Waits for every confirmation first, then stops the bot.
 */
async function lostBallots(
	discord: DiscordProcess,
	bot: ChildProcess,
	storeUrl: string,
	results: ClickResult[],
	votes: Map<string, { id: string }>,
	closing: Set<string>,
): Promise<{ confirmed: number; lost: number }> {
	const answers = await discord.call('answers', { ids: results.map((r) => r.id), waitMs: 120_000 });
	await stopProcess(bot);
	const counted = results.filter((r) => /^(Counted|Changed)/.test(answers[r.id] ?? ''));
	const firstBallots = counted.filter((r) => closing.has(r.channelId));
	const shown = await discord.call('messageTexts', {
		messages: firstBallots.map((r): [string, string] => [r.channelId, votes.get(r.channelId)?.id ?? '']),
	});
	let lost = firstBallots.filter((r) => !shown[r.channelId]?.includes('1 dreamer voted.')).length;
	const streamBallots = confirmedBallots(
		results.filter((r) => !closing.has(r.channelId)),
		answers,
	);
	const store = Store.open(storeUrl, pino({ level: 'silent' }));
	try {
		for (const key of streamBallots) {
			const [channelId = '', userId = ''] = key.split(' ');
			const read = await store.readChannel(channelId);
			if (read.kind !== 'ok' || read.record.vote?.ballots[userId] === undefined) lost++;
		}
	} finally {
		await store.close();
	}
	return { confirmed: firstBallots.length + streamBallots.size, lost };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const seconds = (value: number) => (Number.isFinite(value) ? (value / 1000).toFixed(2) : '–');
const percent = (share: number) => `${Math.round(share * 100)}%`;
const worst = (values: number[]) => (values.length ? Math.max(...values) : Number.NaN);

/** The bots' CPU over the stream, as medians of the runs' shares of one core. */
function cpuColumn(pairs: Pair<ClosingRun>[]): string {
	const of = (pick: (p: Pair<ClosingRun>) => number | undefined) => {
		const values = pairs.map(pick).filter((v): v is number => v !== undefined);
		return values.length ? percent(median(values)) : '–';
	};
	return `${of((p) => p.reverie.cpu?.main)} / ${of((p) => p.reverie.cpu?.threads)} / ${of((p) => p.reverie.cpu?.children)} (${of((p) => p.baseline.cpu?.main)})`;
}

/** The shapes to run: each count at the first rate, and the largest count at every rate. */
export function closingShapes(counts: number[], rates: number[]): Shape[] {
	const largest = Math.max(...counts);
	const [first = 50] = rates;
	return counts.flatMap((count) => (count === largest ? rates : [first]).map((rate) => ({ count, rate })));
}

/** The columns of the first table (latency, CPU, ballots); the rest go in the second (where and when). */
const FIRST_TABLE = [
	'scenario',
	'p50 ms (null bot)',
	'p95 ms (null bot)',
	'p99 ms (null bot)',
	'worst ms (null bot)',
	'p99 ÷ null bot (median of pairs)',
	'each run',
	'CPU ms / click: Reverie (its child processes) / null bot',
	'CPU / click ÷ null bot (median of pairs)',
	'answer seen p50 ms (null bot)',
	'answer seen p99 ms (null bot)',
	'confirmed / lost ballots',
	'failed clicks',
	'429s',
];

/** Each closing shape, `runs` times, Reverie and the null bot in turn; the tables give medians of the runs. */
export async function benchClosing(runs = clickRuns()): Promise<{ rows: Row[]; pinning: string }> {
	const rows: Row[] = [];
	const counts = (process.env.CLOSING_VOTES ?? '50,1000').split(',').map(Number);
	const rates = (process.env.CLOSING_RATES ?? '50,500').split(',').map(Number);
	const pinning = pinCores();
	console.log(`Votes closing: ${pinning.note}`);
	try {
		for (const shape of closingShapes(counts, rates)) {
			const pairs = await alternate(
				runs,
				(kind) => run(kind, shape, pinning),
				({ reverie, baseline }, i) => {
					const ratio = percentile(reverie.latencies, 99) / percentile(baseline.latencies, 99);
					console.log(
						`${shape.count} votes closing at ${shape.rate}/s, run ${i + 1} of ${runs}: p99 ${ms(percentile(reverie.latencies, 99))} ms, null bot ${ms(percentile(baseline.latencies, 99))} ms: ${ratio.toFixed(2)}; answer seen p99 ${ms(percentile(reverie.visible, 99))} ms (null bot ${ms(percentile(baseline.visible, 99))} ms); CPU per click ${(reverie.cpuPerClick?.process ?? Number.NaN).toFixed(3)} ms (null bot ${(baseline.cpuPerClick?.process ?? Number.NaN).toFixed(3)}); shown closed within ${ms(worst(reverie.closedLate))} ms, ${reverie.outOfOrder.count} out of deadline order (by ${ms(reverie.outOfOrder.maxMs)} ms at most), went on within ${ms(worst(reverie.narrationAfter))} ms; Reverie's CPU ${cpuColumn([{ baseline, reverie }])}, local Discord loop p99 ${ms(reverie.harnessLoopP99)} ms (${ms(baseline.harnessLoopP99)}); ${reverie.connections} connections opened (${baseline.connections}); p99 by phase ${reverie.byPhase.map(ms).join(' / ')} (${baseline.byPhase.map(ms).join(' / ')})${reverie.rateLimits.length > 0 ? `; 429s: ${reverie.rateLimits.join('; ')}` : ''}`,
					);
				},
			);
			const at = (p: number, pick: (pair: Pair<ClosingRun>) => ClosingRun, of: (r: ClosingRun) => number[]) =>
				median(pairs.map((pair) => percentile(of(pick(pair)), p)));
			const both = (p: number, of: (r: ClosingRun) => number[] = (r) => r.latencies) =>
				`${ms(at(p, (x) => x.reverie, of))} (${ms(at(p, (x) => x.baseline, of))})`;
			const sum = (pick: (r: ClosingRun) => number) => pairs.reduce((total, p) => total + pick(p.reverie), 0);
			const { columns } = ratioColumns(
				pairs,
				(r) => r.latencies,
				(r) => r.cpuPerClick,
			);
			rows.push({
				scenario: title(shape),
				'p50 ms (null bot)': both(50),
				'p95 ms (null bot)': both(95),
				'p99 ms (null bot)': both(99),
				'worst ms (null bot)': both(100),
				...columns,
				'answer seen p50 ms (null bot)': both(50, (r) => r.visible),
				'answer seen p99 ms (null bot)': both(99, (r) => r.visible),
				'confirmed / lost ballots': `${sum((r) => r.confirmed)} / ${sum((r) => r.lost)}`,
				'failed clicks': sum((r) => r.failed),
				'429s': sum((r) => r.rateLimits.length),
				'p99 ms: first ballots / stream before / closing / after (null bot)': [0, 1, 2, 3]
					.map(
						(i) =>
							`${ms(median(pairs.map((p) => p.reverie.byPhase[i] ?? Number.NaN)))} (${ms(median(pairs.map((p) => p.baseline.byPhase[i] ?? Number.NaN)))})`,
					)
					.join(' / '),
				'CPU in stream: main / threads / story processes (null bot main)': cpuColumn(pairs),
				'local Discord loop p99 ms (null bot)': `${ms(median(pairs.map((p) => p.reverie.harnessLoopP99)))} (${ms(median(pairs.map((p) => p.baseline.harnessLoopP99)))})`,
				'shown closed after deadline, p50 / max s': `${seconds(median(pairs.map((p) => median(p.reverie.closedLate))))} / ${seconds(worst(pairs.map((p) => worst(p.reverie.closedLate))))}`,
				'closes out of deadline order, median count (max ms)': `${median(pairs.map((p) => p.reverie.outOfOrder.count))} (${worst(pairs.map((p) => p.reverie.outOfOrder.maxMs)).toFixed(0)})`,
				'narration on after deadline, p50 / max s': `${seconds(median(pairs.map((p) => median(p.reverie.narrationAfter))))} / ${seconds(worst(pairs.map((p) => worst(p.reverie.narrationAfter))))}`,
				'never closed or went on': sum((r) => r.missing),
				'connections opened (null bot)': `${median(pairs.map((p) => p.reverie.connections))} (${median(pairs.map((p) => p.baseline.connections))})`,
			});
		}
	} finally {
		pinning.release();
	}
	const pick = (row: Row, keep: (column: string) => boolean) =>
		Object.fromEntries(Object.entries(row).filter(([column]) => column === 'scenario' || keep(column)));
	printTable(
		`Votes closing together: acknowledgement latency against a null bot, ${runs} runs of each, medians (${pinning.note})`,
		rows.map((row) => pick(row, (c) => FIRST_TABLE.includes(c))),
	);
	printTable(
		'Votes closing together: where the slow clicks were, and when the votes were shown closed',
		rows.map((row) => pick(row, (c) => !FIRST_TABLE.includes(c))),
	);
	return { rows, pinning: pinning.note };
}
