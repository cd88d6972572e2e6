/**
 * Pinning the click benchmarks' processes to cores with `taskset` (util-linux): the local Discord and this process
 * (the bench's driver) on the first core this process may use, the bot on the others (on two cores: Discord on core 0,
 * the bot on core 1), so that the bot and the Discord measuring it do not take turns on one core, and the figures do
 * not depend on where the scheduler put each. The bot's child processes inherit its core. `BENCH_PIN=0` turns it off;
 * without `taskset` or a second core nothing is pinned, and the bench says so.
 */
import { execFileSync } from 'node:child_process';

export interface Pinning {
	/** What to run the local Discord's process under (`[]`: as it is). */
	discord: string[];
	/** What to run the bot's process under. */
	bot: string[];
	/** One line saying how things were pinned, printed and saved with the results. */
	note: string;
	/** Gives this process back the cores it had. */
	release: () => void;
}

/** `0-2,5` → [0, 1, 2, 5], as taskset prints and reads a list of cores. */
export function parseCpuList(list: string): number[] {
	return list
		.trim()
		.split(',')
		.filter(Boolean)
		.flatMap((part) => {
			const [from = '', to = from] = part.split('-');
			const [a, b] = [Number(from), Number(to)];
			return Number.isInteger(a) && Number.isInteger(b) ? Array.from({ length: b - a + 1 }, (_, i) => a + i) : [];
		});
}

/** The cores a process may run on, as taskset reads them ("pid 12's current affinity list: 0,1"); null without it. */
function coresOf(pid: number): number[] | null {
	try {
		const out = execFileSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8', stdio: 'pipe' });
		return parseCpuList(out.slice(out.lastIndexOf(':') + 1));
	} catch {
		return null;
	}
}

/** Sets every thread of a process to these cores. */
const setCores = (pid: number, cores: number[]) =>
	execFileSync('taskset', ['-a', '-c', '-p', cores.join(','), String(pid)], { stdio: 'ignore' });

/**
 * Pins this process to the local Discord's core now, and says what to start the local Discord and the bot under.
 * Call `release` when the benchmark is done.
 */
export function pinCores(): Pinning {
	const none = (why: string): Pinning => ({ discord: [], bot: [], note: `not pinned: ${why}`, release: () => {} });
	if (process.env.BENCH_PIN === '0') return none('BENCH_PIN=0');
	if (process.platform !== 'linux') return none('taskset is Linux only');
	const cores = coresOf(process.pid);
	if (!cores) return none('taskset (util-linux) not found');
	const [first, ...rest] = cores;
	if (first === undefined || rest.length === 0) return none(`this process may use ${cores.length} core, 2 are needed`);
	try {
		setCores(process.pid, [first]);
	} catch (error) {
		return none(`taskset could not pin this process (${(error as Error).message.split('\n')[0]})`);
	}
	const list = (of: number[]) => (of.length === 1 ? `core ${of[0]}` : `cores ${of.join(',')}`);
	return {
		discord: ['taskset', '-c', String(first)],
		bot: ['taskset', '-c', rest.join(',')],
		note: `pinned with taskset: the local Discord and the bench's driver on ${list([first])}, the bot and its child processes on ${list(rest)}`,
		release: () => {
			try {
				setCores(process.pid, cores);
			} catch {
				// The process keeps the one core; only the benchmarks after this one would feel it.
			}
		},
	};
}
