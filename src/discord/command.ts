import type {
	AutocompleteInteraction,
	ChatInputCommandInteraction,
	RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from '../log.js';
import type { Dreams } from '../sessions/dreams.js';

/** What a command's handler may use. */
export interface CommandContext {
	dreams: Dreams;
	log: Logger;
}

/** A slash command: its definition (built with @discordjs/builders) and its handlers. */
export interface Command {
	data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
	execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void>;
	autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
}

/** Checks a module's export is a {@link Command}, so a broken command fails at start-up, not on first use. */
export function isCommand(value: unknown): value is Command {
	if (typeof value !== 'object' || value === null) return false;
	const candidate = value as Partial<Command>;
	return (
		typeof candidate.data?.name === 'string' &&
		typeof candidate.data.toJSON === 'function' &&
		typeof candidate.execute === 'function' &&
		(candidate.autocomplete === undefined || typeof candidate.autocomplete === 'function')
	);
}

/** Indexes commands by name, refusing anything that is not a command or a name used twice. */
export function loadCommands(modules: readonly unknown[]): Map<string, Command> {
	const commands = new Map<string, Command>();
	for (const [i, module] of modules.entries()) {
		if (!isCommand(module)) throw new Error(`commands/index.ts entry ${i} is not a command (data + execute)`);
		if (commands.has(module.data.name)) throw new Error(`two commands are named /${module.data.name}`);
		commands.set(module.data.name, module);
	}
	return commands;
}
