import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BUILT_ENTRY, NODE_ARGS } from '../../src/node-args.js';
import { waitFor } from '../helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/**
 * `npm start`'s command, after its build (the suite's global setup builds once): node itself runs Reverie, so a signal
 * reaches the bot, not a wrapper.
 */
const START = [process.execPath, [...NODE_ARGS, BUILT_ENTRY]] as const;

/** The lines a starting copy can be waited for. */
export const SAID = {
	/** It owns its guilds and has taken up their dreams (each shard of a sharded copy says it). */
	resumed: '"msg":"dreams resumed"',
	/**
	 * Another copy owns its guilds (of its own shard layout, or of another): it waits, and takes up no dream until it
	 * takes over.
	 */
	'standing by': 'owns these guilds; standing by"',
} as const;

/** What {@link BotCopies.start} waits for: one of {@link SAID}'s lines, whichever comes first, or nothing. */
export type StartWait = keyof typeof SAID | 'either' | 'nothing';

/**
 * Copies of Reverie as real processes, side by side, each under a name, all with the same token and store (as in a
 * rolling deploy, or managers on several machines). Every line a copy prints is kept as it is in its own output
 * (`outputOf`), and prefixed with `[name] ` in the output of all of them (`output`).
 *
 * Each copy runs in its own process group, so killing it (SIGKILL) takes its shards and story processes with it, as
 * a machine that dies would; stopping it (SIGTERM) signals only the copy itself, which stops its own children.
 */
export class BotCopies {
	readonly output: string[] = [];
	private readonly running = new Map<string, ChildProcess>();
	private readonly lines = new Map<string, string[]>();
	private readonly envs = new Map<string, Record<string, string>>();

	constructor(private readonly baseEnv: () => Record<string, string>) {}

	/**
	 * Starts the copy `name` with `env` over the scene's (remembered for that name's next start), and waits until it
	 * says what `wait` asks for, which it returns (`null` for `nothing`).
	 */
	async start(
		name: string,
		env: Record<string, string> = {},
		{
			waitFor: wait = 'resumed',
			timeoutMs = 30_000,
			wrap = [],
		}: { waitFor?: StartWait; timeoutMs?: number; wrap?: readonly string[] } = {},
	): Promise<keyof typeof SAID | null> {
		if (this.running.has(name)) throw new Error(`the copy ${name} is already running`);
		const copyEnv = { ...this.envs.get(name), ...env };
		this.envs.set(name, copyEnv);
		// `wrap` runs the copy under another command (e.g. `unshare`, to run it as if on another machine).
		const [command, ...args] = [...wrap, START[0], ...START[1]];
		const child = spawn(command ?? START[0], args, {
			cwd: ROOT,
			env: { ...this.baseEnv(), ...copyEnv },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.running.set(name, child);
		const own = this.lines.get(name) ?? [];
		this.lines.set(name, own);
		const from = own.length;
		const onLine = (line: string) => {
			own.push(line);
			this.output.push(`[${name}] ${line}`);
		};
		eachLine(child.stdout, onLine);
		eachLine(child.stderr, onLine);
		if (wait === 'nothing') return null;
		const wanted = (wait === 'either' ? ['resumed', 'standing by'] : [wait]) as (keyof typeof SAID)[];
		return waitFor(
			`the copy ${name} to say it is ${wanted.join(' or ')}`,
			() => {
				if (child.exitCode !== null || child.signalCode !== null)
					throw new Error(`the copy ${name} exited: ${own.slice(-5).join('\n')}`);
				return wanted.find((said) => own.slice(from).some((line) => line.includes(SAID[said])));
			},
			{ timeoutMs, intervalMs: 50 },
		);
	}

	/** Stops the copy `name` as an admin would (SIGTERM) and returns its exit code (`null` if it was not running). */
	async stop(name: string): Promise<number | null> {
		const child = this.running.get(name);
		if (!child) return null;
		this.running.delete(name);
		if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
		const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
		child.kill('SIGTERM');
		return exited;
	}

	/** Kills the copy `name` at once (SIGKILL to its process group: no chance to save anything). */
	async kill(name: string): Promise<void> {
		const child = this.running.get(name);
		if (!child) return;
		this.running.delete(name);
		if (child.pid !== undefined) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// The group is gone already.
			}
		}
		if (child.exitCode === null && child.signalCode === null)
			await new Promise((resolve) => child.once('exit', resolve));
	}

	async killAll(): Promise<void> {
		await Promise.all([...this.running.keys()].map((name) => this.kill(name)));
	}

	/** The copy's process while it runs. */
	process(name: string): ChildProcess | undefined {
		return this.running.get(name);
	}

	/** Every line the copy `name` has printed, over all its starts, without the prefix. */
	outputOf(name: string): string[] {
		return this.lines.get(name) ?? [];
	}
}

/** Calls `onLine` for each whole line a stream prints (a line may arrive over several chunks). */
function eachLine(stream: Readable | null, onLine: (line: string) => void): void {
	let rest = '';
	stream?.on('data', (chunk: Buffer) => {
		const parts = (rest + String(chunk)).split('\n');
		rest = parts.pop() ?? '';
		for (const line of parts) if (line) onLine(line);
	});
	stream?.on('end', () => {
		if (rest) onLine(rest);
		rest = '';
	});
}
