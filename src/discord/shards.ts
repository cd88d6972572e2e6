import path from 'node:path';
import { REST, Routes, ShardingManager } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';

/**
 * Runs Reverie as several gateway shards, one process each, under discord.js's sharding manager. Each shard is this
 * same program (`npm start`'s) started with the shard's id, and takes up only its own guilds' dreams.
 *
 * Why this is safe with the per-channel lock, which lives in one process's memory: Discord puts every guild on
 * exactly one shard (shard = (guild_id >> 22) % shard_count), so a channel's interactions, timers and narration all
 * happen in one process, and its lock serializes them there. The shards share the store (Redis or PostgreSQL).
 *
 * With `SHARD_IDS` this machine runs only those shards of the total (`SHARDS`), and other machines, on the same store,
 * run the rest: discord.js's `shardList`, with `totalShards` the total, so each shard identifies as `[id, total]`.
 */
export async function runShards(
	config: Config & { discordToken: string },
	log: Logger,
): Promise<{ stop(): Promise<void> }> {
	const gateway = await gatewayOf(config);
	const totalShards = config.shards === 'auto' || config.shards === null ? gateway.shards : config.shards;
	const shardList = config.shardIds ?? [...Array(totalShards).keys()];
	// Each shard runs the program its manager runs, as node runs it (the build, or the sources through tsx).
	const manager = new ShardingManager(path.resolve(process.argv[1] ?? ''), {
		token: config.discordToken,
		totalShards,
		shardList,
		execArgv: process.execArgv,
		respawn: true,
	});
	manager.on('shardCreate', (shard) => {
		log.info({ shard: shard.id, of: totalShards }, 'shard starting');
		shard.on('spawn', (child) =>
			log.info({ shard: shard.id, pid: 'pid' in child ? child.pid : undefined }, 'shard process started'),
		);
		shard.on('death', (child) =>
			log.warn({ shard: shard.id, exitCode: 'exitCode' in child ? child.exitCode : undefined }, 'shard process ended'),
		);
	});
	log.info({ shardIds: shardList, of: totalShards }, 'this machine runs these shards');
	// `amount` is the total, not how many run here: any other amount makes discord.js replace the shard list with 0 to
	// amount - 1. Each shard has 60 s to become ready.
	await manager.spawn({ amount: totalShards, delay: spawnDelayMs(gateway.maxConcurrency), timeout: 60_000 });
	log.info({ shardIds: shardList, of: totalShards }, 'every shard of this machine started');
	return {
		async stop() {
			manager.respawn = false;
			const exits = [...manager.shards.values()].map(
				(shard) =>
					new Promise<void>((resolve) => {
						const child = shard.process;
						if (!child || child.exitCode !== null) return resolve();
						child.once('exit', () => resolve());
						child.kill('SIGTERM');
					}),
			);
			await Promise.all(exits);
		},
	};
}

/** Discord lets one shard of a bucket (`shard id % max_concurrency`) identify every 5 s; a little more, to be safe. */
const IDENTIFY_INTERVAL_MS = 5500;

/**
 * The wait between starting two shards: shards started one after another fall into buckets in turn, so with
 * `max_concurrency` buckets the next shard of a bucket starts a whole interval after the last one. A bot with the
 * usual `max_concurrency` of 1 waits 5.5 s between shards; a large bot, whose limit Discord raised, far less.
 */
export function spawnDelayMs(maxConcurrency: number): number {
	return Math.ceil(IDENTIFY_INTERVAL_MS / Math.max(1, Math.floor(maxConcurrency)));
}

/**
 * How many shards Discord (or the API at `DISCORD_API_URL`) recommends for this bot, and how many may identify at
 * once (`session_start_limit.max_concurrency`; 1 when the answer has none).
 */
async function gatewayOf(
	config: Config & { discordToken: string },
): Promise<{ shards: number; maxConcurrency: number }> {
	const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
	const answer = (await rest.get(Routes.gatewayBot())) as {
		shards: number;
		session_start_limit?: { max_concurrency?: number };
	};
	return { shards: Math.max(1, answer.shards), maxConcurrency: answer.session_start_limit?.max_concurrency ?? 1 };
}
