import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const IMPORT_IT = `import { exitWithParent } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/parent-watch.ts')).href)};`;

/** Node running `code` as an ES module, with tsx to load the TypeScript module under test. */
const nodeArgs = (code: string) => ['--import', 'tsx/esm', '--input-type=module', '--eval', code];

/**
 * A story process's life in small: it has an IPC channel to its parent (as tinypool's `fork` gives it), calls
 * `exitWithParent` as it loads, tells its parent it is ready, then waits for work, or loops forever inside one step.
 */
const child = (busy: boolean) =>
	`${IMPORT_IT}
exitWithParent();
process.send('ready', () => {
	${busy ? 'for (;;) {}' : 'setInterval(() => {}, 60_000);'}
});`;

/** The bot in small: it starts the child and prints its pid once the child is ready. */
const PARENT = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, JSON.parse(process.env.CHILD_ARGS), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
child.on('message', () => console.log(child.pid));
setInterval(() => {}, 60_000);
`;

const started: number[] = [];
afterEach(() => {
	// Whatever a failed test left running.
	for (const pid of started.splice(0)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Gone already.
		}
	}
});

/** Whether `pid` still runs: a zombie (ended, not yet reaped by whoever adopted it) does not. */
function alive(pid: number): boolean {
	if (process.platform === 'linux') {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
		} catch {
			return false;
		}
	}
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Starts a parent and its child (busy or waiting), and returns both once the child is ready. */
async function family(busy: boolean): Promise<{ parent: ChildProcess; child: number }> {
	const parent = spawn(process.execPath, ['--eval', PARENT], {
		cwd: ROOT,
		env: { ...process.env, CHILD_ARGS: JSON.stringify(nodeArgs(child(busy))) },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	if (parent.pid !== undefined) started.push(parent.pid);
	let out = '';
	parent.stdout?.on('data', (chunk) => {
		out += chunk;
	});
	const pid = await waitFor('the child to be ready', () => Number.parseInt(out, 10) || undefined, {
		timeoutMs: 20_000,
	});
	started.push(pid);
	return { parent, child: pid };
}

describe('a child process whose parent is killed', () => {
	it('GIVEN a child waiting for work WHEN its parent is killed with SIGKILL THEN the child exits by itself', async () => {
		const { parent, child } = await family(false);
		expect(alive(child)).toBe(true);
		parent.kill('SIGKILL');
		await waitFor('the child to exit', () => !alive(child), { timeoutMs: 5000 });
	});

	it('GIVEN a child looping forever inside one step WHEN its parent is killed with SIGKILL THEN its watchdog kills it', async () => {
		const { parent, child } = await family(true);
		expect(alive(child)).toBe(true);
		parent.kill('SIGKILL');
		await waitFor('the child to exit', () => !alive(child), { timeoutMs: 5000 });
	});
});

/** Runs `source` (with an IPC channel to this process if `ipc`) and returns its exit code and what it printed. */
async function runToEnd(source: string, ipc: boolean): Promise<{ code: number | null; out: string }> {
	const run = spawn(process.execPath, nodeArgs(source), {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? (['ipc'] as const) : [])],
	});
	if (run.pid !== undefined) started.push(run.pid);
	let out = '';
	run.stdout?.on('data', (chunk) => {
		out += chunk;
	});
	let closed = false;
	run.on('close', () => {
		closed = true;
	});
	await waitFor('the process to end', () => closed, { timeoutMs: 20_000 });
	return { code: run.exitCode, out };
}

describe('a process watching its parent, while the parent lives', () => {
	it('GIVEN a child whose work is done WHEN nothing else holds it THEN it exits, the watchdog keeping it no longer', async () => {
		const source = `${IMPORT_IT}
exitWithParent();
process.channel.unref();
console.log('done');`;
		expect(await runToEnd(source, true)).toEqual({ code: 0, out: 'done\n' });
	});

	it.runIf(process.platform === 'linux')(
		'GIVEN a process with no IPC channel to a parent (a test, play) WHEN it calls exitWithParent THEN it starts no watchdog thread',
		async () => {
			const source = `import { readdirSync } from 'node:fs';
${IMPORT_IT}
const threads = () => readdirSync('/proc/self/task').length;
const before = threads();
exitWithParent();
setTimeout(() => console.log(JSON.stringify({ before, after: threads() })), 300);`;
			const { code, out } = await runToEnd(source, false);
			expect(code).toBe(0);
			const { before, after } = JSON.parse(out) as { before: number; after: number };
			expect(after).toBe(before);
		},
	);
});
