/**
 * `npm start`. With `DISCORD_TOKEN`, Reverie connects to Discord (or to `DISCORD_API_URL`). Without one, it says
 * what to set and how to try the dreams meanwhile. SIGINT and SIGTERM stop it cleanly: in-flight writes finish,
 * the store closes, and the next start takes every dream up where it stopped.
 */
import { ConfigError, loadDotEnv, readConfig } from './config.js';
import { loadStories, startBot } from './discord/bot.js';
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
	const catalogue = loadStories(log);
	console.log(
		[
			'',
			`Reverie knows ${catalogue.stories.length} dream(s): ${catalogue.stories.map((s) => s.title).join(', ')}.`,
			'No DISCORD_TOKEN is set, so there is no Discord to connect to.',
			'  - To run the bot: put DISCORD_TOKEN and DISCORD_CLIENT_ID in .env (see .env.example),',
			'    then `npm run deploy-commands` once, and `npm start`.',
			'  - To try a dream without Discord: npm run play -- the-thread',
		].join('\n'),
	);
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
