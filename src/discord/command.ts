import type {
	AutocompleteInteraction,
	ChatInputCommandInteraction,
	RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from '../log.js';
import type { Sessions } from '../sessions/sessions.js';

/** What a command's handler may use. */
export interface CommandContext {
	sessions: Sessions;
	log: Logger;
}

/** A slash command: its definition (built with @discordjs/builders) and its handlers. */
export interface Command {
	data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
	execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void>;
	autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
}

/** Indexes commands by name, refusing a name used twice. */
export function loadCommands(list: readonly Command[]): Map<string, Command> {
	const commands = new Map<string, Command>();
	for (const command of list) {
		if (commands.has(command.data.name)) throw new Error(`two commands are named /${command.data.name}`);
		commands.set(command.data.name, command);
	}
	return commands;
}
