/**
 * Memory per idle dream and resume time, in one process over a real SQLite store, with a null channel output (so
 * only Reverie's own work is measured). Baselines in the same run: the heap of the same number of bare records
 * held in memory, and the time to merely read every stored record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { loadCatalogue, PooledTeller, STORY_DIR } from '../src/engine/index.js';
import type { ChannelOutput, VoteView } from '../src/sessions/ports.js';
import { Sessions } from '../src/sessions/sessions.js';
import { NIGHT_DEFAULTS } from '../src/store/records.js';
import { Store } from '../src/store/store.js';
import { printTable, type Row } from './table.js';

class NullOutput implements ChannelOutput {
	posts = 0;
	votesOpened = 0;
	votesClosed = 0;
	/** When the last vote was shown closed, and when the last channel without a beat since got one. */
	lastClosedAt = 0;
	readonly toldOn = new Set<string>();
	lastToldOnAt = 0;
	async postBeat(channelId: string) {
		this.tell(channelId);
		return String(++this.posts);
	}
	async postVote() {
		this.votesOpened++;
		return String(++this.posts);
	}
	async editVote(_channelId: string, _messageId: string, view: VoteView) {
		if (view.state !== 'closed') return;
		this.votesClosed++;
		this.lastClosedAt = Date.now();
	}
	async postEnding(channelId: string) {
		this.tell(channelId);
		return String(++this.posts);
	}
	private tell(channelId: string) {
		if (this.toldOn.has(channelId)) return;
		this.toldOn.add(channelId);
		this.lastToldOnAt = Date.now();
	}
	async postNotice() {}
	async typing() {}
}

const log = pino({ level: 'silent' });
const defaults = { voteSeconds: 3600, pace: 'normal' as const, moderatorRoleId: null, ...NIGHT_DEFAULTS };
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/**
 * How long the process sits idle before its memory is read: V8 gives back the heap it reserved for a burst of work only
 * once the process has been idle a few seconds (its memory reducer), and the allocator its freed pages after that. Read
 * 1.5 s after the burst, the RSS was mostly that reserve (55 KB a dream of it; the heap kept was 1.4 KB).
 */
const SETTLE_MS = 15_000;

/** The process's memory once it has been idle {@link SETTLE_MS}, after a full collection. */
async function settled(): Promise<NodeJS.MemoryUsage> {
	await sleep(SETTLE_MS);
	gc();
	return process.memoryUsage();
}

async function until(check: () => boolean, what: string, timeoutMs = 600_000) {
	const end = Date.now() + timeoutMs;
	let said = Date.now();
	while (!check()) {
		if (Date.now() - said > 10_000) {
			said = Date.now();
			console.log(`still waiting for ${what}`);
		}
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await sleep(20);
	}
}

export async function benchDreams(count = 10_000): Promise<{ rows: Row[] }> {
	if (!(globalThis as { gc?: unknown }).gc) throw new Error('run with --expose-gc (npm run bench does)');
	const dir = mkdtempSync(path.join(tmpdir(), 'reverie-bench-'));
	const url = `sqlite://${path.join(dir, 'bench.sqlite')}`;
	const catalogue = loadCatalogue(STORY_DIR);
	const channelIds = Array.from({ length: count }, (_, i) => String(200_000_000_000_000_000n + BigInt(i)));
	try {
		// Idle dreams: every one of them waiting on an open vote with a ballot in it.
		const store = Store.open(url, log);
		const output = new NullOutput();
		const before = await settled();
		const heapBefore = before.heapUsed;
		const rssBefore = before.rss;
		// The stories' turns run as the bot runs them: in the pool of story processes, off this thread.
		const teller = new PooledTeller({ log });
		const dreams = new Sessions({ store, catalogue, teller, output, log, defaults, beatDelayMs: 0 });
		const startedAt = Date.now();
		for (let i = 0; i < count; i += 100) {
			await Promise.all(
				channelIds
					.slice(i, i + 100)
					.map((channelId) => dreams.start({ guildId: '100000000000000001', channelId, userId: 'u' })),
			);
		}
		await until(() => output.votesOpened >= count, 'every vote to open');
		const startSeconds = (Date.now() - startedAt) / 1000;
		for (let i = 0; i < count; i += 100) {
			await Promise.all(
				channelIds.slice(i, i + 100).map(async (channelId) => {
					const status = await dreams.status(channelId);
					if (status.kind !== 'status' || !status.view.vote) throw new Error('no vote');
					await dreams.vote({ channelId, sessionId: status.view.sessionId, round: 1, choice: 0, userId: 'u' });
				}),
			);
		}
		await sleep(1500);
		gc();
		const rssRightAfter = (process.memoryUsage().rss - rssBefore) / count;
		const after = await settled();
		const heapPerDream = (after.heapUsed - heapBefore) / count;
		const rssPerDream = (after.rss - rssBefore) / count;
		await dreams.close();
		await store.close();

		// Baseline for memory: the same records, held as plain objects.
		const baselineStore = Store.open(url, log);
		gc();
		const baseHeapBefore = process.memoryUsage().heapUsed;
		const held: unknown[] = [];
		const readStart = Date.now();
		for await (const { read } of baselineStore.channelRecords()) if (read.kind === 'ok') held.push(read.record);
		const readSeconds = (Date.now() - readStart) / 1000;
		gc();
		const recordHeap = (process.memoryUsage().heapUsed - baseHeapBefore) / held.length;
		held.length = 0;
		await baselineStore.close();

		// Resume: a new process's worth of Reverie two hours later, every vote overdue, telling at its usual pace.
		const resumeStore = Store.open(url, log);
		const resumeOutput = new NullOutput();
		const later = new Sessions({
			store: resumeStore,
			catalogue,
			teller,
			output: resumeOutput,
			log,
			defaults,
			beatDelayMs: null,
			now: () => Date.now() + 2 * 3600_000,
		});
		const resumeStart = Date.now();
		const resumed = await later.resumeAll();
		await until(() => resumeOutput.votesClosed >= count, 'every overdue vote to close');
		const resumeSeconds = (resumeOutput.lastClosedAt - resumeStart) / 1000;
		await until(() => resumeOutput.toldOn.size >= count, 'every dream to tell its next beat');
		const toldOnSeconds = (resumeOutput.lastToldOnAt - resumeStart) / 1000;
		await later.close();
		await resumeStore.close();
		await teller.close();

		const rows: Row[] = [
			{
				measure: `heap per idle dream (${count} dreams)`,
				reverie: `${(heapPerDream / 1024).toFixed(2)} KB`,
				baseline: `${(recordHeap / 1024).toFixed(2)} KB (its record held in memory)`,
				ratio: (heapPerDream / recordHeap).toFixed(2),
				target: '≤ 10 KB',
			},
			{
				measure: `RSS per idle dream, the process idle ${SETTLE_MS / 1000} s before and after`,
				reverie: `${(rssPerDream / 1024).toFixed(2)} KB`,
				baseline: '',
				ratio: '',
				target: '≤ 10 KB',
			},
			{
				measure: '… read 1.5 s after starting them (V8 still holding the burst’s heap)',
				reverie: `${(rssRightAfter / 1024).toFixed(2)} KB`,
				baseline: '',
				ratio: '',
				target: '',
			},
			{
				measure: `resume ${resumed} stored dreams, every overdue vote closed`,
				reverie: `${resumeSeconds.toFixed(2)} s`,
				baseline: `${readSeconds.toFixed(2)} s (read every record)`,
				ratio: (resumeSeconds / readSeconds).toFixed(2),
				target: '≤ 5 s',
			},
			{
				measure: `… and every one of them told on to its next beat`,
				reverie: `${toldOnSeconds.toFixed(2)} s`,
				baseline: '',
				ratio: '',
				target: '',
			},
			{
				measure: `start ${count} dreams to their first vote`,
				reverie: `${startSeconds.toFixed(2)} s`,
				baseline: '',
				ratio: '',
				target: '',
			},
		];
		printTable(`Dreams at scale (${count}), SQLite store, null channel output`, rows);
		return { rows };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
