import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Found, waitFor } from '../helpers.js';

/**
 * Real Redis and PostgreSQL servers for tests, from Debian's packages (`.ci/run` installs them), each on 127.0.0.1
 * with a free port and a data folder of its own, so test files running side by side never share one. Each `start…`
 * resolves once the server answers; `stop()` ends it and removes its folder.
 */

/** A free TCP port on 127.0.0.1 (free when asked: the server that takes it starts right after). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

const run = promisify(execFile);

function onPath(binary: string): string | null {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(dir, binary);
		if (dir && existsSync(candidate)) return candidate;
	}
	return null;
}

/** Waits until the server `child` answers `check`, polling with the shared {@link waitFor}; fails at once if it exits. */
async function untilAnswering(what: string, check: () => Promise<boolean>, child: ChildProcess): Promise<void> {
	const exited = () => child.exitCode !== null || child.signalCode !== null;
	await waitFor(what, async () => exited() || (await check()), { timeoutMs: 20_000, intervalMs: 50 });
	if (exited()) throw new Error(`${what} exited before answering (${child.exitCode ?? child.signalCode})`);
}

/** Ends a child process: `signal` first, SIGKILL if it is still there after `graceMs`. */
async function end(child: ChildProcess, signal: NodeJS.Signals, graceMs = 5000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGCONT');
	child.kill(signal);
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

/** Servers still running, ended if the test process exits without stopping them (a crash, a failed hook). */
const running = new Map<ChildProcess, NodeJS.Signals>();
process.once('exit', () => {
	for (const [child, signal] of running) child.kill(signal);
});

/** Starts a server process, to be ended with `signal` should the test process exit first. */
function launchServer(
	binary: string,
	args: string[],
	options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv; cwd?: string },
	signal: NodeJS.Signals,
): ChildProcess {
	const child = spawn(binary, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
	running.set(child, signal);
	child.once('exit', () => running.delete(child));
	return child;
}

/** Keeps a server's output for the error when it fails to start. */
function capture(child: ChildProcess): () => string {
	let output = '';
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-4000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	return () => output;
}

// ── Redis ───────────────────────────────────────────────────────────────────────────────────────────────────

export function findRedisServer(): Found {
	const found = onPath('redis-server');
	return found
		? { ok: true, path: found }
		: { ok: false, reason: 'redis-server not found: install the redis-server package' };
}

export interface RedisServer {
	port: number;
	/** The URL of a database no other `freshUrl()` of this server has given: an empty store. */
	freshUrl(): string;
	/** Kills the process at once (SIGKILL), like a crash; {@link restart} brings it back on the same port. */
	kill(): Promise<void>;
	/** Starts it again on the same port and data folder (which keeps the data only with `persistent`). */
	restart(): Promise<void>;
	/** Freezes the process (SIGSTOP): connections stay open but nothing answers. */
	freeze(): void;
	/** Lets a frozen process go on (SIGCONT). */
	thaw(): void;
	stop(): Promise<void>;
}

/** Answers true once a Redis server on `port` replies to PING. */
function redisAnswers(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
	});
}

/**
 * Starts `redis-server` with no snapshots. With `persistent`, it keeps an append-only file fsynced on every write,
 * so everything it acknowledged is still there after {@link RedisServer.kill} and {@link RedisServer.restart}.
 */
export async function startRedis(binary: string, options: { persistent?: boolean } = {}): Promise<RedisServer> {
	const dir = mkdtempSync(path.join(tmpdir(), 'reverie-redis-'));
	const port = await freePort();
	const persistence = options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence];
	args.push('--dir', dir, '--databases', '1000', '--protected-mode', 'no', '--loglevel', 'warning');
	let child: ChildProcess;
	const launch = async () => {
		child = launchServer(binary, args, {}, 'SIGKILL');
		const output = capture(child);
		await untilAnswering('redis-server', () => redisAnswers(port), child).catch((error: Error) => {
			child.kill('SIGKILL');
			throw new Error(`${error.message}\n${output()}`);
		});
	};
	await launch();
	let nextDb = 0;
	return {
		port,
		freshUrl: () => `redis://127.0.0.1:${port}/${nextDb++}`,
		kill: () => end(child, 'SIGKILL'),
		restart: launch,
		freeze: () => void child.kill('SIGSTOP'),
		thaw: () => void child.kill('SIGCONT'),
		async stop() {
			await end(child, 'SIGTERM');
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

// ── PostgreSQL ──────────────────────────────────────────────────────────────────────────────────────────────

/** The newest PostgreSQL's binaries in Debian's layout (`/usr/lib/postgresql/<version>/bin`), or why not. */
export function findPostgres(): Found {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
	const bin = versions
		.sort((a, b) => Number(b) - Number(a))
		.map((v) => path.join(root, v, 'bin'))
		.find((dir) => ['initdb', 'postgres', 'pg_isready', 'psql'].every((b) => existsSync(path.join(dir, b))));
	if (!bin) return { ok: false, reason: 'PostgreSQL (initdb, postgres) not found: install the postgresql package' };
	if (process.getuid?.() === 0 && userIds('postgres') === null)
		return { ok: false, reason: 'running as root and there is no postgres user to run PostgreSQL as' };
	return { ok: true, path: bin };
}

function userIds(name: string): { uid: number; gid: number } | null {
	try {
		const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
		return { uid, gid };
	} catch {
		return null;
	}
}

export interface PostgresServer {
	port: number;
	/** The URL of a new, empty database on the server. */
	freshUrl(): Promise<string>;
	/** Shuts the server down (it ends every connection), keeping its data for {@link restart}. */
	halt(): Promise<void>;
	/** Starts it again on the same port and data. */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the binaries in `bin` (see {@link findPostgres}): `initdb` into a temporary folder, then
 * `postgres` in the foreground, TCP on 127.0.0.1 only, trusting local connections, with durability off (it is
 * thrown away afterwards). PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startPostgres(bin: string): Promise<PostgresServer> {
	const dir = mkdtempSync(path.join(tmpdir(), 'reverie-pg-'));
	const data = path.join(dir, 'data');
	const user = process.getuid?.() === 0 ? userIds('postgres') : null;
	if (user) chownSync(dir, user.uid, user.gid);
	const as = user ? { uid: user.uid, gid: user.gid } : {};
	const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
	const tool = (name: string) => path.join(bin, name);
	execFileSync(
		tool('initdb'),
		['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
		{ ...as, env, cwd: dir, stdio: 'pipe' },
	);
	const port = await freePort();
	const settings = {
		listen_addresses: '127.0.0.1',
		unix_socket_directories: '',
		fsync: 'off',
		synchronous_commit: 'off',
		full_page_writes: 'off',
		max_connections: '100',
	};
	const args = ['-D', data, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
	const ready = () =>
		run(tool('pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres']).then(
			() => true,
			() => false,
		);
	let child: ChildProcess;
	const launch = async () => {
		// SIGQUIT: PostgreSQL's immediate shutdown, which also ends its backends.
		child = launchServer(tool('postgres'), args, { ...as, env, cwd: dir }, 'SIGQUIT');
		const output = capture(child);
		await untilAnswering('postgres', ready, child).catch(async (error: Error) => {
			await end(child, 'SIGKILL');
			throw new Error(`${error.message}\n${output()}`);
		});
	};
	await launch();
	const psql = (sql: string) =>
		run(tool('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-qc', sql], { env });
	let nextDb = 0;
	return {
		port,
		async freshUrl() {
			const name = `reverie_${nextDb++}`;
			await psql(`CREATE DATABASE ${name}`);
			return `postgresql://postgres@127.0.0.1:${port}/${name}`;
		},
		// SIGINT is PostgreSQL's fast shutdown: it ends the open connections and stops.
		halt: () => end(child, 'SIGINT'),
		restart: launch,
		async stop() {
			await end(child, 'SIGINT');
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
