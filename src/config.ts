import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Reverie's configuration, read from the environment (and `.env`, when there is one) and checked in one place. */
export interface Config {
	discordToken: string | null;
	discordClientId: string | null;
	/** Register commands to this server only (instant), instead of globally. */
	discordGuildId: string | null;
	/** Base URL of the REST API, without the version (`https://discord.com/api`), or `null` for Discord's own. */
	discordApiUrl: string | null;
	storeUrl: string;
	/**
	 * `STORY_DIR`: the folder whose `.ink` files are the built-in dreams, resolved; `null` for the dreams that come with
	 * Reverie (`story/`).
	 */
	storyDir: string | null;
	/**
	 * How long a server's upload may take in the sandbox before it is refused as stuck, in seconds: null for the
	 * sandbox's own bound; `TEST_CHECK_SECONDS` (tests only) for less.
	 */
	checkSeconds: number | null;
	/** How soon a story night may be planned, in seconds: null for a minute; `TEST_NIGHT_LEAD_SECONDS` (tests only) for less. */
	nightLeadSeconds: number | null;
	/** The vote window for servers that have not set theirs: `VOTE_SECONDS`, or `TEST_VOTE_SECONDS` (tests only). */
	voteSeconds: number;
	/** The pace of the beats for servers that have not set theirs. */
	pace: 'slow' | 'normal' | 'fast';
	/** The bot's global limit on Discord's requests a second (`DISCORD_GLOBAL_RATE`): 50 unless Discord raised it. */
	globalRate: number;
	/** A fixed pause after each beat in ms; `null` for the reading-time rule; `0` for none at all. */
	beatDelayMs: number | null;
	logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
	/**
	 * `SHARDS`: run under discord.js's sharding manager with this many shards (`auto`: as many as Discord
	 * recommends), or `null` for one process. `SHARD_COUNT` is another name for it. Always `null` inside a shard's own
	 * process.
	 */
	shards: number | 'auto' | null;
	/**
	 * `SHARD_IDS`: the shards this machine runs, ascending, when the bot's shards are split over several machines
	 * (`shards` is then their total, a number); `null` for all of them. Always `null` inside a shard's own process.
	 */
	shardIds: number[] | null;
}

/**
 * Whether this process is a shard started by the sharding manager. discord.js then sets `SHARDS` (the shard's own id)
 * and `SHARD_COUNT` itself, and the shard inherits the manager's `SHARD_IDS`: none of Reverie's sharding settings
 * apply here. The manager forks each shard with a channel to itself (`forked`); without one, those variables are an
 * operator's (`SHARDING_MANAGER=true` copied from a guide, say), and this process is the manager.
 */
export function isShardProcess(
	env: NodeJS.ProcessEnv = process.env,
	forked: boolean = typeof process.send === 'function',
): boolean {
	return forked && env.SHARDING_MANAGER === 'true' && env.SHARD_COUNT !== undefined;
}

/** A configuration value that cannot be used, naming the variable. */
export class ConfigError extends Error {
	constructor(
		readonly variable: string,
		problem: string,
	) {
		super(`${variable}: ${problem}`);
	}
}

const snowflake = z.string().regex(/^\d{15,21}$/, 'must be a Discord id (a number of 15 to 21 digits)');
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const shardCount = z
	.union([
		z.literal('auto'),
		z.coerce
			.number({ error: 'must be "auto" or a number of shards' })
			.int('must be "auto" or a whole number of shards')
			.min(1, 'must be "auto" or at least 1')
			.max(4096),
	])
	.optional();

/** `SHARD_IDS`' syntax: ids and ranges separated by commas, such as `0-3,6`, as `[first, last]` pairs. */
const shardRanges = z
	.string()
	.transform((text, ctx) => {
		const parts = text.split(',').map((part) => part.trim());
		if (parts.every((part) => part === '')) {
			ctx.addIssue({ code: 'custom', message: 'names no shard: list ids and ranges such as 0-3,6' });
			return z.NEVER;
		}
		const ranges: [number, number][] = [];
		for (const part of parts) {
			if (part === '') continue;
			const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
			if (!match) {
				ctx.addIssue({ code: 'custom', message: `"${part}" is not a shard id or a range such as 0-3` });
				return z.NEVER;
			}
			const first = Number(match[1]);
			const last = match[2] === undefined ? first : Number(match[2]);
			if (last < first) {
				ctx.addIssue({ code: 'custom', message: `"${part}" is a range that ends before it starts` });
				return z.NEVER;
			}
			ranges.push([first, last]);
		}
		return ranges;
	})
	.optional();

const fields = {
	DISCORD_TOKEN: z.preprocess(blankToUndefined, z.string().min(20, 'does not look like a bot token').optional()),
	DISCORD_CLIENT_ID: z.preprocess(blankToUndefined, snowflake.optional()),
	DISCORD_GUILD_ID: z.preprocess(blankToUndefined, snowflake.optional()),
	DISCORD_API_URL: z.preprocess(
		blankToUndefined,
		z
			.string()
			.url('must be a URL such as https://discord.com/api')
			.refine((u) => /^https?:\/\//.test(u), 'must be an http or https URL')
			.transform((u) => u.replace(/\/+$/, '').replace(/\/v\d+$/, ''))
			.optional(),
	),
	STORE_URL: z.preprocess(
		blankToUndefined,
		z
			.string()
			.regex(
				/^(sqlite|rediss?|postgres|postgresql):\/\/.+/,
				'must be sqlite://path/to/file.sqlite, redis://host:6379 or postgresql://user:password@host:5432/database',
			)
			.default('sqlite://data/reverie.sqlite'),
	),
	STORY_DIR: z.preprocess(blankToUndefined, z.string().transform(readStoryDir).optional()),
	VOTE_SECONDS: z.preprocess(
		blankToUndefined,
		z.coerce.number().int('must be a whole number of seconds').min(10).max(3600).default(60),
	),
	// For tests and development only: a vote window under VOTE_SECONDS' floor (see TEST_ONLY below).
	TEST_VOTE_SECONDS: z.preprocess(
		blankToUndefined,
		z.coerce.number().int('must be a whole number of seconds').min(1).max(3600).optional(),
	),
	// For tests only: a shorter bound on an upload's check in the sandbox (see TEST_ONLY below).
	TEST_CHECK_SECONDS: z.preprocess(
		blankToUndefined,
		z.coerce.number().int('must be a whole number of seconds').min(1).max(60).optional(),
	),
	// For tests only: a story night that may begin sooner than a minute after it is planned (see TEST_ONLY below).
	TEST_NIGHT_LEAD_SECONDS: z.preprocess(
		blankToUndefined,
		z.coerce.number().int('must be a whole number of seconds').min(1).max(60).optional(),
	),
	DISCORD_GLOBAL_RATE: z.preprocess(
		blankToUndefined,
		z.coerce.number().int('must be a whole number of requests a second').min(1).max(100_000).default(50),
	),
	PACE: z.preprocess(
		blankToUndefined,
		z.enum(['slow', 'normal', 'fast'], { error: 'must be slow, normal or fast' }).default('normal'),
	),
	BEAT_DELAY_MS: z.preprocess(
		blankToUndefined,
		z.coerce.number().int('must be a whole number of milliseconds').min(0).max(60_000).optional(),
	),
	SHARDS: z.preprocess(blankToUndefined, shardCount),
	SHARD_COUNT: z.preprocess(blankToUndefined, shardCount),
	SHARD_IDS: z.preprocess(blankToUndefined, shardRanges),
	LOG_LEVEL: z.preprocess(
		blankToUndefined,
		z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	),
};

/** The environment variables Reverie reads (each is described in `.env.example`). */
export const CONFIG_VARIABLES = Object.keys(fields);

/**
 * Variables for tests and development only, each with what it bends: a run with one set says so as it starts
 * ({@link readConfigOrExit}), so that none is ever in force unnoticed.
 */
const TEST_ONLY: Record<string, (config: Config) => string> = {
	TEST_VOTE_SECONDS: (config) =>
		`votes last ${config.voteSeconds} s unless a server set its own, under the 10 s VOTE_SECONDS allows`,
	TEST_CHECK_SECONDS: (config) =>
		`a server's upload is refused as stuck after ${config.checkSeconds} s in the sandbox, not the sandbox's own bound`,
	TEST_NIGHT_LEAD_SECONDS: (config) =>
		`a story night may be planned to begin ${config.nightLeadSeconds} s ahead, under the minute members are held to`,
};

/** Variables that discord.js sets (or a shard inherits from its manager) in a shard's own process. */
const SHARDING_VARIABLES = new Set(['SHARDS', 'SHARD_COUNT', 'SHARD_IDS']);

/**
 * Reads and checks the configuration. Throws a {@link ConfigError} naming the first variable that is wrong. `forked`:
 * whether a parent process started this one with a channel to it (see {@link isShardProcess}).
 */
export function readConfig(
	env: NodeJS.ProcessEnv = process.env,
	forked: boolean = typeof process.send === 'function',
): Config {
	const values: Record<string, unknown> = {};
	const shardProcess = isShardProcess(env, forked);
	for (const [name, schema] of Object.entries(fields)) {
		if (SHARDING_VARIABLES.has(name) && shardProcess) continue;
		let result: ReturnType<typeof schema.safeParse>;
		try {
			result = schema.safeParse(env[name]);
		} catch (error) {
			throw new ConfigError(name, error instanceof Error ? error.message : String(error));
		}
		if (!result.success) throw new ConfigError(name, result.error.issues[0]?.message ?? 'is not valid');
		values[name] = result.data;
	}
	const v = values as { [K in keyof typeof fields]: z.output<(typeof fields)[K]> };
	const { shards, shardIds } = readSharding(v.SHARDS, v.SHARD_COUNT, v.SHARD_IDS);
	return {
		discordToken: v.DISCORD_TOKEN ?? null,
		discordClientId: v.DISCORD_CLIENT_ID ?? null,
		discordGuildId: v.DISCORD_GUILD_ID ?? null,
		discordApiUrl: v.DISCORD_API_URL ?? null,
		storeUrl: v.STORE_URL,
		storyDir: v.STORY_DIR ?? null,
		checkSeconds: v.TEST_CHECK_SECONDS ?? null,
		nightLeadSeconds: v.TEST_NIGHT_LEAD_SECONDS ?? null,
		voteSeconds: v.TEST_VOTE_SECONDS ?? v.VOTE_SECONDS,
		pace: v.PACE,
		globalRate: v.DISCORD_GLOBAL_RATE,
		beatDelayMs: v.BEAT_DELAY_MS ?? null,
		logLevel: v.LOG_LEVEL,
		shards,
		shardIds,
	};
}

/** `STORY_DIR` resolved, when it is a folder with at least one dream in it. */
function readStoryDir(dir: string, ctx: z.RefinementCtx): string {
	const resolved = path.resolve(dir);
	let dreams: string[];
	try {
		if (!statSync(resolved).isDirectory()) throw new Error('not a folder');
		dreams = readdirSync(resolved).filter((name) => name.endsWith('.ink'));
	} catch {
		ctx.addIssue({ code: 'custom', message: `${dir} is not a folder` });
		return z.NEVER;
	}
	if (dreams.length === 0) {
		ctx.addIssue({ code: 'custom', message: `${dir} has no .ink files (each one directly in it is a dream)` });
		return z.NEVER;
	}
	return resolved;
}

/**
 * The total of shards (`SHARDS`, or its other name `SHARD_COUNT`) and the ones this machine runs (`SHARD_IDS`):
 * every id within the total, duplicates merged, ascending.
 */
function readSharding(
	shards: number | 'auto' | undefined,
	shardCount: number | 'auto' | undefined,
	ranges: [number, number][] | undefined,
): Pick<Config, 'shards' | 'shardIds'> {
	if (shards !== undefined && shardCount !== undefined && shards !== shardCount)
		throw new ConfigError('SHARD_COUNT', `is another name for SHARDS, and they differ (${shardCount} and ${shards})`);
	const total = shards ?? shardCount ?? null;
	if (ranges === undefined) return { shards: total, shardIds: null };
	if (total === null)
		throw new ConfigError('SHARD_IDS', 'needs SHARDS, the number of shards over every machine, such as SHARDS=8');
	if (total === 'auto')
		throw new ConfigError(
			'SHARD_IDS',
			'needs SHARDS to be a number, not auto: every machine running a part of the shards must agree on the count',
		);
	const ids = new Set<number>();
	for (const [first, last] of ranges) {
		if (last >= total)
			throw new ConfigError(
				'SHARD_IDS',
				`shard ${last} is out of range: with ${total} shard${total === 1 ? '' : 's'} the ids are 0 to ${total - 1}`,
			);
		for (let id = first; id <= last; id++) ids.add(id);
	}
	return { shards: total, shardIds: [...ids].sort((a, b) => a - b) };
}

/** Loads `.env` into the environment when it exists (variables already set win). */
export function loadDotEnv(file = '.env'): void {
	if (existsSync(file)) process.loadEnvFile(file);
}

/**
 * Loads `.env` and reads the configuration; on a bad value, says which variable in one line and exits with 1.
 * `who` starts the sentence ("Reverie", "The playground").
 */
export function readConfigOrExit(who: string): Config {
	loadDotEnv();
	try {
		const config = readConfig();
		for (const [name, bends] of Object.entries(TEST_ONLY))
			if (process.env[name]?.trim()) console.warn(`${who}: ${name} is set, for tests only: ${bends(config)}.`);
		return config;
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		console.error(`${who} cannot start: ${error.message}. See .env.example.`);
		process.exit(1);
	}
}
