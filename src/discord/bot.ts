import { Client, Events, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { Config } from '../config.js';
import {
	type Catalogue,
	formatDiagnostic,
	loadCatalogue,
	PooledTeller,
	STORY_DIR,
	StorySandbox,
} from '../engine/index.js';
import type { Logger } from '../log.js';
import { MapPainter } from '../map/index.js';
import { Dreams } from '../sessions/dreams.js';
import { Store } from '../store/store.js';
import type { Command } from './command.js';
import { ConfirmationHold } from './confirmation-hold.js';
import { DiscordOutput } from './output.js';
import { createRouter } from './router.js';

export interface RunningBot {
	client: Client;
	dreams: Dreams;
	/** Resolves once the bot is logged in and has taken up the dreams it found in the store. */
	ready: Promise<void>;
	/** Finishes in-flight work, disconnects and closes the store. */
	stop(): Promise<void>;
}

export function loadStories(log: Logger, dir = STORY_DIR): Catalogue {
	const catalogue = loadCatalogue(dir);
	for (const failure of catalogue.failures)
		log.error(
			{ story: failure.id, errors: failure.errors.map(formatDiagnostic) },
			'a dream does not compile and is left out',
		);
	log.info({ stories: catalogue.stories.map((s) => s.id) }, 'dreams loaded');
	return catalogue;
}

/**
 * Connects Reverie to Discord (or to the API at `DISCORD_API_URL`) and takes up every stored dream. `commands` are the
 * slash commands it answers (see `loadCommands`), handed down by the entry point.
 */
export function startBot(
	config: Config & { discordToken: string },
	log: Logger,
	commands: Map<string, Command>,
): RunningBot {
	const store = Store.open(config.storeUrl, log);
	const client = new Client({
		intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
		rest: config.discordApiUrl ? { api: config.discordApiUrl } : {},
		// No messages are kept: Reverie reads nothing back from them, and a thousand channels' beats and votes held as
		// discord.js objects only grow the heap the collector walks. A deleted message is still reported (as a partial:
		// its id and channel), also one posted before a restart.
		makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
		partials: [Partials.Message],
		// A dream's words are shown, never a ping: @everyone, roles and members in a story (or a choice's text quoted
		// back to a member) notify nobody, on every message and reply Reverie sends.
		allowedMentions: { parse: [], repliedUser: false },
	});
	// Every story runs in child processes: the stories' turns in one pool, the checks of servers' uploads in another,
	// so that a hostile upload being checked never holds up a dream's turn.
	const teller = new PooledTeller({ log });
	const sandbox = new StorySandbox();
	const painter = new MapPainter();
	// A story process started now, so the first dream's first turn does not wait for one to start.
	teller.warm().catch((error: unknown) => log.error({ err: error }, 'could not start a story process'));
	const dreams = new Dreams({
		store,
		catalogue: loadStories(log),
		teller,
		checker: sandbox,
		painter,
		output: new DiscordOutput(client),
		log,
		defaults: { voteSeconds: config.voteSeconds, pace: 'normal', moderatorRoleId: null },
		beatDelayMs: config.beatDelayMs,
	});
	const hold = new ConfirmationHold();
	const route = createRouter(commands, { dreams, log }, hold);
	client.on(Events.InteractionCreate, (interaction) => void route(interaction));
	client.on(Events.ChannelDelete, (channel) => void dreams.channelGone(channel.id, 'the channel was deleted'));
	client.on(Events.MessageDelete, (message) => void dreams.messageDeleted(message.channelId, message.id));
	client.on(Events.Error, (error) => log.error({ err: error }, 'Discord client error'));
	client.on(Events.ShardDisconnect, (event, shard) => log.warn({ code: event.code, shard }, 'gateway disconnected'));

	const ready = new Promise<void>((resolve, reject) => {
		client.once(Events.ClientReady, (c) => {
			log.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'connected to Discord');
			// Only this process's servers: with shards, each takes up the dreams of its own guilds.
			dreams.resumeAll((guildId) => c.guilds.cache.has(guildId)).then(() => resolve(), reject);
		});
		client.login(config.discordToken).catch(reject);
	});

	return {
		client,
		dreams,
		ready,
		async stop() {
			hold.release();
			await dreams.close();
			await client.destroy();
			await Promise.all([store.close(), teller.close(), sandbox.close(), painter.close()]);
		},
	};
}
