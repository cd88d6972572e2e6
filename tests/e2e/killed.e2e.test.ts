import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, waitFor } from '../helpers.js';
import { closeScene, QUICK_TIMINGS, Scene } from './harness.js';

let scene: Scene | null = null;
afterEach(async (context) => {
	// Closing kills the bot's process group: whatever a failed test left running goes with it.
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

const ATTACHMENT = 11;

/** A process's fields in /proc/<pid>/stat after its name: [0] is its state, [11] and [12] its CPU time in ticks. */
function statOf(pid: number): string[] | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		return null;
	}
}

/** Whether `pid` still runs: a zombie (ended, not yet reaped by whoever adopted it) does not. */
const alive = (pid: number) => (statOf(pid)?.[0] ?? 'Z') !== 'Z';

/** Every process under `pid`: its children, theirs, and so on (from /proc, each thread's children). */
function descendantsOf(pid: number): number[] {
	let tasks: string[];
	try {
		tasks = readdirSync(`/proc/${pid}/task`);
	} catch {
		return [];
	}
	const children = tasks.flatMap((task) => {
		try {
			return readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
		} catch {
			return [];
		}
	});
	return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

const commandLine = (pid: number) => {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
	} catch {
		return [];
	}
};

/**
 * The bot's pools' processes by kind, told apart by the heap each gets: the sandbox's is the smallest, and the story
 * processes' also limit their stack, which the map painter's does not.
 */
function poolsOf(pid: number): { story: number[]; sandbox: number[]; painter: number[] } {
	const pools = { story: [] as number[], sandbox: [] as number[], painter: [] as number[] };
	for (const child of descendantsOf(pid)) {
		const args = commandLine(child);
		if (!args.some((arg) => arg.includes('tinypool'))) continue;
		if (args.includes('--max-old-space-size=64')) pools.sandbox.push(child);
		else if (args.some((arg) => arg.startsWith('--stack-size='))) pools.story.push(child);
		else pools.painter.push(child);
	}
	return pools;
}

/** CPU time a process has used, in ticks (a hundredth of a second on Linux). */
const cpuTicks = (pid: number) => {
	const stat = statOf(pid);
	return stat ? Number(stat[11]) + Number(stat[12]) : 0;
};

describe('a killed bot', () => {
	it.runIf(process.platform === 'linux')(
		'GIVEN Reverie telling a dream, drawing its map and checking an upload stuck in an endless loop WHEN it is killed with SIGKILL THEN none of its child processes is left',
		async () => {
			const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS });
			scene = s;
			await s.startBot();
			const bot = s.bot?.pid;
			if (bot === undefined) throw new Error('the bot is not running');

			// Both built-in dreams told, and each one's map drawn: story processes and the map painter. The maps have both
			// dreams explored in the sandbox, so the upload below is the next thing it runs.
			for (const [channel, dream] of [
				['dreams', 'the-corridor'],
				['lounge', 'the-stair'],
			] as const) {
				await s.dream('Alice', channel, 'start', [{ type: 3, name: 'story', value: dream }]);
				await s.vote(channel, 1);
				const map = await s.dream('Bob', channel, 'map');
				await waitFor(`the map in #${channel}`, () => s.answer(map)?.attachments?.length, { timeoutMs: 30_000 });
			}

			// A moderator adds a story that loops forever inside one step: the sandbox spins on it until its time runs
			// out, which nobody enforces once the bot is gone.
			const spin = s.discord.attachments.upload({
				filename: 'spin.ink',
				content: readFileSync(fixture('sandbox/endless-loop.ink')),
			});
			s.dream('Carol', 'dreams', 'add', [{ type: ATTACHMENT, name: 'file', value: spin.id }]).catch(() => {});
			// Loading the checker and compiling a story take the sandbox's process about a second of CPU: past one and a
			// half, it is in the loop.
			const sandbox = await waitFor('the sandbox to be in the endless loop', () =>
				poolsOf(bot).sandbox.find((pid) => cpuTicks(pid) > 150),
			);

			const pools = poolsOf(bot);
			expect(pools.story.length).toBeGreaterThan(0);
			expect(pools.painter).toHaveLength(1);
			expect(pools.sandbox).toEqual([sandbox]);
			const children = descendantsOf(bot);

			// Only the bot itself, not its process group (as `Scene.kill` does): its children must go by themselves.
			process.kill(bot, 'SIGKILL');
			await waitFor('none of the killed bot’s children to be left', () => children.every((pid) => !alive(pid)), {
				timeoutMs: 5000,
			}).catch(() => {
				throw new Error(
					`still running after the bot was killed: ${children
						.filter(alive)
						.map((pid) => `${pid} ${commandLine(pid).join(' ')}`)
						.join('; ')}`,
				);
			});
		},
		120_000,
	);
});
