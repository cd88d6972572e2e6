import type { EventEmitter } from 'node:events';
import {
	type APIApplicationCommandInteractionDataOption,
	type APIApplicationCommandOption,
	type APIAttachment,
	type APIChatInputApplicationCommandGuildInteraction,
	type APIChatInputApplicationCommandInteractionData,
	type APIGuildMember,
	type APIMessageComponentGuildInteraction,
	type APIRole,
	type APITextChannel,
	type APIThreadChannel,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	ApplicationIntegrationType,
	ChannelType,
	ComponentType,
	GatewayDispatchEvents,
	InteractionContextType,
	InteractionType,
	Locale,
	PermissionFlagsBits,
	type Permissions,
} from 'discord-api-types/v10';
import { ATTACHMENT_SIZE_LIMIT, type Attachments } from './attachments.js';
import type { CommandRegistry } from './commands.js';
import type { Gateway } from './gateway.js';
import type { InteractionRecord, Interactions } from './interactions.js';
import { buttonsOf } from './layout-checks.js';
import { type MessagePayload, type MessageStore, messagePayload } from './messages.js';
import type { Channel, Guild, Member, User, World } from './model.js';
import { isThread, permissionsIn } from './thread-model.js';
import type { Threads } from './threads.js';
import { findChannel, findGuild, findMember, guildPermissions, memberPayload, NO_FLAGS, snowflake } from './world.js';

/**
 * A command's option as a member's client sends it, subcommands included. An attachment option's value is the id of
 * an attachment the member uploaded first (`LocalDiscord.attachments.upload`).
 */
export interface CommandOption {
	name: string;
	type: ApplicationCommandOptionType;
	value?: string | number | boolean;
	options?: CommandOption[];
	focused?: boolean;
}

/** A slash command as a member types it. */
export interface CommandInput {
	user: string;
	channel: string;
	guild?: string;
	name: string;
	options?: CommandOption[];
	/** Asks for the choices of the focused option instead of running the command. */
	autocomplete?: boolean;
}

/** A click on a button, as a member makes it. */
export interface ClickInput {
	user: string;
	channel: string;
	guild?: string;
	messageId: string;
	customId: string;
	/** The member's client still shows the message as it was (its buttons not yet disabled): a slow connection. */
	stale?: boolean;
}

/**
 * A click as the bot receives it. Its message is the local Discord's (an interaction's reply there carries no
 * `interacted_message_id`), hence not quite discord-api-types' `APIMessage`.
 */
type ButtonInteraction = Omit<APIMessageComponentGuildInteraction, 'message'> & { message: MessagePayload };

/** What every interaction carries about its guild, channel (or thread) and member. */
type InteractionContext = Omit<APIChatInputApplicationCommandGuildInteraction, 'type' | 'data' | 'channel'> & {
	/** Discord also tells the member's permissions there, which discord-api-types leaves out. */
	channel: (Partial<APITextChannel> | APIThreadChannel) &
		Pick<APITextChannel | APIThreadChannel, 'id' | 'type'> & {
			permissions: Permissions;
		};
};

/** A role as a role option resolves to here: without `colors`, which discord-api-types now requires. */
type ResolvedRole = Omit<APIRole, 'colors'>;

/** A slash command, or the request for an option's choices as a member types it: the same shape but for its type. */
type CommandInteraction = InteractionContext & {
	type: InteractionType.ApplicationCommand | InteractionType.ApplicationCommandAutocomplete;
	data: Omit<APIChatInputApplicationCommandInteractionData, 'resolved'> & { resolved?: Resolved };
};

/** What the options name, as Discord resolves it for the bot: roles and uploaded attachments, by id. */
type Resolved = {
	roles?: Record<string, ResolvedRole>;
	attachments?: Record<string, APIAttachment>;
	/** A user option's member: the user, and the member without it (as Discord resolves them). */
	users?: Record<string, User>;
	members?: Record<string, Omit<APIGuildMember, 'user' | 'deaf' | 'mute'> & { permissions: string }>;
};

/** The parts of the local Discord that simulated members act through. */
export interface MembersDeps {
	world: World;
	events: EventEmitter;
	gateway: Gateway;
	commands: CommandRegistry;
	messages: MessageStore;
	interactions: Interactions;
	attachments: Attachments;
	/** For an interaction made in a thread: the thread as the interaction carries it. */
	threads: Threads;
	log?: ((line: string) => void) | undefined;
}

/**
 * The simulated members: they join, gain and lose roles, use slash commands and click buttons, and each of their
 * interactions goes to the bot as the real Discord sends it.
 */
export class Members {
	constructor(private readonly deps: MembersDeps) {}

	/** Adds a member to a server (the playground's "add a member"). */
	add(guildId: string, name: string, roleNames: string[] = []): Member {
		const guild = findGuild(this.deps.world, guildId);
		const roles = roleNames.map((n) => {
			const role = guild.roles.find((r) => r.name === n);
			if (!role) throw new Error(`no role ${n}`);
			return role.id;
		});
		const member: Member = {
			user: { id: snowflake(), username: name.toLowerCase(), discriminator: '0', global_name: name, avatar: null },
			roles,
			joinedAt: new Date().toISOString(),
		};
		// Before the bot, which stays last (GUILD_CREATE's `joined_at` is the bot's).
		guild.members.splice(guild.members.length - 1, 0, member);
		this.deps.gateway.dispatchToGuild(guild.id, GatewayDispatchEvents.GuildMemberAdd, {
			...memberPayload(member),
			guild_id: guild.id,
		});
		return member;
	}

	/** Gives a member a role, or takes it away. */
	setRole(guildId: string, userId: string, roleName: string, on: boolean): void {
		const guild = findGuild(this.deps.world, guildId);
		const member = findMember(guild, userId);
		const role = guild.roles.find((r) => r.name === roleName);
		if (!role) throw new Error(`no role ${roleName}`);
		member.roles = on ? [...new Set([...member.roles, role.id])] : member.roles.filter((r) => r !== role.id);
		this.deps.gateway.dispatchToGuild(guild.id, GatewayDispatchEvents.GuildMemberUpdate, {
			...memberPayload(member),
			guild_id: guild.id,
		});
	}

	/**
	 * A member uses a slash command, in a channel or a thread (not an archived one: Discord offers no commands there).
	 * Resolves when the bot has answered (or failed to, after 3 s).
	 */
	async command(input: CommandInput): Promise<InteractionRecord> {
		const { guild, channel } = findChannel(this.deps.world, input.channel, input.guild);
		const member = this.inThread(guild, channel, findMember(guild, input.user));
		if (isThread(channel) && channel.archived)
			throw new Error(`"${channel.name}" is archived: no one uses commands in an archived thread`);
		const command = this.deps.commands.find(guild.id, input.name);
		if (!command) throw new Error(`/${input.name} is not registered in ${guild.name}`);
		const type = input.autocomplete
			? InteractionType.ApplicationCommandAutocomplete
			: InteractionType.ApplicationCommand;
		const record = this.deps.interactions.open(type, guild, channel, member);
		const resolved = this.resolve(guild, command.options ?? [], input.options ?? [], `/${input.name}`);
		const payload: CommandInteraction = {
			...this.context(record, guild, channel, member),
			type,
			data: {
				id: command.id,
				name: input.name,
				type: ApplicationCommandType.ChatInput,
				guild_id: command.guild_id,
				options: (input.options ?? []) as APIApplicationCommandInteractionDataOption[],
				...(resolved ? { resolved } : {}),
			},
		};
		this.dispatch(guild, record, payload);
		await record.settled;
		return record;
	}

	/** A member clicks a button on a message, in a channel or a thread. Resolves when the bot has answered (or failed to). */
	async click(input: ClickInput): Promise<InteractionRecord> {
		const { guild, channel } = findChannel(this.deps.world, input.channel, input.guild);
		const member = this.inThread(guild, channel, findMember(guild, input.user));
		const message = this.deps.messages.find(channel.id, input.messageId);
		if (!message) throw new Error(`no message ${input.messageId} in #${channel.name}`);
		if (message.visibleTo && message.visibleTo !== member.user.id)
			throw new Error('that message is not visible to them');
		// However deep it stands: in a row, in a container, or beside a section's text (Components V2).
		const button = buttonsOf(message.components).find((b) => b.custom_id === input.customId);
		if (!button) throw new Error(`no button ${input.customId} on that message`);
		if (button.disabled && !input.stale) throw new Error('that button is disabled');
		const record = this.deps.interactions.open(InteractionType.MessageComponent, guild, channel, member, {
			sourceMessageId: message.id,
		});
		const payload: ButtonInteraction = {
			...this.context(record, guild, channel, member),
			type: InteractionType.MessageComponent,
			data: { custom_id: input.customId, component_type: ComponentType.Button },
			message: messagePayload(message),
		};
		this.dispatch(guild, record, payload);
		await record.settled;
		return record;
	}

	/** The member, when they may act where they are: a private thread shows only to its members (and moderators). */
	private inThread(guild: Guild, channel: Channel, member: Member): Member {
		if (isThread(channel) && !(permissionsIn(guild, channel, member.user.id) & PermissionFlagsBits.ViewChannel))
			throw new Error(`${member.user.global_name} cannot see the thread "${channel.name}", so cannot act there`);
		return member;
	}

	private dispatch(guild: Guild, record: InteractionRecord, payload: unknown) {
		this.deps.events.emit('interaction', record);
		if (!this.deps.gateway.dispatchToGuild(guild.id, GatewayDispatchEvents.InteractionCreate, payload)) {
			// No bot connected: Discord would tell the member the application did not respond.
			this.deps.log?.(`no bot connected for ${guild.name}`);
		}
	}

	/**
	 * What an interaction carries about where it was made. In a thread, `channel` is the thread and the permissions
	 * (the member's and `app_permissions`) are those there: its parent's, under the thread's rules.
	 */
	private context(record: InteractionRecord, guild: Guild, channel: Channel, member: Member): InteractionContext {
		const { world } = this.deps;
		const permissions = permissionsIn(guild, channel, member.user.id);
		return {
			id: record.id,
			application_id: world.applicationId,
			token: record.token,
			version: 1,
			guild_id: guild.id,
			guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
			channel_id: channel.id,
			channel: isThread(channel)
				? { ...withoutMember(this.deps.threads.payload(channel)), permissions: String(permissions) }
				: {
						id: channel.id,
						type: ChannelType.GuildText,
						guild_id: guild.id,
						name: channel.name,
						permissions: String(permissions),
						flags: NO_FLAGS,
						last_message_id: null,
						nsfw: false,
						parent_id: null,
						position: channel.position,
						rate_limit_per_user: 0,
						topic: null,
					},
			member: { ...memberPayload(member), permissions: String(permissions) },
			app_permissions: String(permissionsIn(guild, channel, world.bot.id)),
			locale: Locale.EnglishUS,
			guild_locale: Locale.EnglishUS,
			entitlements: [],
			authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
			context: InteractionContextType.Guild,
			attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
		};
	}

	/**
	 * What the options name, resolved as Discord does for the bot; null when they name nothing. An attachment option
	 * must be one the command registered, and its value a file uploaded here first: no client can send another.
	 */
	private resolve(
		guild: Guild,
		registered: readonly APIApplicationCommandOption[],
		options: CommandOption[],
		label: string,
	): Resolved | null {
		const roles: Record<string, ResolvedRole> = {};
		const attachments: Record<string, APIAttachment> = {};
		const users: NonNullable<Resolved['users']> = {};
		const members: NonNullable<Resolved['members']> = {};
		const walk = (schema: readonly APIApplicationCommandOption[] | undefined, list: CommandOption[], where: string) => {
			for (const o of list) {
				const declared = schema?.find((d) => d.name === o.name);
				if (o.type === ApplicationCommandOptionType.Role && typeof o.value === 'string') {
					const role = guild.roles.find((r) => r.id === o.value);
					if (role) roles[role.id] = resolvedRole(role);
				}
				if (o.type === ApplicationCommandOptionType.User && typeof o.value === 'string') {
					if (declared?.type !== ApplicationCommandOptionType.User)
						throw new Error(`${where} has no user option ${o.name}`);
					const member = findMember(guild, o.value);
					const { user, deaf: _deaf, mute: _mute, ...rest } = memberPayload(member);
					users[user.id] = member.user;
					members[user.id] = { ...rest, permissions: String(guildPermissions(guild, member.user.id)) };
				}
				if (o.type === ApplicationCommandOptionType.Attachment) {
					if (declared?.type !== ApplicationCommandOptionType.Attachment)
						throw new Error(`${where} has no attachment option ${o.name}`);
					const attachment = typeof o.value === 'string' ? this.deps.attachments.find(o.value) : undefined;
					if (!attachment) throw new Error(`${o.name}: no attachment ${String(o.value)} was uploaded`);
					attachments[attachment.id] = attachment;
				}
				if (o.options)
					walk(declared && 'options' in declared ? declared.options : undefined, o.options, `${where} ${o.name}`);
			}
		};
		walk(registered, options, label);
		const has = (record: object) => Object.keys(record).length > 0;
		if (!has(roles) && !has(attachments) && !has(users)) return null;
		return {
			...(has(roles) ? { roles } : {}),
			...(has(attachments) ? { attachments } : {}),
			...(has(users) ? { users, members } : {}),
		};
	}
}

function resolvedRole(role: Guild['roles'][number]): ResolvedRole {
	return {
		id: role.id,
		name: role.name,
		permissions: String(role.permissions),
		position: role.position,
		color: 0,
		hoist: false,
		managed: false,
		mentionable: false,
		flags: NO_FLAGS,
	};
}

/** A thread as an interaction carries it: without the bot's own thread member, which only REST answers add. */
function withoutMember(thread: APIThreadChannel): APIThreadChannel {
	const { member: _member, ...rest } = thread;
	return rest;
}
