import { PermissionFlagsBits } from 'discord-api-types/v10';

/** Discord's epoch (2015-01-01), the zero of snowflake timestamps. */
const EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A new id shaped like Discord's: its creation time in the high bits, so it sorts and dates like a real one. */
export function snowflake(at = Date.now()): string {
	increment = (increment + 1n) & 0xfffn;
	return String(((BigInt(at) - EPOCH) << 22n) | (1n << 17n) | increment);
}

export type PermissionName = keyof typeof PermissionFlagsBits;

/** A small world to seed the local Discord with: servers, their channels, roles and members, and the bot. */
export interface WorldSpec {
	bot?: { name?: string; id?: string; token?: string };
	guilds: GuildSpec[];
}

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

export interface ChannelSpec {
	name: string;
	id?: string;
	/** Permission overwrites: by role name (`@everyone` for everyone), member name, or `@bot`. */
	overwrites?: { for: string; allow?: PermissionName[]; deny?: PermissionName[] }[];
}

export interface User {
	id: string;
	username: string;
	discriminator: '0';
	global_name: string;
	avatar: null;
	bot?: boolean;
}

export interface Role {
	id: string;
	name: string;
	permissions: bigint;
	position: number;
}

export interface Overwrite {
	id: string;
	type: 0 | 1;
	allow: bigint;
	deny: bigint;
}

export interface Channel {
	id: string;
	guildId: string;
	name: string;
	position: number;
	overwrites: Overwrite[];
}

export interface Member {
	user: User;
	roles: string[];
	joinedAt: string;
}

export interface Guild {
	id: string;
	name: string;
	ownerId: string;
	roles: Role[];
	channels: Channel[];
	members: Member[];
}

export interface World {
	bot: User;
	token: string;
	applicationId: string;
	guilds: Guild[];
}

const DEFAULT_EVERYONE: PermissionName[] = [
	'ViewChannel',
	'SendMessages',
	'EmbedLinks',
	'ReadMessageHistory',
	'UseApplicationCommands',
	'AddReactions',
];
const DEFAULT_BOT: PermissionName[] = ['ViewChannel', 'SendMessages', 'EmbedLinks', 'ReadMessageHistory'];

const bits = (names: readonly PermissionName[] = []) => names.reduce((acc, n) => acc | PermissionFlagsBits[n], 0n);

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
						? { id: member.id, type: 1 as const, allow: bits(o.allow), deny: bits(o.deny) }
						: { id: roleId(o.for), type: 0 as const, allow: bits(o.allow), deny: bits(o.deny) };
				}),
			}),
		);
		const ownerId = g.owner === undefined ? snowflake() : members.find((m) => m.user.global_name === g.owner)?.user.id;
		if (!ownerId) throw new Error(`world: no member "${g.owner}" to own ${g.name}`);
		return { id, name: g.name, ownerId, roles, channels, members };
	});
	return { bot, token: spec.bot?.token ?? `local.${bot.id}.${snowflake()}`, applicationId: bot.id, guilds };
}

const ALL = (1n << 53n) - 1n;

/** A member's permissions in a channel, computed the way Discord does: roles, then overwrites. */
export function channelPermissions(guild: Guild, channel: Channel, userId: string): bigint {
	const member = guild.members.find((m) => m.user.id === userId);
	if (!member) return 0n;
	if (guild.ownerId === userId) return ALL;
	const everyone = guild.roles.find((r) => r.id === guild.id);
	let permissions = everyone?.permissions ?? 0n;
	for (const roleId of member.roles) permissions |= guild.roles.find((r) => r.id === roleId)?.permissions ?? 0n;
	if (permissions & PermissionFlagsBits.Administrator) return ALL;
	const everyoneOverwrite = channel.overwrites.find((o) => o.type === 0 && o.id === guild.id);
	if (everyoneOverwrite) permissions = (permissions & ~everyoneOverwrite.deny) | everyoneOverwrite.allow;
	let allow = 0n;
	let deny = 0n;
	for (const o of channel.overwrites)
		if (o.type === 0 && o.id !== guild.id && member.roles.includes(o.id)) {
			allow |= o.allow;
			deny |= o.deny;
		}
	permissions = (permissions & ~deny) | allow;
	const own = channel.overwrites.find((o) => o.type === 1 && o.id === userId);
	if (own) permissions = (permissions & ~own.deny) | own.allow;
	if (!(permissions & PermissionFlagsBits.ViewChannel)) return 0n;
	return permissions;
}

/** The guild's data as Discord sends it in GUILD_CREATE. */
export function guildPayload(guild: Guild) {
	return {
		id: guild.id,
		name: guild.name,
		icon: null,
		splash: null,
		discovery_splash: null,
		owner_id: guild.ownerId,
		afk_channel_id: null,
		afk_timeout: 300,
		verification_level: 0,
		default_message_notifications: 0,
		explicit_content_filter: 0,
		roles: guild.roles.map(rolePayload),
		emojis: [],
		stickers: [],
		features: [],
		mfa_level: 0,
		application_id: null,
		system_channel_id: null,
		system_channel_flags: 0,
		rules_channel_id: null,
		vanity_url_code: null,
		description: null,
		banner: null,
		premium_tier: 0,
		preferred_locale: 'en-US',
		public_updates_channel_id: null,
		nsfw_level: 0,
		premium_progress_bar_enabled: false,
		joined_at: guild.members.at(-1)?.joinedAt,
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

export function rolePayload(role: Role) {
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
		flags: 0,
	};
}

export function memberPayload(member: Member) {
	return {
		user: member.user,
		nick: null,
		avatar: null,
		roles: member.roles,
		joined_at: member.joinedAt,
		premium_since: null,
		deaf: false,
		mute: false,
		flags: 0,
		pending: false,
	};
}

export function channelPayload(channel: Channel) {
	return {
		id: channel.id,
		type: 0,
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
		flags: 0,
	};
}
