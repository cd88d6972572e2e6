import { type GuildMember, type Interaction, PermissionFlagsBits } from 'discord.js';
import type { Sessions } from '../sessions/sessions.js';
import { isModerator } from './moderator.js';
import { generalWords } from './words/index.js';

/** The role ids of the member behind an interaction (a cached member or the API's raw one). */
function roleIds(interaction: Interaction): string[] {
	const member = interaction.member;
	if (!member) return [];
	if (Array.isArray(member.roles)) return member.roles;
	return [...(member as GuildMember).roles.cache.keys()];
}

/** Whether the member behind an interaction may moderate dreams in its server. */
export async function moderates(interaction: Interaction, sessions: Sessions): Promise<boolean> {
	if (!interaction.guildId) return false;
	const settings = await sessions.settings(interaction.guildId);
	return isModerator(interaction.memberPermissions?.bitfield ?? null, roleIds(interaction), settings.moderatorRoleId);
}

/** The permissions Reverie needs in a channel to tell a dream there, with the names Discord shows. */
export const NEEDED_IN_CHANNEL = [
	[PermissionFlagsBits.ViewChannel, generalWords.permission.viewChannel],
	[PermissionFlagsBits.SendMessages, generalWords.permission.sendMessages],
	[PermissionFlagsBits.EmbedLinks, generalWords.permission.embedLinks],
] as const;

/** The names of the permissions Reverie lacks in the interaction's channel. */
export function missingPermissions(interaction: Interaction): string[] {
	const have = interaction.appPermissions;
	if (!have) return [];
	return NEEDED_IN_CHANNEL.filter(([bit]) => !have.has(bit)).map(([, name]) => name);
}

/** What Reverie needs in a channel to open a thread for a dream there and tell it in it. */
export const NEEDED_FOR_THREADS = [
	[PermissionFlagsBits.ViewChannel, generalWords.permission.viewChannel],
	[PermissionFlagsBits.CreatePublicThreads, generalWords.permission.createPublicThreads],
	[PermissionFlagsBits.SendMessagesInThreads, generalWords.permission.sendMessagesInThreads],
	[PermissionFlagsBits.EmbedLinks, generalWords.permission.embedLinks],
] as const;

/** What Reverie needs to plan story nights: the server's events. */
export const NEEDED_FOR_NIGHTS = [[PermissionFlagsBits.ManageEvents, generalWords.permission.manageEvents]] as const;

/** The names of the permissions of `needed` Reverie lacks in the interaction's channel. */
export function missingOf(interaction: Interaction, needed: readonly (readonly [bigint, string])[]): string[] {
	const have = interaction.appPermissions;
	if (!have) return [];
	return needed.filter(([bit]) => !have.has(bit)).map(([, name]) => name);
}
