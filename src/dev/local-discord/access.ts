import { PermissionFlagsBits, RESTJSONErrorCodes } from 'discord-api-types/v10';
import { HttpError, type Violate } from './errors.js';
import { type Channel, channelPermissions, type Guild, type World } from './world.js';

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

	/** Refuses the bot a channel it cannot see, or an action there that needs a permission it lacks. */
	requireChannel(guild: Guild, channel: Channel, needs: bigint[] = []): void {
		const permissions = channelPermissions(guild, channel, this.world.bot.id);
		if (!(permissions & PermissionFlagsBits.ViewChannel)) {
			this.violate('permission', `the bot used #${channel.name} without View Channel`);
			throw new HttpError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access');
		}
		for (const need of needs)
			if (!(permissions & need)) {
				const name = Object.entries(PermissionFlagsBits).find(([, bit]) => bit === need)?.[0] ?? 'a permission';
				this.violate('permission', `the bot lacks ${name}, which it used in #${channel.name}`);
				throw new HttpError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions');
			}
	}
}
