import path from 'node:path';
import { REST, Routes, ShardingManager } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { NODE_ARGS } from '../node-args.js';

/**
 * Runs Reverie as several gateway shards, one process each, under discord.js's sharding manager. Each shard is this
 * same program (src/index.ts) started with the shard's id, and takes up only its own guilds' dreams.
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
	const totalShards =
		config.shards === 'auto' || config.shards === null ? await recommendedShards(config) : config.shards;
	const shardList = config.shardIds ?? [...Array(totalShards).keys()];
	const manager = new ShardingManager(path.resolve(import.meta.dirname, '../index.ts'), {
		token: config.discordToken,
		totalShards,
		shardList,
		execArgv: [...NODE_ARGS],
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
	// Discord lets one shard identify every 5 s (per max_concurrency bucket): the manager waits that long between
	// starting shards, and gives each 60 s to become ready. `amount` is the total, not how many run here: any other
	// amount makes discord.js replace the shard list with 0 to amount - 1.
	await manager.spawn({ amount: totalShards, delay: 5500, timeout: 60_000 });
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

/** As many shards as Discord (or the API at `DISCORD_API_URL`) recommends for this bot. */
async function recommendedShards(config: Config & { discordToken: string }): Promise<number> {
	const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
	const { shards } = (await rest.get(Routes.gatewayBot())) as { shards: number };
	return Math.max(1, shards);
}
