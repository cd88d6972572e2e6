import { PermissionFlagsBits, RESTJSONErrorCodes } from 'discord-api-types/v10';
import { HttpError, type Violate } from './errors.js';
import type { Channel, Guild, World } from './model.js';
import { isThread, permissionsIn } from './thread-model.js';

/** A permission's name in discord-api-types (`ManageThreads`), for the violations that name it. */
export const permissionName = (bit: bigint): string =>
	Object.entries(PermissionFlagsBits).find(([, b]) => b === bit)?.[0] ?? 'a permission';

/** The bot's credentials and permissions, checked on each REST call as Discord checks them. */
export class Access {
	constructor(
		private readonly world: World,
		private readonly violate: Violate,
	) {}

	/** Refuses a call that does not carry the bot's token. */
	requireBot(auth: string | undefined): void {
		if (auth !== `Bot ${this.world.token}`) {
			this.violate('auth', 'a REST call without the bot token');
			throw new HttpError(401, RESTJSONErrorCodes.GeneralError, '401: Unauthorized');
		}
	}

	/** The bot's permissions in a channel or a thread (a thread's are its parent's, under the thread's rules). */
	permissions(guild: Guild, channel: Channel): bigint {
		return permissionsIn(guild, channel, this.world.bot.id);
	}

	/**
	 * Refuses the bot a channel it cannot see, or an action there that needs a permission it lacks. In a thread, Send
	 * Messages has no effect: posting there needs Send Messages in Threads instead, as on Discord.
	 */
	requireChannel(guild: Guild, channel: Channel, needs: bigint[] = []): void {
		const permissions = this.permissions(guild, channel);
		const where = isThread(channel) ? `the thread "${channel.name}"` : `#${channel.name}`;
		if (!(permissions & PermissionFlagsBits.ViewChannel)) {
			this.violate('permission', `the bot used ${where} without View Channel`);
			throw new HttpError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access');
		}
		for (const asked of needs) {
			const need =
				isThread(channel) && asked === PermissionFlagsBits.SendMessages
					? PermissionFlagsBits.SendMessagesInThreads
					: asked;
			if (!(permissions & need)) {
				this.violate('permission', `the bot lacks ${permissionName(need)}, which it used in ${where}`);
				throw missingPermissions();
			}
		}
	}
}

/** Discord's 403 for an action the bot's permissions do not allow. */
export const missingPermissions = () =>
	new HttpError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions');
