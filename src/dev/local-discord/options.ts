import type { KeptFiles } from './attachments.js';
import type { ChannelRate } from './rate-limits.js';
import type { WorldSpec } from './world.js';

/** How to start a local Discord: its world, and where it listens. */
export interface LocalDiscordOptions {
	world: WorldSpec;
	/** 0 (the default) for any free port. */
	port?: number;
	/** The number of shards `GET /gateway/bot` recommends. */
	shards?: number;
	/**
	 * How many shards may identify at once, `GET /gateway/bot`'s `session_start_limit.max_concurrency`: 1 for most bots
	 * (the default), 16 or more for large ones.
	 */
	maxConcurrency?: number;
	/**
	 * A folder that keeps the files posted in messages across restarts (the playground's), within a bound; left
	 * out, as in the tests, they live in memory only.
	 */
	keepFiles?: Omit<KeptFiles, 'log'>;
	/**
	 * Each channel's budget for posts, and apart for edits: Discord's (`CHANNEL_RATE`, 5 per 5 s) when left out,
	 * as the playground and every test of pacing have it. For tests only: an end-to-end test that is not about pacing
	 * may give a shorter window, so a dream is told in less time; the bot still reads its budget from the headers and
	 * must keep to it (a 429 it earns is a violation all the same).
	 */
	channelRate?: ChannelRate;
	/**
	 * The bot's channel requests a second, all channels together: Discord's 50 when left out, or what Discord raised it
	 * to for a large bot (Reverie's `DISCORD_GLOBAL_RATE`). Over it, a 429 with `x-ratelimit-global`.
	 */
	globalRate?: number;
	log?: (line: string) => void;
}
