/**
 * The composition root: builds the parts Reverie runs on (the store, the story processes, the sandbox for servers'
 * uploads, the map painter, the built-in dreams) and hands them to the Discord adapter, which connects and runs the
 * dreams while this copy owns its guilds. The entry point and the playground start Reverie through here.
 */
import type { Config } from './config.js';
import type { RunningBot } from './discord/bot.js';
import { startBot } from './discord/bot.js';
import type { Command } from './discord/command.js';
import type { DiscordOutput } from './discord/output.js';
import {
	type Catalogue,
	formatDiagnostic,
	loadCatalogue,
	PooledTeller,
	SANDBOX_LIMITS,
	STORY_DIR,
	StorySandbox,
} from './engine/index.js';
import type { Logger } from './log.js';
import { MapPainter } from './map/index.js';
import type { ServerEvents } from './sessions/ports.js';
import { Sessions } from './sessions/sessions.js';
import { GuildLease, thisProcess } from './store/lease.js';
import { NIGHT_DEFAULTS } from './store/records.js';
import { Store } from './store/store.js';

export type { RunningBot } from './discord/bot.js';

/** The built-in dreams of `dir`, logging each one that does not compile (it is left out). */
export function loadStories(log: Logger, dir = STORY_DIR): Catalogue {
	const catalogue = loadCatalogue(dir);
	for (const failure of catalogue.failures)
		log.error(
			{ story: failure.id, errors: failure.errors.map(formatDiagnostic) },
			'a dream does not compile and is left out',
		);
	log.info(
		{ stories: catalogue.stories.map((s) => s.id), ...(dir === STORY_DIR ? {} : { from: dir }) },
		'dreams loaded',
	);
	return catalogue;
}

/**
 * Starts Reverie on Discord (or on the API at `DISCORD_API_URL`) with the slash commands `commands`, handed down by
 * the entry point.
 */
export function startReverie(
	config: Config & { discordToken: string },
	log: Logger,
	commands: Map<string, Command>,
): RunningBot {
	const store = Store.open(config.storeUrl, log);
	// Every story runs in child processes: the stories' turns in one pool, the checks of servers' uploads in another,
	// so that a hostile upload being checked never holds up a dream's turn.
	const teller = new PooledTeller({ log });
	const sandbox = new StorySandbox(
		config.checkSeconds === null ? SANDBOX_LIMITS : { ...SANDBOX_LIMITS, checkMs: config.checkSeconds * 1000 },
	);
	const painter = new MapPainter();
	// A story process started now, so the first dream's first turn does not wait for one to start.
	teller.warm().catch((error: unknown) => log.error({ err: error }, 'could not start a story process'));
	const catalogue = loadStories(log, config.storyDir ?? STORY_DIR);
	return startBot(config, log, commands, {
		makeSessions: (output: DiscordOutput, events: ServerEvents) =>
			new Sessions({
				events,
				store,
				catalogue,
				teller,
				checker: sandbox,
				painter,
				output,
				log,
				defaults: { voteSeconds: config.voteSeconds, pace: config.pace, moderatorRoleId: null, ...NIGHT_DEFAULTS },
				beatDelayMs: config.beatDelayMs,
				...(config.nightLeadSeconds === null ? {} : { nightLeadMs: config.nightLeadSeconds * 1000 }),
			}),
		makeLease: (options, events) => new GuildLease(store, { ...options, log, local: thisProcess() }, events),
		async close() {
			await Promise.all([store.close(), teller.close(), sandbox.close(), painter.close()]);
		},
	});
}
