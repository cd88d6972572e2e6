/**
 * The bench's side of the local Discord in its own process (bench/discord-process.ts): starts it, under `taskset`
 * when pinned, and asks it over Node's IPC channel (bench/discord-protocol.ts says what it answers).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { DiscordSpec, Op, Ops, Reply, Request, StartedDiscord } from './discord-protocol.js';

const ROOT = path.resolve(import.meta.dirname, '..');

export class DiscordProcess {
	private next = 0;
	private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	private info: StartedDiscord | undefined;

	private constructor(private readonly child: ChildProcess) {
		child.on('message', (reply: Reply) => {
			const waiter = this.waiting.get(reply.id);
			this.waiting.delete(reply.id);
			if (reply.ok) waiter?.resolve(reply.value);
			else waiter?.reject(new Error(`local Discord: ${reply.error}`));
		});
		child.once('exit', (code, signal) => {
			for (const waiter of this.waiting.values())
				waiter.reject(new Error(`the local Discord's process ended (${signal ?? code})`));
			this.waiting.clear();
		});
	}

	/** Starts a local Discord in a process of its own, run under `prefix` (say `taskset -c 0`). */
	static async start(spec: DiscordSpec, prefix: string[] = []): Promise<DiscordProcess> {
		const args = [process.execPath, '--import', 'tsx/esm', path.join('bench', 'discord-process.ts')];
		const [command = '', ...rest] = [...prefix, ...args];
		// Advanced serialization: a delay that was never measured is NaN, which JSON would turn into null.
		const child = spawn(command, rest, {
			cwd: ROOT,
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			serialization: 'advanced',
		});
		// A bench that ends early must not leave it running.
		const killOnExit = () => child.kill('SIGKILL');
		process.once('exit', killOnExit);
		child.once('exit', () => process.off('exit', killOnExit));
		const discord = new DiscordProcess(child);
		try {
			discord.info = await discord.call('start', spec);
		} catch (error) {
			child.kill('SIGKILL');
			throw error;
		}
		return discord;
	}

	/** Asks the local Discord's process, and waits for its answer. */
	call<K extends Op>(op: K, args: Ops[K][0]): Promise<Ops[K][1]> {
		const id = this.next++;
		return new Promise((resolve, reject) => {
			if (!this.child.connected) {
				reject(new Error(`the local Discord's process is gone (asked: ${op})`));
				return;
			}
			this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
			const request: Request<K> = { id, op, args };
			this.child.send(request);
		});
	}

	private get started(): StartedDiscord {
		if (!this.info) throw new Error('the local Discord is not started');
		return this.info;
	}

	get token(): string {
		return this.started.token;
	}

	get applicationId(): string {
		return this.started.applicationId;
	}

	get apiUrl(): string {
		return this.started.apiUrl;
	}

	get guilds(): StartedDiscord['guilds'] {
		return this.started.guilds;
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	/** Stops the local Discord and its process. */
	async stop(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		await this.call('stop', null).catch(() => {});
		this.child.disconnect();
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
	}
}
