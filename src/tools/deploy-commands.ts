/**
 * `npm run deploy-commands`: registers Reverie's slash commands, replacing whatever was registered before (a bulk
 * overwrite). To `DISCORD_GUILD_ID` when set (instant, for testing), otherwise globally (Discord may take up to an
 * hour to show changes). Start-up does not do this: commands change only when their definitions do.
 */
import { REST, Routes } from 'discord.js';
import { commandModules } from '../../commands/index.js';
import { ConfigError, loadDotEnv, readConfig } from '../config.js';
import { loadCommands } from '../discord/command.js';

loadDotEnv();
try {
	const config = readConfig();
	if (!config.discordToken) throw new ConfigError('DISCORD_TOKEN', 'is required to register commands');
	if (!config.discordClientId) throw new ConfigError('DISCORD_CLIENT_ID', 'is required to register commands');
	const body = [...loadCommands(commandModules).values()].map((c) => c.data.toJSON());
	const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
	const route = config.discordGuildId
		? Routes.applicationGuildCommands(config.discordClientId, config.discordGuildId)
		: Routes.applicationCommands(config.discordClientId);
	const result = (await rest.put(route, { body })) as unknown[];
	console.log(
		`Registered ${result.length} command(s) ${config.discordGuildId ? `to server ${config.discordGuildId}` : 'globally'}: ${body.map((c) => `/${c.name}`).join(', ')}.`,
	);
} catch (error) {
	console.error(`Could not register the commands: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
}
