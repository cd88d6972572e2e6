/**
 * What the click benchmarks share: Reverie and the null bot run in turn, percentiles and medians over the runs, and
 * the bots' CPU time per click.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BotKind } from './bots.js';
import type { ClickResult, Counters, PlannedClick } from './discord-protocol.js';
import type { DiscordProcess } from './discord-proxy.js';
import type { CpuUse } from './process-cpu.js';
import type { Row } from './table.js';

export const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

export const median = (values: number[]) => percentile(values, 50);

/** Reverie's run and the null bot's right after it. */
export interface Pair<T> {
	reverie: T;
	baseline: T;
}

/**
 * `runs` pairs, in turn: Reverie, the null bot, Reverie, the null bot, … so that both meet the machine in the same
 * states. `each` hears of every pair as it ends.
 */
export async function alternate<T>(
	runs: number,
	once: (kind: BotKind) => Promise<T>,
	each: (pair: Pair<T>, index: number) => void,
): Promise<Pair<T>[]> {
	const pairs: Pair<T>[] = [];
	for (let i = 0; i < runs; i++) {
		const reverie = await once('reverie');
		const baseline = await once('null');
		pairs.push({ reverie, baseline });
		each({ reverie, baseline }, i);
	}
	return pairs;
}

/** How far ahead of its first click a plan is sent, so that it reaches the local Discord's process in time. */
export const PLAN_LEAD_MS = 250;

/** Waits until an epoch time: the bench reads /proc on the same clock as the local Discord's plan. */
export async function sleepUntil(at: number): Promise<void> {
	const wait = at - Date.now();
	if (wait > 0) await sleep(wait);
}

/** Says so when the local Discord could not keep to its plan of clicks (it dispatched one over 50 ms late). */
export function warnIfLate(what: string, lateMs: number): void {
	if (lateMs > 50) console.log(`${what}: the local Discord dispatched a click ${lateMs.toFixed(0)} ms late`);
}

/** The runs' count by default: five, so that one pause of the machine in a run moves the median little. */
export const clickRuns = () => Number(process.env.CLICK_RUNS ?? 5);

/** A bot's CPU time per click over the measured window, in ms: its own process (all threads), its child processes. */
export interface CpuPerClick {
	process: number;
	/** Of `process`, its main thread's (where clicks are answered; the rest is libuv's pool, SQLite's and V8's threads). */
	main: number;
	children: number;
	/** The process's CPU with nothing to do (ms a second), when measured: its timers, its lease, its collector. */
	idlePerSecond?: number;
	/** `process` less that idle CPU over the same window: what the clicks themselves cost. */
	beyondIdle?: number;
}

/** CPU ms a second between two readings of /proc `ms` apart, the process's own (null without /proc). */
export function idleRate(before: CpuUse | null, after: CpuUse | null, ms: number): number | null {
	if (!before || !after || ms <= 0) return null;
	return (Math.max(0, after.process - before.process) * 1000) / ms;
}

/**
 * CPU per click between two readings of /proc (null without it); with the process's idle rate and the window's
 * length, also what is left of it once the idle CPU of that window is taken away.
 */
export function cpuPerClick(
	before: CpuUse | null,
	after: CpuUse | null,
	clicks: number,
	idle?: { perSecond: number | null; windowMs: number },
): CpuPerClick | null {
	if (!before || !after || clicks <= 0) return null;
	const process = Math.max(0, after.process - before.process) / clicks;
	const perSecond = idle?.perSecond;
	return {
		process,
		main: Math.max(0, after.main - before.main) / clicks,
		children: Math.max(0, after.children - before.children) / clicks,
		...(idle && typeof perSecond === 'number'
			? { idlePerSecond: perSecond, beyondIdle: Math.max(0, process - (perSecond * idle.windowMs) / 1000 / clicks) }
			: {}),
	};
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/**
 * The p99 ratio and, beside it, the CPU per click: medians over the runs, each ratio the median of the pairs' own
 * ratios (Reverie's run over the null bot's right after it).
 */
export function ratioColumns<T>(
	pairs: Pair<T>[],
	latencies: (run: T) => number[],
	cpu: (run: T) => CpuPerClick | null,
): { ratios: number[]; columns: Row } {
	const ratios = pairs.map((p) => percentile(latencies(p.reverie), 99) / percentile(latencies(p.baseline), 99));
	const of = (pick: (pair: Pair<T>) => number | undefined) =>
		median(pairs.map(pick).filter((v): v is number => v !== undefined));
	const cpuRatio = of((p) => {
		const [r, b] = [cpu(p.reverie), cpu(p.baseline)];
		return r && b && b.process > 0 ? r.process / b.process : undefined;
	});
	return {
		ratios,
		columns: {
			'p99 ÷ null bot (median of pairs)': fixed(median(ratios), 2),
			'each run': ratios.map((r) => fixed(r, 2)).join(', '),
			'CPU ms / click: Reverie (its child processes) / null bot': `${fixed(
				of((p) => cpu(p.reverie)?.process),
				3,
			)} (${fixed(
				of((p) => cpu(p.reverie)?.children),
				3,
			)}) / ${fixed(
				of((p) => cpu(p.baseline)?.process),
				3,
			)}`,
			'CPU / click ÷ null bot (median of pairs)': fixed(cpuRatio, 2),
			...(pairs.some((p) => cpu(p.reverie)?.beyondIdle !== undefined)
				? {
						'idle CPU ms / s: Reverie / null bot': `${fixed(
							of((p) => cpu(p.reverie)?.idlePerSecond),
							1,
						)} / ${fixed(
							of((p) => cpu(p.baseline)?.idlePerSecond),
							1,
						)}`,
						'CPU ms / click beyond idle: Reverie / null bot': `${fixed(
							of((p) => cpu(p.reverie)?.beyondIdle),
							3,
						)} / ${fixed(
							of((p) => cpu(p.baseline)?.beyondIdle),
							3,
						)}`,
						'beyond idle ÷ null bot (median of pairs)': fixed(
							of((p) => {
								const [r, b] = [cpu(p.reverie)?.beyondIdle, cpu(p.baseline)?.beyondIdle];
								return r !== undefined && b ? r / b : undefined;
							}),
							2,
						),
					}
				: {}),
		},
	};
}

/** From each click to the first answer its member saw, in ms (Reverie's "Counted: …" may follow an acknowledgement). */
export const answerSeen = (results: ClickResult[]): number[] =>
	results.flatMap((r) => (r.answeredAt === null ? [] : [r.answeredAt - r.sentAt]));

/**
 * `count` clicks spread evenly over `overMs`: click i by member i mod `members` in channel i mod the channels, on the
 * vote's button `choice(i)`.
 */
export function planClicks(
	votes: Map<string, { id: string; buttons: string[] }>,
	channelIds: string[],
	members: number,
	count: number,
	overMs: number,
	choice: (i: number) => number,
): PlannedClick[] {
	return Array.from({ length: count }, (_, i): PlannedClick => {
		const channel = channelIds[i % channelIds.length] ?? '';
		const vote = votes.get(channel);
		const ids = vote?.buttons ?? [];
		return {
			at: (i * overMs) / count,
			user: `m${i % members}`,
			channel,
			messageId: vote?.id ?? '',
			customId: ids[choice(i) % ids.length] ?? '',
		};
	});
}

/** How many channels of their own each bot is warmed up in (see {@link warmUp}). */
export const WARM_UP_CHANNELS = 5;
const WARM_UP_CLICKS = 300;
const WARM_UP_MS = 3000;

/**
 * Before the measured clicks, each bot answers {@link WARM_UP_CLICKS} over {@link WARM_UP_MS} in `channelIds`, channels
 * of their own with open votes, not measured: a bot that has run a while has its click path compiled, and without it
 * the first burst measured V8 compiling that path (a tenth of a second of Reverie's thousand-click burst, on the bot's
 * one core, and about 0.3 s of the 2 s of a thousand votes' first ballots).
 */
export async function warmUp(
	discord: DiscordProcess,
	votes: Map<string, { id: string; buttons: string[] }>,
	channelIds: string[],
	members: number,
): Promise<void> {
	const clicks = planClicks(votes, channelIds, members, WARM_UP_CLICKS, WARM_UP_MS, (i) => i);
	await discord.call('clicks', { startAt: Date.now() + PLAN_LEAD_MS, clicks });
}

/**
 * The 429s a run earned, between two readings of the local Discord's counters: what each was for and when, in seconds
 * from `startAt` (printed with the run, so that a 429 in a table can be traced to the global limit or a channel).
 */
export function rateLimitsBetween(before: Counters, after: Counters, startAt: number): string[] {
	return after.rateLimits
		.slice(before.rateLimits.length)
		.map(({ detail, at }) => `${detail} at ${((at - startAt) / 1000).toFixed(3)} s`);
}
