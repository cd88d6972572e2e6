/**
 * The playground: the local Discord, Reverie connected to it as it would be to Discord, and a web page that looks
 * like a Discord channel, where one person acts as any of several members. It is how an author tries a dream and
 * how a newcomer sees Reverie work, with no token and no server of their own.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { type RunningBot, startReverie } from '../../app.js';
import type { Config } from '../../config.js';
import type { Command } from '../../discord/command.js';
import { deployCommands } from '../../discord/deploy.js';
import type { Logger } from '../../log.js';
import { createLogger } from '../../log.js';
import { LocalDiscord } from '../local-discord/server.js';
import { lockFolder } from './folder-lock.js';
import { PlaygroundApi } from './http.js';
import { listenPage, PlaygroundError, readAssets } from './page-server.js';
import {
	forgetKeptFiles,
	forgetPlayground,
	keptFilesFor,
	readSnapshot,
	restoreMessages,
	type Snapshot,
	snapshotFileFor,
	storeFileOf,
	takeSnapshot,
	writeSnapshot,
} from './snapshot.js';
import { defaultWorld } from './world.js';

export { PlaygroundError } from './page-server.js';

/** The port the page is served on when neither the caller nor `PLAYGROUND_PORT` says otherwise. */
export const DEFAULT_PORT = 3000;
/** The playground's own store: never the bot's `STORE_URL`, whose dreams belong to real servers. */
export const DEFAULT_STORE_URL = 'sqlite://data/playground.sqlite';
/** Shorter than the bot's 60 s, so trying a dream alone does not mean waiting at every branch. */
export const DEFAULT_VOTE_SECONDS = 30;
/**
 * Quicker than a server's `normal`, so a first look at a dream takes minutes rather than a quarter of an hour; the
 * page says so, and `/dream settings pace:normal` (or `PACE`) gives a server's.
 */
export const DEFAULT_PACE = 'fast';
/** How soon after a change the snapshot is written: often enough that a crash loses little, rarely enough to be cheap. */
const SAVE_DELAY_MS = 1000;

export interface PlaygroundOptions {
	/** The slash commands Reverie answers, handed down by the entry point. */
	commands: Map<string, Command>;
	/** The page's port: default `PLAYGROUND_PORT`, else 3000; 0 for any free port. */
	port?: number;
	/** Where dreams are kept (default `sqlite://data/playground.sqlite`). A SQLite file gets a snapshot beside it. */
	storeUrl?: string;
	/** Forget what an earlier playground left in this store, and start with empty channels. */
	fresh?: boolean;
	/** The vote window for the playground's server until a moderator sets another (default 30). */
	voteSeconds?: number;
	/** The pace of the beats for the playground's server until a moderator sets another (default fast). */
	pace?: Config['pace'];
	/** A fixed pause after each beat; `null` (the default) for the reading-time rule; `0` for none (tests). */
	beatDelayMs?: number | null;
	/** The folder of the built-in dreams (`STORY_DIR`); `null` or absent for those that come with Reverie. */
	storyDir?: string | null;
	log?: Logger;
	env?: NodeJS.ProcessEnv;
}

export interface Playground {
	/** The page, e.g. `http://127.0.0.1:3000`. */
	url: string;
	discord: LocalDiscord;
	bot: RunningBot;
	/** Whether the channels and dreams of an earlier run were taken up (false on a first or `fresh` start). */
	resumed: boolean;
	/** Closes the page, stops Reverie, saves the snapshot and stops the local Discord. */
	stop(): Promise<void>;
}

/** The page's port from `PLAYGROUND_PORT`, or `undefined` when it is not set. */
export function portFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
	const raw = env.PLAYGROUND_PORT?.trim();
	if (!raw) return undefined;
	const port = Number(raw);
	if (!/^\d+$/.test(raw) || port > 65535)
		throw new PlaygroundError(
			`PLAYGROUND_PORT must be a port number from 0 to 65535 (0 picks any free port), not "${raw}".`,
		);
	return port;
}

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
	const log = options.log ?? createLogger('warn');
	const port = options.port ?? portFromEnv(options.env) ?? DEFAULT_PORT;
	const storeUrl = options.storeUrl ?? DEFAULT_STORE_URL;
	const page = await listenPage(port);
	const url = `http://127.0.0.1:${page.port}`;
	const started: (() => Promise<void>)[] = [() => closeServer(page.server)];
	const undo = async () => {
		// Undoing a start that failed: that failure is the one reported, not those of the undoing.
		for (const step of started.reverse()) await step().catch(() => undefined);
	};
	try {
		const locked = lockFolder(storeUrl, url);
		if (locked.kind === 'taken')
			throw new PlaygroundError(
				`Another playground (process ${locked.by.pid}) is using ${storeFileOf(storeUrl)}, at ${locked.by.url}. Use that one, or stop it first.`,
			);
		started.push(async () => locked.lock.release());
		if (options.fresh) forgetPlayground(storeUrl);
		const snapshotFile = snapshotFileFor(storeUrl);
		const snapshot = resumable(storeUrl, snapshotFile, log);
		// A new world's messages name none of the files an earlier one kept.
		if (!snapshot) forgetKeptFiles(storeUrl);
		const keptFiles = keptFilesFor(storeUrl);
		const discord = await LocalDiscord.start({
			world: snapshot?.world ?? defaultWorld(),
			...(keptFiles ? { keepFiles: { folder: keptFiles } } : {}),
			log: (line) => log.warn({ localDiscord: true }, line),
		});
		started.push(() => discord.stop());
		const guild = discord.world.guilds[0];
		if (!guild) throw new PlaygroundError('The playground world has no server.');
		if (snapshot) restoreMessages(discord, snapshot);
		const labels = new Map(Object.entries(snapshot?.labels ?? {}));

		await deployCommands({
			commands: options.commands,
			token: discord.token,
			clientId: discord.applicationId,
			guildId: guild.id,
			apiUrl: discord.apiUrl,
		});
		const config: Config & { discordToken: string } = {
			discordToken: discord.token,
			discordClientId: discord.applicationId,
			discordGuildId: guild.id,
			discordApiUrl: discord.apiUrl,
			storeUrl,
			storyDir: options.storyDir ?? null,
			checkSeconds: null,
			nightLeadSeconds: null,
			voteSeconds: options.voteSeconds ?? DEFAULT_VOTE_SECONDS,
			pace: options.pace ?? DEFAULT_PACE,
			// The local Discord holds the bot to Discord's usual global limit.
			globalRate: discord.globalRate,
			beatDelayMs: options.beatDelayMs ?? null,
			logLevel: 'info',
			shards: null,
			shardIds: null,
		};
		const bot = startReverie(config, log, options.commands);
		started.push(() => bot.stop());
		await bot.ready;

		let saveTimer: NodeJS.Timeout | undefined;
		const save = () => {
			clearTimeout(saveTimer);
			saveTimer = undefined;
			if (!snapshotFile) return;
			try {
				writeSnapshot(snapshotFile, takeSnapshot(discord, labels));
			} catch (error) {
				log.warn({ err: error, file: snapshotFile }, 'could not save the playground snapshot');
			}
		};
		const saveSoon = () => {
			saveTimer ??= setTimeout(save, SAVE_DELAY_MS);
		};
		discord.on('message', saveSoon);
		save();

		const api = new PlaygroundApi(discord, guild, labels, saveSoon);
		const assets = readAssets();
		// handle() answers every request, its failures included.
		page.server.on('request', (req, res) => void api.handle(req, res, assets));
		let stopping: Promise<void> | undefined;
		return {
			url,
			discord,
			bot,
			resumed: snapshot !== null,
			stop() {
				stopping ??= (async () => {
					api.close();
					await closeServer(page.server);
					await bot.stop();
					discord.off('message', saveSoon);
					save();
					await discord.stop();
					locked.lock.release();
				})();
				return stopping;
			},
		};
	} catch (error) {
		await undo();
		throw error;
	}
}

/**
 * The snapshot to take up, when there is one that belongs to this store. Without the store file there are no
 * dreams to continue, and old messages would only show votes that no longer answer: start anew instead.
 */
function resumable(storeUrl: string, snapshotFile: string | null, log: Logger): Snapshot | null {
	if (!snapshotFile) return null;
	const storeFile = storeFileOf(storeUrl);
	if (!storeFile || !existsSync(storeFile)) return null;
	const snapshot = readSnapshot(snapshotFile);
	if (!snapshot && existsSync(snapshotFile))
		log.warn({ file: snapshotFile }, 'the playground snapshot cannot be read; starting with a new world');
	return snapshot;
}

function closeServer(server: Server): Promise<void> {
	server.closeAllConnections();
	return new Promise((resolve) => server.close(() => resolve()));
}
