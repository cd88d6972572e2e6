import {
	type APIGuildMember,
	type APIRole,
	type APITextChannel,
	ChannelType,
	type GatewayGuildCreateDispatchData,
	GuildDefaultMessageNotifications,
	GuildExplicitContentFilter,
	GuildMFALevel,
	GuildNSFWLevel,
	GuildPremiumTier,
	GuildVerificationLevel,
	Locale,
	OverwriteType,
	PermissionFlagsBits,
	RESTJSONErrorCodes,
} from 'discord-api-types/v10';
import { HttpError } from './errors.js';
import type { Channel, Guild, Member, Role, User, World } from './model.js';

export type { Channel, Guild, Member, Overwrite, Role, User, World } from './model.js';

/** Discord's epoch (2015-01-01), the zero of snowflake timestamps. */
const EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A new id shaped like Discord's: its creation time in the high bits, so it sorts and dates like a real one. */
export function snowflake(at = Date.now()): string {
	increment = (increment + 1n) & 0xfffn;
	return String(((BigInt(at) - EPOCH) << 22n) | (1n << 17n) | increment);
}

/** A permission by its name in discord-api-types, e.g. `ManageMessages`. */
export type PermissionName = keyof typeof PermissionFlagsBits;

/** A flags field with no flag set: discord-api-types' flag enums have no member for 0. */
export const NO_FLAGS = 0 as never;

/** A small world to seed the local Discord with: servers, their channels, roles and members, and the bot. */
export interface WorldSpec {
	bot?: { name?: string; id?: string; token?: string };
	guilds: GuildSpec[];
}

/** A server to seed: its roles, channels and members by name. */
export interface GuildSpec {
	id?: string;
	name: string;
	/** Roles besides @everyone, with the permissions they grant by name (e.g. `ManageMessages`). */
	roles?: { name: string; id?: string; permissions: PermissionName[] }[];
	channels: ChannelSpec[];
	members: { name: string; id?: string; roles?: string[] }[];
	/** What @everyone may do; Discord's usual defaults when left out. */
	everyone?: PermissionName[];
	/** What the bot's own role may do; what Reverie asks for when left out. */
	botPermissions?: PermissionName[];
	/**
	 * The member who owns the server (and so may do anything). When left out, the owner is someone who is not among
	 * the members (nor the bot), so that roles and overwrites alone decide what everyone may do.
	 */
	owner?: string;
}

/** A text channel to seed, with its permission overwrites. */
export interface ChannelSpec {
	name: string;
	id?: string;
	/**
	 * Permission overwrites: by role name (`@everyone` for everyone), member name, or `@bot` (the bot's own
	 * overwrite). A channel where the bot may not post files: `[{ for: '@bot', deny: ['AttachFiles'] }]`; the
	 * interactions there say so too (`app_permissions`).
	 */
	overwrites?: { for: string; allow?: PermissionName[]; deny?: PermissionName[] }[];
}

const DEFAULT_EVERYONE: PermissionName[] = [
	'ViewChannel',
	'SendMessages',
	'EmbedLinks',
	'AttachFiles',
	'ReadMessageHistory',
	'UseApplicationCommands',
	'AddReactions',
];
const DEFAULT_BOT: PermissionName[] = [
	'ViewChannel',
	'SendMessages',
	'EmbedLinks',
	'AttachFiles',
	'ReadMessageHistory',
	'CreatePublicThreads',
	'SendMessagesInThreads',
	'ManageEvents',
];

const bits = (names: readonly PermissionName[] = []) =>
	names.reduce((acc, n) => {
		const bit = PermissionFlagsBits[n] as bigint | undefined;
		if (bit === undefined)
			throw new Error(`world: no permission "${n}" (names are discord-api-types', e.g. AttachFiles)`);
		return acc | bit;
	}, 0n);

function user(name: string, id: string, bot = false): User {
	return {
		id,
		username: name.toLowerCase().replace(/[^a-z0-9_.]/g, '_'),
		discriminator: '0',
		global_name: name,
		avatar: null,
		...(bot ? { bot } : {}),
	};
}

/** Builds a world from its description, giving ids to whatever has none. */
export function buildWorld(spec: WorldSpec): World {
	const bot = user(spec.bot?.name ?? 'Reverie', spec.bot?.id ?? snowflake(), true);
	const joinedAt = new Date().toISOString();
	const guilds = spec.guilds.map((g): Guild => {
		const id = g.id ?? snowflake();
		const roles: Role[] = [
			{ id, name: '@everyone', permissions: bits(g.everyone ?? DEFAULT_EVERYONE), position: 0 },
			...(g.roles ?? []).map((r, i) => ({
				id: r.id ?? snowflake(),
				name: r.name,
				permissions: bits(r.permissions),
				position: i + 1,
			})),
		];
		const botRole: Role = {
			id: snowflake(),
			name: bot.global_name,
			permissions: bits(g.botPermissions ?? DEFAULT_BOT),
			position: roles.length,
		};
		roles.push(botRole);
		const roleId = (name: string) => {
			const role = roles.find((r) => r.name === name);
			if (!role) throw new Error(`world: no role "${name}" in ${g.name}`);
			return role.id;
		};
		const members: Member[] = g.members.map((m) => ({
			user: user(m.name, m.id ?? snowflake()),
			roles: (m.roles ?? []).map(roleId),
			joinedAt,
		}));
		members.push({ user: bot, roles: [botRole.id], joinedAt });
		const channels = g.channels.map(
			(c, position): Channel => ({
				id: c.id ?? snowflake(),
				guildId: id,
				name: c.name,
				position,
				overwrites: (c.overwrites ?? []).map((o) => {
					const member = o.for === '@bot' ? bot : members.find((m) => m.user.global_name === o.for)?.user;
					return member
						? { id: member.id, type: OverwriteType.Member, allow: bits(o.allow), deny: bits(o.deny) }
						: { id: roleId(o.for), type: OverwriteType.Role, allow: bits(o.allow), deny: bits(o.deny) };
				}),
			}),
		);
		const ownerId = g.owner === undefined ? snowflake() : members.find((m) => m.user.global_name === g.owner)?.user.id;
		if (!ownerId) throw new Error(`world: no member "${g.owner}" to own ${g.name}`);
		return { id, name: g.name, ownerId, roles, channels, members, threads: [], scheduledEvents: [] };
	});
	return { bot, token: spec.bot?.token ?? `local.${bot.id}.${snowflake()}`, applicationId: bot.id, guilds };
}

/** A guild by id or name; throws for a test's or the playground's mistake. */
export function findGuild(world: World, idOrName: string): Guild {
	const guild = world.guilds.find((g) => g.id === idOrName || g.name === idOrName);
	if (!guild) throw new Error(`no guild ${idOrName}`);
	return guild;
}

/** A channel or a thread (a channel to every route, as on Discord) by id or name: Discord's 404 when none is. */
export function findChannel(world: World, idOrName: string, guildName?: string): { guild: Guild; channel: Channel } {
	for (const guild of world.guilds) {
		if (guildName && guild.name !== guildName && guild.id !== guildName) continue;
		const named = (c: Channel) => c.id === idOrName || c.name === idOrName;
		const channel = guild.channels.find(named) ?? guild.threads.find(named);
		if (channel) return { guild, channel };
	}
	throw new HttpError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
}

/** A member of a guild by user id or display name; throws for a test's or the playground's mistake. */
export function findMember(guild: Guild, idOrName: string): Member {
	const member = guild.members.find((m) => m.user.id === idOrName || m.user.global_name === idOrName);
	if (!member) throw new Error(`no member ${idOrName} in ${guild.name}`);
	return member;
}

const ALL = (1n << 53n) - 1n;

/** A member's permissions in the guild, from @everyone and their roles: what guild-wide actions (events) need. */
export function guildPermissions(guild: Guild, userId: string): bigint {
	const member = guild.members.find((m) => m.user.id === userId);
	if (!member) return 0n;
	if (guild.ownerId === userId) return ALL;
	let permissions = guild.roles.find((r) => r.id === guild.id)?.permissions ?? 0n;
	for (const roleId of member.roles) permissions |= guild.roles.find((r) => r.id === roleId)?.permissions ?? 0n;
	return permissions & PermissionFlagsBits.Administrator ? ALL : permissions;
}

/** A member's permissions in a text channel, as Discord computes them: roles, then overwrites (threads: thread-model). */
export function channelPermissions(guild: Guild, channel: Channel, userId: string): bigint {
	const member = guild.members.find((m) => m.user.id === userId);
	if (!member) return 0n;
	let permissions = guildPermissions(guild, userId);
	if (permissions === ALL) return ALL;
	const everyoneOverwrite = channel.overwrites.find((o) => o.type === OverwriteType.Role && o.id === guild.id);
	if (everyoneOverwrite) permissions = (permissions & ~everyoneOverwrite.deny) | everyoneOverwrite.allow;
	let allow = 0n;
	let deny = 0n;
	for (const o of channel.overwrites)
		if (o.type === OverwriteType.Role && o.id !== guild.id && member.roles.includes(o.id)) {
			allow |= o.allow;
			deny |= o.deny;
		}
	permissions = (permissions & ~deny) | allow;
	const own = channel.overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId);
	if (own) permissions = (permissions & ~own.deny) | own.allow;
	if (!(permissions & PermissionFlagsBits.ViewChannel)) return 0n;
	return permissions;
}

/** The guild's data as Discord sends it in GUILD_CREATE, less three fields discord.js does without. */
export function guildPayload(
	guild: Guild,
): Omit<GatewayGuildCreateDispatchData, 'hub_type' | 'safety_alerts_channel_id' | 'incidents_data'> {
	return {
		id: guild.id,
		name: guild.name,
		icon: null,
		splash: null,
		discovery_splash: null,
		owner_id: guild.ownerId,
		afk_channel_id: null,
		afk_timeout: 300,
		verification_level: GuildVerificationLevel.None,
		default_message_notifications: GuildDefaultMessageNotifications.AllMessages,
		explicit_content_filter: GuildExplicitContentFilter.Disabled,
		roles: guild.roles.map(rolePayload),
		emojis: [],
		stickers: [],
		features: [],
		mfa_level: GuildMFALevel.None,
		application_id: null,
		system_channel_id: null,
		system_channel_flags: NO_FLAGS,
		rules_channel_id: null,
		vanity_url_code: null,
		description: null,
		banner: null,
		premium_tier: GuildPremiumTier.None,
		preferred_locale: Locale.EnglishUS,
		public_updates_channel_id: null,
		nsfw_level: GuildNSFWLevel.Default,
		premium_progress_bar_enabled: false,
		// When the bot joined: it is always the guild's last member.
		joined_at: guild.members.at(-1)?.joinedAt ?? '',
		large: false,
		unavailable: false,
		member_count: guild.members.length,
		voice_states: [],
		members: guild.members.map(memberPayload),
		channels: guild.channels.map(channelPayload),
		threads: [],
		presences: [],
		stage_instances: [],
		guild_scheduled_events: [],
		soundboard_sounds: [],
	};
}

/** A role as Discord sends it. */
export function rolePayload(role: Role): APIRole {
	return {
		id: role.id,
		name: role.name,
		color: 0,
		colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
		hoist: false,
		icon: null,
		unicode_emoji: null,
		position: role.position,
		permissions: String(role.permissions),
		managed: false,
		mentionable: false,
		flags: NO_FLAGS,
	};
}

/** A member as Discord sends it. */
export function memberPayload(member: Member): APIGuildMember {
	return {
		user: member.user,
		nick: null,
		avatar: null,
		roles: member.roles,
		joined_at: member.joinedAt,
		premium_since: null,
		deaf: false,
		mute: false,
		flags: NO_FLAGS,
		pending: false,
	};
}

/** A text channel as Discord sends it. */
export function channelPayload(channel: Channel): APITextChannel {
	return {
		id: channel.id,
		type: ChannelType.GuildText,
		guild_id: channel.guildId,
		name: channel.name,
		position: channel.position,
		permission_overwrites: channel.overwrites.map((o) => ({
			id: o.id,
			type: o.type,
			allow: String(o.allow),
			deny: String(o.deny),
		})),
		parent_id: null,
		topic: null,
		nsfw: false,
		last_message_id: null,
		rate_limit_per_user: 0,
		flags: NO_FLAGS,
	};
}
