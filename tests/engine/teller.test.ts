import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
	compileFile,
	InProcessTeller,
	type Passage,
	PooledTeller,
	type RunResult,
	StoryRunner,
	type StoryTeller,
	type TellableStory,
	tellableOf,
} from '../../src/engine/index.js';
import { STORY_PROCESS_PRIORITY } from '../../src/engine/process-priority.js';
import type { Logger } from '../../src/log.js';
import { fixture, poolProcessesOf } from '../helpers.js';

interface Logged {
	object: object;
	message: string;
}

function recorder(into: Logged[]): Logger {
	const ignore = () => {};
	return { debug: ignore, info: ignore, error: ignore, warn: (object, message) => into.push({ object, message }) };
}

const warnings: Logged[] = [];
beforeEach(() => {
	warnings.length = 0;
});

// Small limits, so a hostile turn is cut short quickly.
const pooled = new PooledTeller({ processes: 2, memoryMb: 48, turnMs: 500, log: recorder(warnings) });
// For the tests of what is told, not of the limits: the processes run below the test's own threads, and on a busy
// machine compiling an upload there took longer than the small limits' 0.5 s.
const roomy = new PooledTeller({ processes: 1, memoryMb: 64, turnMs: 10_000, log: recorder(warnings) });
const inProcess = new InProcessTeller({ log: recorder(warnings) });
afterAll(() => Promise.all([pooled.close(), roomy.close(), inProcess.close()]));

function compiled(name: string) {
	const result = compileFile(fixture(name));
	if (!result.ok) throw new Error(`fixture ${name} must compile`);
	return result.compiled;
}

/** A built-in dream: its compiled JSON. */
const builtIn = (name: string): TellableStory => tellableOf(compiled(name));

/** An upload: its text, compiled in the process that tells it. */
function uploaded(name: string): TellableStory {
	const { meta } = builtIn(name);
	return {
		meta,
		fileName: path.basename(name),
		program: { kind: 'source', source: readFileSync(fixture(name), 'utf8') },
	};
}

function ok(result: RunResult): Passage {
	if (result.kind !== 'ok') throw new Error(`expected a passage, got ${JSON.stringify(result)}`);
	return result.passage;
}

/** Every passage of every path through a small dream, in order, as one teller tells it. */
async function everyPath(teller: StoryTeller, story: TellableStory): Promise<Passage[]> {
	const told: Passage[] = [];
	const walk = async (passage: Passage): Promise<void> => {
		told.push(passage);
		for (const choice of passage.choices) await walk(ok(await teller.choose(story, passage.save, choice.index)));
	};
	await walk(ok(await teller.start(story)));
	return told;
}

/** ink draws a new random seed at every start: two tellers' saves differ in it, and only in it. */
const seedless = <T>(value: T): unknown => JSON.parse(JSON.stringify(value).replace(/\\"storySeed\\":\d+/g, ''));

const tooLong = 'it runs more than 0.5 s without reaching a line or a choice (a loop or a recursion that never ends)';

describe('telling a dream in a pool of processes', () => {
	it('GIVEN a built-in dream WHEN every path is told in the pool and on this thread THEN passages and saves are equal', async () => {
		const story = builtIn('branching.ink');
		const here = await everyPath(inProcess, story);
		expect(here.filter((p) => p.ended).length).toBe(7);
		expect(seedless(await everyPath(roomy, story))).toEqual(seedless(here));
		const atCellar = here.find((p) => p.beats[0]?.scene === 'The cellar');
		if (!atCellar) throw new Error('the cellar is told on some path');
		expect(await roomy.inspect(story, atCellar.save)).toEqual(await inProcess.inspect(story, atCellar.save));
	});

	it('GIVEN a large upload and turns of 50 ms WHEN its process first loads it THEN compiling it does not count against the turn', async () => {
		const quick = new PooledTeller({ processes: 1, memoryMb: 96, turnMs: 50, log: recorder(warnings) });
		try {
			// The long wood takes far longer than 50 ms to compile; its first turn is short.
			const opening = await quick.start(uploaded('generated/the-long-wood.ink'));
			expect(opening.kind).toBe('ok');
		} finally {
			await quick.close();
		}
	});

	it('GIVEN an upload WHEN told from its source in the pool and on this thread THEN they are equal', async () => {
		const story = uploaded('sandbox/fine.ink');
		expect(seedless(await everyPath(roomy, story))).toEqual(seedless(await everyPath(inProcess, story)));
		expect(ok(await roomy.start(story)).beats).toEqual([{ text: 'You wake on a train.', scene: 'The train' }]);
	});

	it.runIf(process.platform === 'linux')(
		'GIVEN the pool telling a turn WHEN the system schedules its processes THEN they run below the bot, which keeps its priority',
		async () => {
			ok(await pooled.start(builtIn('branching.ink')));
			const stories = poolProcessesOf(process.pid);
			expect(stories.length).toBeGreaterThan(0);
			for (const pid of stories) expect(getPriority(pid)).toBe(STORY_PROCESS_PRIORITY);
			expect(getPriority()).toBeLessThan(STORY_PROCESS_PRIORITY);
		},
	);

	it('GIVEN a save made by one teller WHEN the other continues from it THEN the dream goes on as if one had told it all', async () => {
		const story = builtIn('branching.ink');
		const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));
		const openedHere = ok(await inProcess.start(story));
		const tookKey = ok(await pooled.choose(story, plain(openedHere.save), 0));
		expect(tookKey).toEqual(ok(await inProcess.choose(story, openedHere.save, 0)));
		const cellar = ok(await inProcess.choose(story, plain(tookKey.save), 1));
		expect(cellar.beats.map((b) => b.text)).toContain('The key is warm in your pocket.');
		expect(await pooled.choose(story, plain(cellar.save), 5)).toEqual({
			kind: 'invalid-choice',
			index: 5,
			available: 2,
		});
	});

	it("GIVEN an upload that does not compile WHEN told THEN it is a story error with the compiler's words, and nothing is read from the disk", async () => {
		const meta = { id: 'includes', title: 'Includes', description: '', color: 0x336699, contentHash: 'not compiled' };
		const source = readFileSync(fixture('sandbox/includes.ink'), 'utf8');
		const story: TellableStory = { meta, fileName: 'includes.ink', program: { kind: 'source', source } };
		const result = await pooled.start(story);
		expect(result).toMatchObject({ kind: 'story-error', detail: expect.stringContaining('includes nothing') });
		expect(await inProcess.start(story)).toEqual(result);
	});
});

describe('a story that overruns its turn', () => {
	it('GIVEN a story that loops forever after its first choice WHEN that choice is taken THEN the turn is a story error, and turns go on', async () => {
		const looping = builtIn('sandbox/loops-after-choice.ink');
		const opening = ok(await pooled.start(looping));
		expect(opening.choices.map((c) => c.text)).toEqual(['The left door', 'The right door']);
		expect(await pooled.choose(looping, opening.save, 0)).toEqual({ kind: 'story-error', detail: tooLong });
		// Its process was replaced: another dream's turn, and this one's, are told again.
		expect(ok(await pooled.start(builtIn('branching.ink'))).choices).toHaveLength(2);
		expect(seedless(ok(await pooled.start(looping)))).toEqual(seedless(opening));
		expect(ok(await pooled.choose(looping, opening.save, 1)).ended).toBe(true);
	});

	it('GIVEN a turn under way WHEN the pool closes (Reverie stopping) THEN the turn fails as an error to try again, not as the story breaking', async () => {
		const closing = new PooledTeller({ processes: 1, memoryMb: 48, turnMs: 30_000 });
		const looping = builtIn('sandbox/loops-after-choice.ink');
		const opening = ok(await closing.start(looping));
		const turn = closing.choose(looping, opening.save, 0);
		await closing.close();
		await expect(turn).rejects.toThrow();
	});

	it('GIVEN a hostile turn running WHEN the main thread has other work THEN that work keeps running until the turn is cut', async () => {
		const looping = builtIn('sandbox/loops-after-choice.ink');
		const opening = ok(await pooled.start(looping));
		let pending = true;
		let ran = 0;
		const other = () => {
			ran++;
			if (pending) setTimeout(other, 0);
		};
		setTimeout(other, 0);
		const result = await pooled.choose(looping, opening.save, 0);
		pending = false;
		expect(result).toEqual({ kind: 'story-error', detail: tooLong });
		expect(ran).toBeGreaterThan(20);
	});

	it('GIVEN a story that recurses without end WHEN told THEN it is a story error that says so', async () => {
		const result = await pooled.start(uploaded('sandbox/endless-recursion.ink'));
		// ink keeps its call stack on the heap, so the recursion shows as a turn that never ends (or a heap filled).
		expect(result).toMatchObject({
			kind: 'story-error',
			detail: expect.stringMatching(/a recursion that never ends|recurses/),
		});
		// The pool goes on: the next story is told (from its compiled JSON, so that a fresh process compiling a source on
		// a loaded machine does not meet this pool's short turn).
		expect(ok(await pooled.start(builtIn('sandbox/fine.ink'))).choices).toHaveLength(2);
	});

	it('GIVEN a story that grows without bound WHEN told THEN its process dies of its heap, and the story error says so', async () => {
		// A long turn limit, so the heap, not the clock, ends the turn.
		const roomy = new PooledTeller({ processes: 1, memoryMb: 48, turnMs: 30_000 });
		try {
			expect(await roomy.start(builtIn('sandbox/endless-growth.ink'))).toEqual({
				kind: 'story-error',
				detail: 'it ran out of the 48 MB a story may use (something in it grows or recurses without end)',
			});
			expect(ok(await roomy.start(builtIn('branching.ink'))).choices).toHaveLength(2);
		} finally {
			await roomy.close();
		}
	});

	it('GIVEN a story a replaced process had loaded WHEN told again THEN the pool sends it whole once more, and it is told', async () => {
		const single = new PooledTeller({ processes: 1, memoryMb: 48, turnMs: 500 });
		try {
			await single.warm();
			const story = builtIn('branching.ink');
			const opening = ok(await single.start(story));
			expect(single.programsSent).toBe(1);
			ok(await single.choose(story, opening.save, 0));
			expect(single.programsSent).toBe(1);
			const looping = builtIn('sandbox/loops-after-choice.ink');
			await single.choose(looping, ok(await single.start(looping)).save, 0);
			expect(single.programsSent).toBe(2);
			expect(ok(await single.choose(story, opening.save, 1)).beats[0]?.text).toBe('You leave it where it lies.');
			expect(single.programsSent).toBe(3);
		} finally {
			await single.close();
		}
	});
});

describe('ink runtime warnings from a pooled story', () => {
	it('GIVEN a variable read before it is set WHEN told in the pool, from JSON or source THEN it is logged as StoryRunner logs it', async () => {
		const fromRunner: Logged[] = [];
		const runner = new StoryRunner(compiled('real-world/unset-variable.ink'), { log: recorder(fromRunner) });
		ok(runner.choose(ok(runner.start()).save, 1));
		expect(fromRunner).toEqual([
			{
				object: { storyId: 'unset-variable', file: 'unset-variable.ink', line: 12 },
				message: expect.stringMatching(/^ink runtime warning: Variable not found: 'oil'/),
			},
		]);
		for (const story of [builtIn('real-world/unset-variable.ink'), uploaded('real-world/unset-variable.ink')]) {
			warnings.length = 0;
			const lit = ok(await pooled.choose(story, ok(await pooled.start(story)).save, 1));
			expect(lit.beats.map((b) => b.text)).toEqual(['You strike a match.', 'The lamp sputters out.']);
			expect(warnings).toEqual(fromRunner);
		}
	});
});
