import { ConfigError, loadDotEnv, readConfig } from '../config.js';
import type { Command } from '../discord/command.js';
import { deployCommands } from '../discord/deploy.js';

/**
 * `npm run deploy-commands`: registers Reverie's slash commands, replacing whatever was registered before (a bulk
 * overwrite). To `DISCORD_GUILD_ID` when set (instant, for testing), otherwise globally (Discord may take up to an
 * hour to show changes). Start-up does not do this: commands change only when their definitions do.
 */
export async function runDeployCommands(commands: Map<string, Command>): Promise<void> {
	loadDotEnv();
	try {
		const config = readConfig();
		if (!config.discordToken) throw new ConfigError('DISCORD_TOKEN', 'is required to register commands');
		if (!config.discordClientId) throw new ConfigError('DISCORD_CLIENT_ID', 'is required to register commands');
		const names = await deployCommands({
			commands,
			token: config.discordToken,
			clientId: config.discordClientId,
			guildId: config.discordGuildId,
			apiUrl: config.discordApiUrl,
		});
		const where = config.discordGuildId ? `to server ${config.discordGuildId}` : 'globally';
		console.log(`Registered ${names.length} command(s) ${where}: ${names.map((n) => `/${n}`).join(', ')}.`);
	} catch (error) {
		console.error(`Could not register the commands: ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 1;
	}
}
