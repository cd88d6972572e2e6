/**
 * Click-to-acknowledgement latency, measured by the local Discord (from dispatching a click to receiving its first
 * callback), for Reverie and for a null bot in the same run: 200 members voting within one second on one vote, one
 * click in each of 1,000 channels with open votes at once, and a steady stream of 100 clicks a second for 6 s over 6
 * channels and 60 members (who change their ballots as they go). Also: ballots lost, REST calls, 429s met, tally edits
 * per vote per second. `CLICK_RUNS` sets how many times each scenario runs; `CLICK_SCENARIOS` (a comma-separated list
 * of `one-vote`, `many-channels`, `stream`) which run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { commands as commandList } from '../commands/index.js';
import { buttonsOf as nestedButtons } from '../src/dev/local-discord/layout-checks.js';
import { type InteractionRecord, LocalDiscord, type StoredMessage } from '../src/dev/local-discord/server.js';
import { loadCommands } from '../src/discord/command.js';
import { deployCommands } from '../src/discord/deploy.js';
import { BUILT_ENTRY, NODE_ARGS } from '../src/node-args.js';
import { Store } from '../src/store/store.js';
import { printTable, type Row } from './table.js';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Burst {
	latencies: number[];
	/** From each click to the first answer its member sees (Reverie's "Counted: …", which comes after the acknowledgement). */
	visible: number[];
	acknowledged: number;
	/** Clicks the bot confirmed as counted (or changed). */
	ballotsAcknowledged: number;
	/** Ballots found in the store after the bot stopped. */
	ballotsCounted: number | null;
	restCalls: Record<string, number>;
	rateLimited: number;
	tallyEditsPerVoteSecond: number | null;
	failed: number;
	/** The local Discord's own event loop delay during the burst (it runs in this process), p99 in ms. */
	harnessDelayP99: number;
}

export const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

export async function startProcess(
	args: string[],
	env: Record<string, string>,
	readyText: string,
): Promise<ChildProcess> {
	// BENCH_PROFILE_DIR: each bot process writes a CPU profile there when it stops (open it in Chrome's DevTools).
	const profile = process.env.BENCH_PROFILE_DIR
		? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
		: [];
	// BENCH_NODE_FLAGS: more node flags for both bots (say `--trace-gc`); BENCH_LOG_DIR: where each bot's output is kept.
	const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
	// Both bots run with `npm start`'s node arguments (NODE_ARGS), so that they differ only in what they do; Reverie from its
	// build, as `npm start` runs it, the null bot from its source through tsx (which costs it only at start).
	const child = spawn(process.execPath, [...profile, ...flags, ...NODE_ARGS, ...args], {
		cwd: ROOT,
		env: { PATH: process.env.PATH ?? '', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	// A bench that ends early (stopped, or failed past its `finally`) must not leave the bot running without its Discord.
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	child.once('exit', () => process.off('exit', killOnExit));
	if (process.env.BENCH_LOG_DIR) {
		const name = `${path.basename(args[0] ?? 'bot', '.ts')}.${child.pid}.log`;
		child.stdout?.pipe(createWriteStream(path.join(process.env.BENCH_LOG_DIR, name)));
	}
	let ready = false;
	const lines: string[] = [];
	const onData = (chunk: Buffer) => {
		const text = String(chunk);
		lines.push(text);
		if (text.includes(readyText)) ready = true;
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	for (let waited = 0; !ready; waited += 50) {
		if (child.exitCode !== null || waited > 60_000)
			throw new Error(`process did not start: ${lines.join('').slice(-2000)}`);
		await sleep(50);
	}
	return child;
}

export async function stopProcess(child: ChildProcess) {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

/**
 * The custom ids of a message's buttons, wherever they stand (a vote's are beside its choices' texts), but a vote's
 * "Story so far": a vote's are then its choices.
 */
export const buttonsOf = (m: StoredMessage) =>
	nestedButtons(m.components)
		.map((b) => b.custom_id ?? '')
		.filter((id) => !id.startsWith('rv1:recap:'));

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

/** The bot's environment for a bench run (a SQLite store in `dir`), with Reverie's commands deployed to `guildIds`. */
export async function benchBot(
	discord: LocalDiscord,
	guildIds: string[],
	dir: string,
	voteSeconds: number,
): Promise<Record<string, string> & { STORE_URL: string }> {
	for (const guildId of guildIds)
		await deployCommands({
			commands: loadCommands(commandList),
			token: discord.token,
			clientId: discord.applicationId,
			guildId,
			apiUrl: discord.apiUrl,
		});
	return {
		DISCORD_TOKEN: discord.token,
		DISCORD_CLIENT_ID: discord.applicationId,
		DISCORD_API_URL: discord.apiUrl,
		STORE_URL: `sqlite://${path.join(dir, 'bench.sqlite')}`,
		BEAT_DELAY_MS: '0',
		VOTE_SECONDS: String(voteSeconds),
		LOG_LEVEL: 'info',
	};
}

/**
 * One vote message per channel to click on: Reverie's first vote of a dream started there (by member `m<i>`), or the
 * null bot's two buttons; then a second's pause.
 */
export async function openVotes(
	kind: 'reverie' | 'null',
	discord: LocalDiscord,
	channels: { id: string }[],
	members: number,
): Promise<Map<string, StoredMessage>> {
	const votes = new Map<string, StoredMessage>();
	if (kind === 'reverie') {
		const starts: Promise<unknown>[] = [];
		for (const [i, channel] of channels.entries()) {
			starts.push(
				discord.command({
					user: `m${i % members}`,
					channel: channel.id,
					name: 'dream',
					options: [{ type: 1, name: 'start' }],
				}),
			);
			if (starts.length >= 25) await Promise.all(starts.splice(0));
		}
		await Promise.all(starts);
		for (let waited = 0; votes.size < channels.length; waited += 100) {
			for (const channel of channels) {
				const vote = discord.visibleMessages(channel.id).find((m) => buttonsOf(m).length > 0);
				if (vote) votes.set(channel.id, vote);
			}
			if (waited > 600_000) throw new Error(`only ${votes.size} votes opened`);
			await sleep(100);
		}
	} else {
		for (const channel of channels) {
			const response = await fetch(`${discord.apiUrl}/v10/channels/${channel.id}/messages`, {
				method: 'POST',
				headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					content: 'Vote',
					components: [
						{ type: 1, components: [0, 1].map((i) => ({ type: 2, style: 1, label: `${i}`, custom_id: `c${i}` })) },
					],
				}),
			});
			const message = (await response.json()) as { id: string };
			const stored = discord.message(channel.id, message.id);
			if (stored) votes.set(channel.id, stored);
			if (response.headers.get('x-ratelimit-remaining') === '0') await sleep(5000);
		}
	}
	await sleep(1000);
	return votes;
}

export async function run(kind: 'reverie' | 'null', scenario: Scenario): Promise<Burst> {
	const { members, channels, clicks: clickCount, overMs } = SHAPES[scenario];
	const discord = await LocalDiscord.start({
		world: {
			guilds: [
				{
					name: 'Bench',
					channels: Array.from({ length: channels }, (_, i) => ({ name: `c${i}` })),
					members: Array.from({ length: members }, (_, i) => ({ name: `m${i}` })),
				},
			],
		},
	});
	const guild = discord.world.guilds[0];
	if (!guild) throw new Error('no guild');
	const dir = mkdtempSync(path.join(tmpdir(), 'reverie-bench-'));
	const env = await benchBot(discord, [guild.id], dir, 3600);
	const bot =
		kind === 'reverie'
			? await startProcess([BUILT_ENTRY], env, '"msg":"dreams resumed"')
			: await startProcess(['--import', 'tsx/esm', 'bench/null-bot.ts'], env, 'null bot ready');
	try {
		const votes = await openVotes(kind, discord, guild.channels, members);
		const callsBefore = new Map(discord.calls);
		const rateLimitedBefore = discord.rateLimited;
		const violationsBefore = discord.violations.length;

		// The clicks, spread evenly: member i clicks in channel i mod channels (in the stream, each member stays in one
		// channel and clicks there again and again, changing its ballot).
		const clicks = Array.from({ length: clickCount }, (_, i) => {
			const channelId = guild.channels[i % channels]?.id ?? '';
			return { channelId, user: `m${i % members}`, vote: votes.get(channelId) as StoredMessage };
		});
		const loop = monitorEventLoopDelay({ resolution: 5 });
		loop.enable();
		const started = Date.now();
		const records = await Promise.all(
			clicks.map(async (click, i) => {
				await sleep((i * overMs) / clicks.length);
				const ids = buttonsOf(click.vote);
				// Members split over the choices, and one who clicks again changes their ballot (with an even number of
				// members: member k's clicks are k, k + members, … apart by an odd number of choices).
				return discord.click({
					user: click.user,
					channel: click.channelId,
					messageId: click.vote.id,
					customId: ids[(i + Math.floor(i / members)) % ids.length] ?? '',
				});
			}),
		);
		const burstSeconds = (Date.now() - started) / 1000;
		loop.disable();
		await sleep(2500); // let coalesced tally edits land
		const latencies = records
			.filter((r) => r.callbackAt)
			.map((r: InteractionRecord) => (r.callbackAt ?? 0) - r.createdAt);
		const restCalls: Record<string, number> = {};
		for (const [route, n] of discord.calls) {
			const delta = n - (callsBefore.get(route) ?? 0);
			if (delta > 0) restCalls[route] = delta;
		}
		let ballotsCounted: number | null = null;
		let ballotsAcknowledged = 0;
		let tallyEditsPerVoteSecond: number | null = null;
		if (kind === 'reverie') {
			// Every confirmation lands, then the bot stops, and every
			// ballot confirmed as counted must be in the store.
			for (let waited = 0; waited < 120_000; waited += 200) {
				if (records.every((r) => discord.responseOf(r)?.content)) break;
				await sleep(200);
			}
			await stopProcess(bot);
			// A member's ballot in a channel, confirmed at least once (a changed ballot is still one ballot).
			const acknowledged = new Set(
				records
					.filter((r) => /^(Counted|Changed)/.test(discord.responseOf(r)?.content ?? ''))
					.map((r) => `${r.channelId} ${r.user.id}`),
			).size;
			const store = Store.open(env.STORE_URL, pino({ level: 'silent' }));
			let stored = 0;
			for (const channelId of votes.keys()) {
				const read = await store.readChannel(channelId);
				if (read.kind === 'ok') stored += Object.keys(read.record.vote?.ballots ?? {}).length;
			}
			await store.close();
			ballotsCounted = stored;
			ballotsAcknowledged = acknowledged;
			const edits = restCalls['PATCH /channels/:id/messages/:id'] ?? 0;
			tallyEditsPerVoteSecond = edits / votes.size / Math.max(1, burstSeconds + 2.5);
		}
		const visible = records
			.filter((r) => r.answeredAt)
			.map((r: InteractionRecord) => (r.answeredAt ?? 0) - r.createdAt);
		return {
			latencies,
			visible,
			acknowledged: latencies.length,
			ballotsAcknowledged,
			ballotsCounted,
			restCalls,
			rateLimited: discord.rateLimited - rateLimitedBefore,
			tallyEditsPerVoteSecond,
			failed: discord.violations.slice(violationsBefore).filter((v) => v.kind === 'interaction-failed').length,
			harnessDelayP99: loop.percentile(99) / 1e6,
		};
	} finally {
		await stopProcess(bot);
		await discord.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

const median = (values: number[]) => percentile(values, 50);

/**
 * Each scenario runs `runs` times (`CLICK_RUNS`, default 3), the null bot and Reverie in turn, so that both meet the
 * machine in the same state. A burst's p99 is its second-slowest click or so, and one pause of the machine moves it;
 * the table gives the median of the runs, and each run's ratio beside it.
 */
export async function benchClicks(runs = Number(process.env.CLICK_RUNS ?? 3)): Promise<{ rows: Row[] }> {
	const rows: Row[] = [];
	const wanted = (process.env.CLICK_SCENARIOS ?? 'one-vote,many-channels,stream').split(',');
	for (const scenario of (Object.keys(SHAPES) as Scenario[]).filter((s) => wanted.includes(s))) {
		const pairs: { baseline: Burst; reverie: Burst }[] = [];
		for (let i = 0; i < runs; i++) {
			const baseline = await run('null', scenario);
			const reverie = await run('reverie', scenario);
			pairs.push({ baseline, reverie });
			const ratio = percentile(reverie.latencies, 99) / percentile(baseline.latencies, 99);
			console.log(
				`${scenario}, run ${i + 1} of ${runs}: p99 ${percentile(reverie.latencies, 99).toFixed(1)} ms, null bot ${percentile(baseline.latencies, 99).toFixed(1)} ms: ${ratio.toFixed(2)}; answer seen p99 ${percentile(reverie.visible, 99).toFixed(0)} ms (null bot ${percentile(baseline.visible, 99).toFixed(0)} ms)`,
			);
		}
		const of = (pick: (pair: { baseline: Burst; reverie: Burst }) => number) => pairs.map(pick);
		const ratios = of((p) => percentile(p.reverie.latencies, 99) / percentile(p.baseline.latencies, 99));
		const sum = (pick: (burst: Burst) => number) => pairs.reduce((total, p) => total + pick(p.reverie), 0);
		const confirmed = sum((b) => b.ballotsAcknowledged);
		const stored = sum((b) => b.ballotsCounted ?? 0);
		const last = pairs.at(-1)?.reverie;
		rows.push({
			scenario: SHAPES[scenario].title,
			'p50 ms (null bot)': `${median(of((p) => percentile(p.reverie.latencies, 50))).toFixed(1)} (${median(of((p) => percentile(p.baseline.latencies, 50))).toFixed(1)})`,
			'p99 ms (null bot)': `${median(of((p) => percentile(p.reverie.latencies, 99))).toFixed(1)} (${median(of((p) => percentile(p.baseline.latencies, 99))).toFixed(1)})`,
			'p99 ÷ null bot': median(ratios).toFixed(2),
			'answer seen p50 ms (null bot)': `${median(of((p) => percentile(p.reverie.visible, 50))).toFixed(0)} (${median(of((p) => percentile(p.baseline.visible, 50))).toFixed(0)})`,
			'answer seen p99 ms (null bot)': `${median(of((p) => percentile(p.reverie.visible, 99))).toFixed(0)} (${median(of((p) => percentile(p.baseline.visible, 99))).toFixed(0)})`,
			'each run': ratios.map((r) => r.toFixed(2)).join(', '),
			'confirmed / stored': `${confirmed} / ${stored}`,
			'ballots lost': Math.max(0, confirmed - stored),
			'failed clicks': sum((b) => b.failed),
			'REST calls': Object.entries(last?.restCalls ?? {})
				.map(([route, n]) => `${n} ${route.replace(/^(\w+) \/(\w+).*$/, '$1 $2')}`)
				.join(', '),
			'429s': sum((b) => b.rateLimited),
			'tally edits / vote / s': Math.max(...pairs.map((p) => p.reverie.tallyEditsPerVoteSecond ?? 0)).toFixed(2),
			'local Discord loop p99 ms (null bot)': `${median(of((p) => p.reverie.harnessDelayP99)).toFixed(1)} (${median(of((p) => p.baseline.harnessDelayP99)).toFixed(1)})`,
		});
	}
	printTable(`Clicks: acknowledgement latency against a null bot, ${runs} runs of each, medians`, rows);
	return { rows };
}
