/**
 * `npm start`. With `DISCORD_TOKEN`, Reverie connects to Discord (or to `DISCORD_API_URL`). Without one, it opens
 * the playground: a local Discord with Reverie connected to it and a page to use it from. SIGINT and SIGTERM stop
 * it cleanly: in-flight writes finish, the store closes, and the next start takes every dream up where it stopped.
 */
import { ConfigError, loadDotEnv, readConfig } from './config.js';
import { startBot } from './discord/bot.js';
import { createLogger } from './log.js';

loadDotEnv();
let config: ReturnType<typeof readConfig>;
try {
	config = readConfig();
} catch (error) {
	if (!(error instanceof ConfigError)) throw error;
	console.error(`Reverie cannot start: ${error.message}. See .env.example.`);
	process.exit(1);
}
const log = createLogger(config.logLevel);

if (!config.discordToken) {
	// No token, no Discord to connect to: open the playground, where Reverie runs against a local Discord.
	const { runPlayground } = await import('./playground/run.js');
	await runPlayground();
} else {
	const bot = startBot({ ...config, discordToken: config.discordToken }, log);
	bot.ready.catch((error) => {
		log.fatal({ err: error }, 'could not connect to Discord');
		process.exit(1);
	});
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'stopping');
		bot.stop().then(
			() => process.exit(0),
			(error) => {
				log.error({ err: error }, 'could not stop cleanly');
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}
