import type { EventEmitter } from 'node:events';
import {
	type APIApplicationCommand,
	ApplicationCommandType,
	RESTJSONErrorCodes,
	type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { checkCommands } from './command-checks.js';
import { HttpError, type Violate } from './errors.js';
import type { World } from './model.js';
import { snowflake } from './world.js';

/** A command as registered: the bot's definition, with what Discord adds to it. */
export type RegisteredCommand = Partial<APIApplicationCommand> &
	Pick<APIApplicationCommand, 'id' | 'application_id' | 'version' | 'type' | 'name'>;

/** The scope of global commands in {@link CommandRegistry.byScope}; a guild's commands are under its id. */
export const GLOBAL = 'global';

/** The bot's slash commands, as it registers them (by bulk overwrite, as Reverie's deploy script does). */
export class CommandRegistry {
	/** Registered commands: key `global` or a guild id. */
	readonly byScope = new Map<string, RegisteredCommand[]>();

	constructor(
		private readonly world: World,
		private readonly events: EventEmitter,
		private readonly violate: Violate,
	) {}

	/**
	 * `PUT /applications/:id/commands` and `PUT /applications/:id/guilds/:id/commands`: refused whole, as Discord does,
	 * when any command breaks a rule (`command-checks.ts`). Emits `commands`.
	 */
	overwrite(applicationId: string, scope: string, body: unknown): RegisteredCommand[] {
		if (applicationId !== this.world.applicationId)
			throw new HttpError(403, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid application');
		if (!Array.isArray(body))
			throw new HttpError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body');
		const problems = checkCommands(body);
		if (problems.length > 0) {
			for (const problem of problems) this.violate('limit', `command registration: ${problem}`);
			throw new HttpError(
				400,
				RESTJSONErrorCodes.InvalidFormBodyOrContentType,
				`Invalid Form Body: ${problems.join('; ')}`,
			);
		}
		const registered = (body as RESTPostAPIApplicationCommandsJSONBody[]).map(
			(command): RegisteredCommand => ({
				...command,
				id: snowflake(),
				application_id: applicationId,
				version: snowflake(),
				type: command.type ?? ApplicationCommandType.ChatInput,
				...(scope === GLOBAL ? {} : { guild_id: scope }),
			}),
		);
		this.byScope.set(scope, registered);
		this.events.emit('commands', { scope, commands: registered });
		return registered;
	}

	/** The command a member's client offers under `name` in a guild: the guild's own first, then global ones. */
	find(guildId: string, name: string): RegisteredCommand | undefined {
		return [...(this.byScope.get(guildId) ?? []), ...(this.byScope.get(GLOBAL) ?? [])].find((c) => c.name === name);
	}
}
