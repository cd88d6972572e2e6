/**
 * How much CPU a bot used, and where: its main thread (where clicks are answered), its other threads (libuv's pool,
 * where SQLite runs, and V8's helpers, such as the garbage collector's), the process as a whole, and its child
 * processes (the story pool, the sandbox, the map painter).
 * Read from Linux's /proc; elsewhere nothing is measured.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time in ms, by where it went. */
export interface CpuUse {
	main: number;
	threads: number;
	/**
	 * The whole process, all its threads (those ended too): utime + stime of /proc/<pid>/stat. The sum of `main` and
	 * `threads` misses the threads that ended.
	 */
	process: number;
	children: number;
}

let ticksPerSecond: number | undefined;
function msPerTick(): number {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}
	return 1000 / ticksPerSecond;
}

/** The fields of a /proc stat file after the command's name (which may hold spaces): [state, ppid, …]. */
function statFields(file: string): string[] | null {
	try {
		const text = readFileSync(file, 'utf8');
		return text.slice(text.lastIndexOf(')') + 2).split(' ');
	} catch {
		return null; // gone meanwhile
	}
}

/** utime + stime, in ticks. */
const ticksOf = (fields: string[]) => Number(fields[11]) + Number(fields[12]);

function childrenOf(pid: number): number[] {
	const all = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	const parents = new Map<number, number[]>();
	for (const name of all) {
		const fields = statFields(`/proc/${name}/stat`);
		if (!fields) continue;
		const ppid = Number(fields[1]);
		parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
	}
	const found: number[] = [];
	const visit = (of: number) => {
		for (const child of parents.get(of) ?? []) {
			found.push(child);
			visit(child);
		}
	};
	visit(pid);
	return found;
}

/** What the process and its living children have used so far; null where there is no /proc. */
export function cpuUse(pid: number | undefined): CpuUse | null {
	if (pid === undefined) return null;
	let tasks: string[];
	try {
		tasks = readdirSync(`/proc/${pid}/task`);
	} catch {
		return null;
	}
	const use: CpuUse = { main: 0, threads: 0, process: 0, children: 0 };
	const own = statFields(`/proc/${pid}/stat`);
	if (own) use.process = ticksOf(own);
	for (const tid of tasks) {
		const fields = statFields(`/proc/${pid}/task/${tid}/stat`);
		if (fields) use[Number(tid) === pid ? 'main' : 'threads'] += ticksOf(fields);
	}
	for (const child of childrenOf(pid)) {
		const fields = statFields(`/proc/${child}/stat`);
		if (fields) use.children += ticksOf(fields);
	}
	const tick = msPerTick();
	return {
		main: use.main * tick,
		threads: use.threads * tick,
		process: use.process * tick,
		children: use.children * tick,
	};
}

/** What was used between two readings, as a share of one core over `ms` (children that ended meanwhile are missed). */
export function cpuShare(before: CpuUse | null, after: CpuUse | null, ms: number): CpuUse | null {
	if (!before || !after || ms <= 0) return null;
	const share = (key: keyof CpuUse) => Math.max(0, after[key] - before[key]) / ms;
	return { main: share('main'), threads: share('threads'), process: share('process'), children: share('children') };
}
