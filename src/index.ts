/**
 * Reverie's entry point, and the one place that hands the slash commands (commands/) to the Discord adapter.
 *
 * - `npm start`: with `DISCORD_TOKEN`, Reverie connects to Discord (or to `DISCORD_API_URL`). Without one, it opens the
 *   playground: a local Discord with Reverie connected to it and a page to use it from. SIGINT and SIGTERM stop it
 *   cleanly: in-flight writes finish, the store closes, and the next start takes every dream up where it stopped.
 * - `npm run playground` (`src/index.ts playground`, `-- --fresh` to start with empty channels): the playground,
 *   token or not.
 * - `npm run deploy-commands` (`src/index.ts deploy-commands`): registers the slash commands.
 */
import { commands as commandList } from '../commands/index.js';
import { startReverie } from './app.js';
import { isShardProcess, readConfigOrExit } from './config.js';
import { loadCommands } from './discord/command.js';
import { createLogger } from './log.js';
import { stopOnSignals } from './signals.js';

const commands = loadCommands(commandList);
const [task, ...args] = process.argv.slice(2);

if (task === 'deploy-commands') {
	const { runDeployCommands } = await import('./tools/deploy-commands.js');
	await runDeployCommands(commands);
} else if (task === 'playground') {
	const { runPlayground } = await import('./dev/playground/run.js');
	await runPlayground(commands, args);
} else {
	const config = readConfigOrExit('Reverie');
	const log = createLogger(config.logLevel);
	if (!config.discordToken) {
		// No token, no Discord to connect to: open the playground, where Reverie runs against a local Discord.
		const { runPlayground } = await import('./dev/playground/run.js');
		await runPlayground(commands, process.argv.slice(2));
	} else if (config.shards !== null) {
		// The sharding manager: it starts one process per shard (each runs this file as a plain bot) and restarts any
		// that dies; a stop signal stops every shard cleanly, then the manager.
		const token = config.discordToken;
		const { runShards } = await import('./discord/shards.js');
		const started = runShards({ ...config, discordToken: token }, log);
		stopOnSignals('every shard', async () => (await started).stop(), log);
		started.catch((error) => {
			log.fatal({ err: error }, 'could not start the shards');
			process.exit(1);
		});
	} else {
		const bot = startReverie({ ...config, discordToken: config.discordToken }, log, commands);
		bot.ready.catch((error) => {
			log.fatal({ err: error }, 'could not connect to Discord');
			process.exit(1);
		});
		stopOnSignals('the bot', () => bot.stop(), log, { withParent: isShardProcess() });
	}
}
