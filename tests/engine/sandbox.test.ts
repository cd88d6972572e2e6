import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { STORY_DIR } from '../../src/engine/index.js';
import { STORY_PROCESS_PRIORITY } from '../../src/engine/process-priority.js';
import { StorySandbox } from '../../src/engine/sandbox.js';
import { fixture, poolProcessesOf } from '../helpers.js';

// Small limits, so a hostile story is refused in a few seconds.
const sandbox = new StorySandbox({ processes: 1, memoryMb: 48, exploreMs: 1000, checkMs: 3000 });
afterAll(() => sandbox.close());

const upload = (name: string) => sandbox.check(name, readFileSync(fixture(`sandbox/${name}`), 'utf8'));

describe('the story sandbox', () => {
	it('GIVEN a fine story WHEN checked in the sandbox THEN its report comes back as from the checker', async () => {
		const result = await upload('fine.ink');
		expect(result).toMatchObject({
			kind: 'checked',
			report: {
				id: 'fine',
				diagnostics: [],
				meta: { title: 'A Fine Upload' },
				stats: { branchPoints: 1, endings: ['Sleep', 'The window'] },
			},
		});
	});

	it.runIf(process.platform === 'linux')(
		'GIVEN a story being checked WHEN the system schedules the sandbox THEN it runs below the bot, which keeps its priority',
		async () => {
			expect((await upload('fine.ink')).kind).toBe('checked');
			const processes = poolProcessesOf(process.pid);
			expect(processes.length).toBeGreaterThan(0);
			for (const pid of processes) expect(getPriority(pid)).toBe(STORY_PROCESS_PRIORITY);
			expect(getPriority()).toBeLessThan(STORY_PROCESS_PRIORITY);
		},
	);

	it('GIVEN a story that loops inside one step WHEN checked THEN it is refused saying so, while the main thread goes on', async () => {
		let ticks = 0;
		const ticking = setInterval(() => ticks++, 10);
		const result = await upload('endless-loop.ink');
		clearInterval(ticking);
		expect(result).toEqual({
			kind: 'refused',
			reason: 'it runs more than 3 s without reaching a line or a choice (a loop or a recursion that never ends)',
		});
		// The main thread was free the whole time: its timer kept firing while the worker spun.
		expect(ticks).toBeGreaterThan(10);
	});

	it('GIVEN a story that recurses without end WHEN checked THEN it is refused, and the next story is checked by a new worker', async () => {
		const result = await upload('endless-recursion.ink');
		expect(result.kind).toBe('refused');
		if (result.kind === 'refused') expect(result.reason).toMatch(/recurses without end|without reaching a line/);
		expect(await upload('fine.ink')).toMatchObject({ kind: 'checked', report: { diagnostics: [] } });
	});

	it('GIVEN a story that loops WHEN another is asked of the sandbox while it runs THEN the other waits its turn, and is checked in full once the first is refused', async () => {
		const looping = upload('endless-loop.ink');
		// Asked while the loop runs: the only process is taken, and the wait is not counted against its time.
		await new Promise((resolve) => setTimeout(resolve, 500));
		const waiting = upload('fine.ink');
		expect((await looping).kind).toBe('refused');
		expect(await waiting).toMatchObject({ kind: 'checked', report: { diagnostics: [] } });
	});

	it('GIVEN a story that grows without bound WHEN checked THEN it is refused for its memory', async () => {
		// Time enough that the memory limit is the one it meets, however busy the machine (on a loaded one, 3 s ran out
		// first).
		const roomy = new StorySandbox({ processes: 1, memoryMb: 48, exploreMs: 1000, checkMs: 30_000 });
		const name = 'endless-growth.ink';
		const result = await roomy
			.check(name, readFileSync(fixture(`sandbox/${name}`), 'utf8'))
			.finally(() => roomy.close());
		expect(result).toEqual({
			kind: 'refused',
			reason: 'it ran out of the 48 MB a story may use (something in it grows or recurses without end)',
		});
	});

	it('GIVEN a story whose sticky choice loops without end WHEN explored with time to spare THEN exploring stops at its share of the memory, and the story is checked and mapped, not refused', async () => {
		// Every loop is a new state (its visit counts grow): given all the time it likes, exploring meets the memory.
		const patient = new StorySandbox({ processes: 1, memoryMb: 32, exploreMs: 60_000, checkMs: 60_000, sampleMs: 200 });
		const source = readFileSync(fixture('inky/fallback-sticky.ink'), 'utf8');
		try {
			const checked = await patient.check('fallback-sticky.ink', source);
			if (checked.kind !== 'checked') throw new Error(`refused: ${checked.reason}`);
			expect(checked.report.stats?.bounded).toBe(true);
			expect(checked.report.diagnostics.map((d) => d.message)).toContainEqual(
				expect.stringMatching(
					/^exploration stopped at its share of the memory a story may use after exploring \d+ states/,
				),
			);
			expect(checked.report.stats?.endings).toEqual(['Dawn at the well']);
			const mapped = await patient.graph('fallback-sticky.ink', source);
			expect(mapped.kind).toBe('graph');
		} finally {
			await patient.close();
		}
	});

	it('GIVEN a story that INCLUDEs a file WHEN checked from its text THEN nothing is read from the disk and it is an error', async () => {
		const result = await upload('includes.ink');
		expect(result.kind).toBe('checked');
		if (result.kind !== 'checked') return;
		expect(result.report.stats).toBeUndefined();
		expect(result.report.diagnostics.map((d) => d.message).join('\n')).toContain('includes nothing');
	});
});

describe('the scene graph in the sandbox', () => {
	it('GIVEN a fine story WHEN its graph is asked of the sandbox THEN the graph comes back as plain data', async () => {
		const result = await sandbox.graph('fine.ink', readFileSync(fixture('sandbox/fine.ink'), 'utf8'));
		expect(result.kind).toBe('graph');
		if (result.kind !== 'graph') return;
		expect(result.graph.storyId).toBe('fine');
		expect(result.graph.truncated).toBe(false);
		expect(result.graph.nodes.map((n) => n.kind)).toContain('ending');
	});

	it('GIVEN a story that loops inside one step WHEN its graph is asked THEN it is refused, as a check is', async () => {
		const result = await sandbox.graph('endless-loop.ink', readFileSync(fixture('sandbox/endless-loop.ink'), 'utf8'));
		expect(result).toEqual({
			kind: 'refused',
			reason: 'it runs more than 3 s without reaching a line or a choice (a loop or a recursion that never ends)',
		});
	});

	it("GIVEN one of Reverie's own dreams WHEN its graph is asked THEN it is explored whole, past the bound a stranger's story gets", async () => {
		const source = readFileSync(path.join(STORY_DIR, 'the-scar.ink'), 'utf8');
		const hurried = new StorySandbox({ processes: 1, memoryMb: 64, exploreMs: 1, checkMs: 8000 });
		try {
			const asStranger = await hurried.graph('the-scar.ink', source);
			const asOwn = await hurried.graph('the-scar.ink', source, { own: true });
			// Cut short at once, a stranger's story is drawn from random plays instead, and says so.
			expect(asStranger).toMatchObject({ kind: 'graph', graph: { coverage: { kind: 'sampled' } } });
			expect(asOwn).toMatchObject({ kind: 'graph', graph: { truncated: false, coverage: { kind: 'exhaustive' } } });
			if (asOwn.kind === 'graph' && asStranger.kind === 'graph')
				expect(asOwn.graph.nodes.length).toBeGreaterThanOrEqual(asStranger.graph.nodes.length);
		} finally {
			await hurried.close();
		}
	});

	it('GIVEN a story that does not compile WHEN its graph is asked THEN it is refused with its first error', async () => {
		const result = await sandbox.graph('broken.ink', '* [A choice -> nowhere_at_all\n');
		expect(result.kind).toBe('refused');
		if (result.kind === 'refused') expect(result.reason).toMatch(/^it does not compile: broken\.ink/);
	});
});

describe('a story’s zip in the sandbox', () => {
	const mill = (file: string) => new Uint8Array(readFileSync(fixture(`archives/the-mill/${file}`)));

	it('GIVEN a zip of a project WHEN unpacked in the sandbox THEN its texts and pictures come back whole', async () => {
		const zip = zipSync({
			'the-mill.ink': mill('the-mill.ink'),
			chapters: { 'river.ink': mill('chapters/river.ink'), 'loft.ink': mill('chapters/loft.ink') },
			pictures: { 'mill.png': mill('pictures/mill.png'), 'pool.gif': mill('pictures/pool.gif') },
		});
		const result = await sandbox.unpack('the-mill.zip', zip);
		if (result.kind !== 'unpacked') throw new Error(JSON.stringify(result));
		expect(result.archive.includes['chapters/river.ink']).toBe(
			readFileSync(fixture('archives/the-mill/chapters/river.ink'), 'utf8'),
		);
		expect(Buffer.from(result.archive.images['pictures/mill.png']?.base64 ?? '', 'base64')).toEqual(
			Buffer.from(mill('pictures/mill.png')),
		);
	});

	it('GIVEN a zip bomb WHEN unpacked in the sandbox THEN it is refused at the limit, and the sandbox goes on', async () => {
		const bomb = zipSync({ 'the-mill.ink': new Uint8Array(24 * 1024 * 1024) });
		expect(await sandbox.unpack('the-mill.zip', bomb)).toMatchObject({
			kind: 'refused',
			refusal: { kind: 'unpacked-too-big' },
		});
		expect(await sandbox.check('fine.ink', readFileSync(fixture('sandbox/fine.ink'), 'utf8'))).toMatchObject({
			kind: 'checked',
		});
	});
});
