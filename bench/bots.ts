/**
 * The bots the click benchmarks measure, each a process of its own: Reverie from its build (as `npm start` runs it)
 * or the null bot (bench/null-bot.ts), both with `npm start`'s node arguments, and pinned to the bot's cores when the
 * bench pins (bench/pinning.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { commands as commandList } from '../commands/index.js';
import { loadCommands } from '../src/discord/command.js';
import { deployCommands } from '../src/discord/deploy.js';
import { BUILT_ENTRY, NODE_ARGS } from '../src/node-args.js';
import type { DiscordProcess } from './discord-proxy.js';

const ROOT = path.resolve(import.meta.dirname, '..');

export type BotKind = 'reverie' | 'null';

export async function startProcess(
	args: string[],
	env: Record<string, string>,
	readyText: string,
	prefix: string[] = [],
): Promise<ChildProcess> {
	// BENCH_PROFILE_DIR: each bot process writes a CPU profile there when it stops (open it in Chrome's DevTools).
	const profile = process.env.BENCH_PROFILE_DIR
		? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
		: [];
	// BENCH_NODE_FLAGS: more node flags for both bots (say `--trace-gc`); BENCH_LOG_DIR: where each bot's output is kept.
	const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
	// Both bots run with `npm start`'s node arguments (NODE_ARGS), so that they differ only in what they do. Under
	// `taskset`, which runs node in its own place: the pid is node's, for /proc.
	const [command = '', ...rest] = [...prefix, process.execPath, ...profile, ...flags, ...NODE_ARGS, ...args];
	const child = spawn(command, rest, {
		cwd: ROOT,
		env: { PATH: process.env.PATH ?? '', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	// A bench that ends early (stopped, or failed past its `finally`) must not leave the bot running without its Discord.
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	child.once('exit', () => process.off('exit', killOnExit));
	if (process.env.BENCH_LOG_DIR) {
		const name = `${path.basename(args[0] ?? 'bot', '.ts')}.${child.pid}.log`;
		child.stdout?.pipe(createWriteStream(path.join(process.env.BENCH_LOG_DIR, name)));
	}
	let ready = false;
	const lines: string[] = [];
	const onData = (chunk: Buffer) => {
		const text = String(chunk);
		lines.push(text);
		if (text.includes(readyText)) ready = true;
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	for (let waited = 0; !ready; waited += 50) {
		if (child.exitCode !== null || waited > 60_000)
			throw new Error(`process did not start: ${lines.join('').slice(-2000)}`);
		await sleep(50);
	}
	return child;
}

export async function stopProcess(child: ChildProcess) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

/** Starts Reverie or the null bot, under `prefix` (its cores). */
export const startBot = (kind: BotKind, env: Record<string, string>, prefix: string[]) =>
	kind === 'reverie'
		? startProcess([BUILT_ENTRY], env, '"msg":"dreams resumed"', prefix)
		: startProcess(['--import', 'tsx/esm', 'bench/null-bot.ts'], env, 'null bot ready', prefix);

/**
 * The bot's environment for a bench run (a SQLite store in `dir`, Discord's global limit at `globalRate`), with
 * Reverie's commands deployed to `guildIds`.
 */
export async function benchBot(
	discord: DiscordProcess,
	guildIds: string[],
	dir: string,
	voteSeconds: number,
	globalRate?: number,
): Promise<Record<string, string> & { STORE_URL: string }> {
	for (const guildId of guildIds)
		await deployCommands({
			commands: loadCommands(commandList),
			token: discord.token,
			clientId: discord.applicationId,
			guildId,
			apiUrl: discord.apiUrl,
		});
	return {
		DISCORD_TOKEN: discord.token,
		DISCORD_CLIENT_ID: discord.applicationId,
		DISCORD_API_URL: discord.apiUrl,
		STORE_URL: `sqlite://${path.join(dir, 'bench.sqlite')}`,
		BEAT_DELAY_MS: '0',
		VOTE_SECONDS: String(voteSeconds),
		LOG_LEVEL: 'info',
		...(globalRate === undefined ? {} : { DISCORD_GLOBAL_RATE: String(globalRate) }),
	};
}
