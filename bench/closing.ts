/**
 * Votes closing together while clicks go on: dreams started together close together. In one server, `count` dreams
 * are started and left until their votes wait for a first ballot (nobody voted within `VOTE_SECONDS`); then each gets
 * its first ballot within 2 s, which starts its clock again, so the votes all close within about 2 s of each other
 * `VOTE_SECONDS` later. From 8 s before that until 5 s after, a steady stream of 100 clicks a second goes on in 6
 * channels of another server, whose votes stay open an hour (60 members changing their ballots). Measured against
 * the null bot, alternating: acknowledgement p50/p95/p99 and the worst click, and the p99 of each phase (the first
 * ballots, the stream before the closes, while they close, after); over the stream, each bot's CPU (main thread,
 * other threads, child processes) and the local Discord's own event loop delay; for Reverie also how late each vote
 * was shown closed after its deadline, and how long until each channel's narration went on (its first new post); and
 * how many connections each bot opened to Discord (each a TLS handshake on the real one), and Reverie's ballots
 * confirmed as counted and lost (see lostBallots).
 * `CLOSING_VOTES` (default `50,1000`) and `CLICK_RUNS`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { buttonsOf as nestedButtons } from '../src/dev/local-discord/layout-checks.js';
import { type InteractionRecord, LocalDiscord, type StoredMessage } from '../src/dev/local-discord/server.js';
import { BUILT_ENTRY } from '../src/node-args.js';
import { Store } from '../src/store/store.js';
import { benchBot, buttonsOf, openVotes, percentile, startProcess, stopProcess } from './clicks.js';
import { type CpuUse, cpuShare, cpuUse } from './process-cpu.js';
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

interface ClosingRun {
	latencies: number[];
	failed: number;
	rateLimited: number;
	/** Per closing vote: ms from its deadline until it was shown closed (Reverie only). */
	closedLate: number[];
	/** Per closing channel: ms from its vote's deadline until its next post (Reverie only). */
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
	/** The local Discord's (this process's) own event loop delay p99 over the stream, in ms. */
	harnessLoopP99: number;
	/** TCP connections the bot opened to the local Discord from the first ballots on (to Discord: TLS handshakes). */
	connections: number;
	/** p99 of the first ballots, the stream before the closes, while they close (2.5 s) and after, in ms. */
	byPhase: number[];
}

async function run(kind: 'reverie' | 'null', count: number): Promise<ClosingRun> {
	const members = Array.from({ length: MEMBERS }, (_, i) => ({ name: `m${i}` }));
	const discord = await LocalDiscord.start({
		world: {
			guilds: [
				{ name: 'Closing', channels: Array.from({ length: count }, (_, i) => ({ name: `c${i}` })), members },
				{
					name: 'Stream',
					roles: [{ name: 'Moderator', permissions: ['ManageMessages'] }],
					channels: Array.from({ length: STREAM_CHANNELS }, (_, i) => ({ name: `s${i}` })),
					members: [...members, { name: 'mod', roles: ['Moderator'] }],
				},
			],
		},
	});
	const [guild, streamGuild] = discord.world.guilds;
	if (!guild || !streamGuild) throw new Error('no guild');
	const dir = mkdtempSync(path.join(tmpdir(), 'reverie-bench-'));
	const env = await benchBot(discord, [guild.id, streamGuild.id], dir, VOTE_SECONDS);
	const bot =
		kind === 'reverie'
			? await startProcess([BUILT_ENTRY], env, '"msg":"dreams resumed"')
			: await startProcess(['--import', 'tsx/esm', 'bench/null-bot.ts'], env, 'null bot ready');
	try {
		if (kind === 'reverie')
			await discord.command({
				user: 'mod',
				channel: streamGuild.channels[0]?.id ?? '',
				name: 'dream',
				options: [{ type: 1, name: 'settings', options: [{ type: 4, name: 'vote-seconds', value: 3600 }] }],
			});
		const closing = guild.channels;
		const stream = streamGuild.channels;
		const votes = await openVotes(kind, discord, [...closing, ...stream], MEMBERS);
		if (kind === 'reverie') await waitingForFirstBallot(discord, closing, votes);
		// When each closing vote was shown closed, and when its channel next posted.
		const closedAt = new Map<string, number>();
		const wentOnAt = new Map<string, number>();
		const voteIds = new Set(closing.map((c) => votes.get(c.id)?.id));
		discord.on('message', ({ kind: change, message }: { kind: string; message: StoredMessage }) => {
			if (change === 'update' && voteIds.has(message.id) && !closedAt.has(message.id)) {
				// Its choices' buttons disabled ("Story so far" stays open).
				const disabled = nestedButtons(message.components)
					.filter((b) => !b.custom_id?.startsWith('rv1:recap:'))
					.every((b) => b.disabled);
				if (disabled) closedAt.set(message.channel_id, Date.now());
			}
			if (change === 'create' && closedAt.has(message.channel_id) && !wentOnAt.has(message.channel_id))
				wentOnAt.set(message.channel_id, Date.now());
		});
		const rateLimitedBefore = discord.rateLimited;
		const connectionsBefore = discord.connectionsOpened;
		const violationsBefore = discord.violations.length;

		const clicks: Promise<{
			record: InteractionRecord;
			latency: number | null;
			sentAt: number;
			deadline?: [string, number];
		}>[] = [];
		const click = (channelId: string, user: string, choice: number, first: boolean) => {
			const vote = votes.get(channelId) as StoredMessage;
			const ids = buttonsOf(vote);
			const sentAt = Date.now();
			clicks.push(
				discord
					.click({ user, channel: channelId, messageId: vote.id, customId: ids[choice % ids.length] ?? '' })
					.then((r) => ({
						record: r,
						latency: r.callbackAt ? r.callbackAt - r.createdAt : null,
						sentAt,
						...(first ? { deadline: [channelId, sentAt + VOTE_SECONDS * 1000] as [string, number] } : {}),
					})),
			);
		};
		// The first ballots: every closing vote's clock starts within 2 s.
		const started = Date.now();
		const ballotsFrom = process.hrtime.bigint() / 1000n;
		for (const [i, channel] of closing.entries()) {
			await sleepUntil(started + (i * FIRST_BALLOTS_MS) / count);
			click(channel.id, `m${i % MEMBERS}`, i, true);
		}
		// The stream, around the closes.
		const streamFrom = started + VOTE_SECONDS * 1000 - STREAM_BEFORE_MS;
		const streamClicks = ((STREAM_BEFORE_MS + STREAM_AFTER_MS) / 1000) * STREAM_PER_SECOND;
		await sleepUntil(streamFrom);
		const windowFrom = process.hrtime.bigint() / 1000n;
		const cpuBefore = cpuUse(bot.pid);
		const loop = monitorEventLoopDelay({ resolution: 5 });
		loop.enable();
		for (let i = 0; i < streamClicks; i++) {
			await sleepUntil(streamFrom + (i * 1000) / STREAM_PER_SECOND);
			const channel = stream[i % STREAM_CHANNELS];
			if (channel) click(channel.id, `m${i % MEMBERS}`, Math.floor(i / MEMBERS), false);
		}
		loop.disable();
		const cpu = cpuShare(cpuBefore, cpuUse(bot.pid), Date.now() - streamFrom);
		// A CPU profile's timestamps are on the same monotonic clock, in µs: the stream's part of it can be cut out.
		if (process.env.BENCH_PROFILE_DIR)
			console.log(
				`${kind}: the first ballots from ${ballotsFrom}; the stream from ${windowFrom} to ${process.hrtime.bigint() / 1000n} (monotonic µs)`,
			);
		const results = await Promise.all(clicks);
		const deadlines = new Map(results.flatMap((r) => (r.deadline ? [r.deadline] : [])));
		let missing = 0;
		const closedLate: number[] = [];
		const narrationAfter: number[] = [];
		let ballots = { confirmed: 0, lost: 0 };
		if (kind === 'reverie') {
			// Every vote shown closed and every channel gone on, or two minutes.
			for (let waited = 0; waited < 120_000 && wentOnAt.size < count; waited += 250) await sleep(250);
			for (const channel of closing) {
				const deadline = deadlines.get(channel.id) ?? 0;
				const closed = closedAt.get(channel.id);
				const wentOn = wentOnAt.get(channel.id);
				if (closed === undefined || wentOn === undefined) missing++;
				if (closed !== undefined) closedLate.push(closed - deadline);
				if (wentOn !== undefined) narrationAfter.push(wentOn - deadline);
			}
			await stopProcess(bot);
			ballots = await lostBallots(discord, env.STORE_URL ?? '', results, votes, new Set(closing.map((c) => c.id)));
		}
		// Which clicks were slow: the first ballots, the stream before the closes, while they close, and after.
		const phaseOf = (sentAt: number) => {
			const at = sentAt - started;
			if (at < FIRST_BALLOTS_MS + 100) return 0; // with slack for a late timer
			if (at < VOTE_SECONDS * 1000) return 1;
			return at < VOTE_SECONDS * 1000 + 2500 ? 2 : 3;
		};
		const byPhase = [0, 1, 2, 3].map((phase) =>
			percentile(
				results.flatMap((r) => (r.latency !== null && phaseOf(r.sentAt) === phase ? [r.latency] : [])),
				99,
			),
		);
		return {
			byPhase,
			latencies: results.flatMap((r) => (r.latency === null ? [] : [r.latency])),
			failed: discord.violations.slice(violationsBefore).filter((v) => v.kind === 'interaction-failed').length,
			rateLimited: discord.rateLimited - rateLimitedBefore,
			connections: discord.connectionsOpened - connectionsBefore,
			closedLate,
			narrationAfter,
			missing,
			...ballots,
			cpu,
			harnessLoopP99: loop.percentile(99) / 1e6,
		};
	} finally {
		await stopProcess(bot);
		await discord.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * The ballots confirmed as counted, and those of them lost: a confirmed first ballot whose vote did not close on it
 * (its closed view says one dreamer voted), or a stream member whose confirmed ballot is not in the store once the bot
 * has stopped. Waits for every confirmation first.
 */
async function lostBallots(
	discord: LocalDiscord,
	storeUrl: string,
	results: { record: InteractionRecord }[],
	votes: Map<string, StoredMessage>,
	closing: Set<string>,
): Promise<{ confirmed: number; lost: number }> {
	for (let waited = 0; waited < 120_000; waited += 250) {
		if (results.every((r) => discord.responseOf(r.record)?.content)) break;
		await sleep(250);
	}
	const counted = results
		.map((r) => r.record)
		.filter((r) => /^(Counted|Changed)/.test(discord.responseOf(r)?.content ?? ''));
	let lost = 0;
	const firstBallots = counted.filter((r) => closing.has(r.channelId));
	for (const ballot of firstBallots) {
		const vote = votes.get(ballot.channelId);
		const shown = vote && discord.message(ballot.channelId, vote.id);
		if (!JSON.stringify(shown?.embeds ?? []).includes('1 dreamer voted.')) lost++;
	}
	// A stream member's ballot in a channel, confirmed at least once (a changed ballot is still one ballot).
	const streamBallots = new Set(
		counted.filter((r) => !closing.has(r.channelId)).map((r) => `${r.channelId} ${r.user.id}`),
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

/** Until every closing vote shows that it waits for its first ballot (its time ran out with none). */
async function waitingForFirstBallot(
	discord: LocalDiscord,
	channels: { id: string }[],
	votes: Map<string, StoredMessage>,
): Promise<void> {
	for (let waited = 0; ; waited += 250) {
		const waiting = channels.filter((c) => {
			const vote = votes.get(c.id);
			const now = vote && discord.message(c.id, vote.id);
			return now && JSON.stringify(now.embeds).includes('waits for the first vote');
		}).length;
		if (waiting === channels.length) return;
		if (waited > 600_000) throw new Error(`only ${waiting} of ${channels.length} votes wait for a first ballot`);
		await sleep(250);
	}
}

async function sleepUntil(at: number): Promise<void> {
	const wait = at - Date.now();
	if (wait > 0) await sleep(wait);
}

const median = (values: number[]) => percentile(values, 50);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The bots' CPU over the stream, as medians of the runs' shares of one core. */
function cpuColumn(pairs: { baseline: ClosingRun; reverie: ClosingRun }[]): string {
	const of = (pick: (p: (typeof pairs)[number]) => number | undefined) => {
		const values = pairs.map(pick).filter((v): v is number => v !== undefined);
		return values.length ? percent(median(values)) : '–';
	};
	return `${of((p) => p.reverie.cpu?.main)} / ${of((p) => p.reverie.cpu?.threads)} / ${of((p) => p.reverie.cpu?.children)} (${of((p) => p.baseline.cpu?.main)})`;
}

/** Each count of closing votes, `runs` times, the null bot and Reverie in turn; the table gives medians of the runs. */
export async function benchClosing(runs = Number(process.env.CLICK_RUNS ?? 3)): Promise<{ rows: Row[] }> {
	const rows: Row[] = [];
	const counts = (process.env.CLOSING_VOTES ?? '50,1000').split(',').map(Number);
	for (const count of counts) {
		const pairs: { baseline: ClosingRun; reverie: ClosingRun }[] = [];
		for (let i = 0; i < runs; i++) {
			const baseline = await run('null', count);
			const reverie = await run('reverie', count);
			pairs.push({ baseline, reverie });
			const ratio = percentile(reverie.latencies, 99) / percentile(baseline.latencies, 99);
			console.log(
				`${count} votes closing, run ${i + 1} of ${runs}: p99 ${ms(percentile(reverie.latencies, 99))} ms, null bot ${ms(percentile(baseline.latencies, 99))} ms: ${ratio.toFixed(2)}; shown closed within ${ms(Math.max(...reverie.closedLate))} ms, went on within ${ms(Math.max(...reverie.narrationAfter))} ms; Reverie's CPU ${cpuColumn([{ baseline, reverie }])}, local Discord loop p99 ${ms(reverie.harnessLoopP99)} ms (${ms(baseline.harnessLoopP99)}); ${reverie.connections} connections opened (${baseline.connections}); p99 by phase ${reverie.byPhase.map(ms).join(' / ')} (${baseline.byPhase.map(ms).join(' / ')})`,
			);
		}
		const at = (p: number, pick: (pair: (typeof pairs)[number]) => ClosingRun) =>
			median(pairs.map((pair) => percentile(pick(pair).latencies, p)));
		const ratios = pairs.map((p) => percentile(p.reverie.latencies, 99) / percentile(p.baseline.latencies, 99));
		const sum = (pick: (r: ClosingRun) => number) => pairs.reduce((total, p) => total + pick(p.reverie), 0);
		rows.push({
			scenario: `${count} votes closing within 2 s, 100 clicks/s around them`,
			'p50 ms (null bot)': `${ms(at(50, (p) => p.reverie))} (${ms(at(50, (p) => p.baseline))})`,
			'p95 ms (null bot)': `${ms(at(95, (p) => p.reverie))} (${ms(at(95, (p) => p.baseline))})`,
			'p99 ms (null bot)': `${ms(at(99, (p) => p.reverie))} (${ms(at(99, (p) => p.baseline))})`,
			'worst ms (null bot)': `${ms(at(100, (p) => p.reverie))} (${ms(at(100, (p) => p.baseline))})`,
			'p99 ÷ null bot': median(ratios).toFixed(2),
			'each run': ratios.map((r) => r.toFixed(2)).join(', '),
			'confirmed / lost ballots': `${sum((r) => r.confirmed)} / ${sum((r) => r.lost)}`,
			'failed clicks': sum((r) => r.failed),
			'429s': sum((r) => r.rateLimited),
			'shown closed after deadline, p50 / max s': `${(median(pairs.map((p) => median(p.reverie.closedLate))) / 1000).toFixed(1)} / ${(Math.max(...pairs.map((p) => Math.max(...p.reverie.closedLate))) / 1000).toFixed(1)}`,
			'narration on after deadline, p50 / max s': `${(median(pairs.map((p) => median(p.reverie.narrationAfter))) / 1000).toFixed(1)} / ${(Math.max(...pairs.map((p) => Math.max(...p.reverie.narrationAfter))) / 1000).toFixed(1)}`,
			'never closed or went on': sum((r) => r.missing),
			'p99 ms: first ballots / stream before / closing / after (null bot)': [0, 1, 2, 3]
				.map(
					(i) =>
						`${ms(median(pairs.map((p) => p.reverie.byPhase[i] ?? Number.NaN)))} (${ms(median(pairs.map((p) => p.baseline.byPhase[i] ?? Number.NaN)))})`,
				)
				.join(' / '),
			'CPU in stream: main / threads / story processes (null bot main)': cpuColumn(pairs),
			'local Discord loop p99 ms (null bot)': `${ms(median(pairs.map((p) => p.reverie.harnessLoopP99)))} (${ms(median(pairs.map((p) => p.baseline.harnessLoopP99)))})`,
			'connections opened (null bot)': `${median(pairs.map((p) => p.reverie.connections))} (${median(pairs.map((p) => p.baseline.connections))})`,
		});
	}
	printTable(`Votes closing together: acknowledgement latency against a null bot, ${runs} runs of each, medians`, rows);
	return { rows };
}
