import { REST, Routes } from 'discord.js';
import type { Command } from './command.js';

/**
 * Registers Reverie's slash commands, replacing whatever was registered before (a bulk overwrite): to one server
 * when `guildId` is given (instant), otherwise globally. Returns the names registered.
 */
export async function deployCommands(options: {
	commands: Map<string, Command>;
	token: string;
	clientId: string;
	guildId?: string | null;
	apiUrl?: string | null;
}): Promise<string[]> {
	const body = [...options.commands.values()].map((c) => c.data.toJSON());
	const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
	const route = options.guildId
		? Routes.applicationGuildCommands(options.clientId, options.guildId)
		: Routes.applicationCommands(options.clientId);
	await rest.put(route, { body });
	return body.map((c) => c.name);
}
