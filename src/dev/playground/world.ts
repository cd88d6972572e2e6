import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Guild, PermissionName, World, WorldSpec } from '../local-discord/world.js';

/** The role that makes a playground member a moderator: Manage Messages is what Reverie looks for. */
export const MODERATOR_ROLE = 'Moderator';

/**
 * The playground's server: two channels (so a newcomer sees that each channel dreams on its own), a moderator role
 * and three people, enough to outvote one another. Alice holds the role so `/dream skip` and `/dream settings`
 * work from the first minute.
 */
export function defaultWorld(): WorldSpec {
	return {
		bot: { name: 'Reverie' },
		guilds: [
			{
				name: 'Reverie Playground',
				roles: [{ name: MODERATOR_ROLE, permissions: ['ManageMessages'] }],
				channels: [{ name: 'dreams' }, { name: 'another-dream' }],
				members: [{ name: 'Alice', roles: [MODERATOR_ROLE] }, { name: 'Bob' }, { name: 'Carol' }],
			},
		],
	};
}

const permissionNames = (bits: bigint): PermissionName[] =>
	(Object.entries(PermissionFlagsBits) as [PermissionName, bigint][])
		.filter(([, bit]) => bit !== 0n && (bits & bit) === bit)
		.map(([name]) => name);

/**
 * The spec that builds this world again with the same ids: the playground saves it so that a restart finds the
 * channels its stored dreams belong to, and the members who voted in them. The bot's own role is left out
 * (building adds it again), and so is the bot among the members.
 */
export function specOf(world: World): WorldSpec {
	return {
		bot: { name: world.bot.global_name, id: world.bot.id },
		guilds: world.guilds.map((guild) => ({
			id: guild.id,
			name: guild.name,
			everyone: permissionNames(guild.roles.find((r) => r.id === guild.id)?.permissions ?? 0n),
			botPermissions: permissionNames(botRole(world, guild)?.permissions ?? 0n),
			roles: guild.roles
				.filter((r) => r.id !== guild.id && r !== botRole(world, guild))
				.map((r) => ({ id: r.id, name: r.name, permissions: permissionNames(r.permissions) })),
			channels: guild.channels.map((c) => ({ id: c.id, name: c.name })),
			members: guild.members
				.filter((m) => m.user.id !== world.bot.id)
				.map((m) => ({
					id: m.user.id,
					name: m.user.global_name,
					roles: m.roles.flatMap((id) => guild.roles.find((r) => r.id === id)?.name ?? []),
				})),
		})),
	};
}

function botRole(world: World, guild: Guild) {
	const member = guild.members.find((m) => m.user.id === world.bot.id);
	return guild.roles.find((r) => member?.roles.includes(r.id));
}

/** Whether a member holds the playground's moderator role. */
export function holdsModeratorRole(guild: Guild, userId: string): boolean {
	const role = guild.roles.find((r) => r.name === MODERATOR_ROLE);
	const member = guild.members.find((m) => m.user.id === userId);
	return Boolean(role && member?.roles.includes(role.id));
}
