import type {
	APIAllowedMentions,
	APIAttachment,
	APIEmbed,
	APIGuildScheduledEventRecurrenceRule,
	APIMessageTopLevelComponent,
	ApplicationIntegrationType,
	ChannelType,
	GuildScheduledEventEntityType,
	GuildScheduledEventPrivacyLevel,
	GuildScheduledEventStatus,
	InteractionType,
	MessageFlags,
	MessageType,
	OverwriteType,
	ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';

/*
 * The local Discord's state as it keeps it: plain data shapes, with no behaviour, that every other module builds on
 * (world.ts makes them and computes permissions, thread-model.ts, messages.ts and scheduled-events.ts work on them).
 * They live here, apart, so that none of those modules needs another only for its types.
 */

/** A user (a member or the bot) as Discord sends it. */
export interface User {
	id: string;
	username: string;
	discriminator: '0';
	global_name: string;
	avatar: null;
	bot?: boolean;
}

/** A role, its permissions as bits. */
export interface Role {
	id: string;
	name: string;
	permissions: bigint;
	position: number;
}

/** A channel's permission overwrite for a role or a member, as bits. */
export interface Overwrite {
	id: string;
	type: OverwriteType;
	allow: bigint;
	deny: bigint;
}

/** A text channel of a guild. */
export interface Channel {
	id: string;
	guildId: string;
	name: string;
	position: number;
	overwrites: Overwrite[];
}

/** A member of a guild: the user, the ids of their roles, and when they joined. */
export interface Member {
	user: User;
	roles: string[];
	joinedAt: string;
}

/** A guild as the local Discord keeps it; the bot is always its last member. */
export interface Guild {
	id: string;
	name: string;
	ownerId: string;
	roles: Role[];
	/** Its text channels; threads are apart, in `threads`. */
	channels: Channel[];
	members: Member[];
	threads: Thread[];
	scheduledEvents: ScheduledEvent[];
}

/** Everything the local Discord serves: the bot, its token, and the guilds. */
export interface World {
	bot: User;
	token: string;
	applicationId: string;
	guilds: Guild[];
}

/** The thread types a text channel holds (announcement threads need an announcement channel, which is not here). */
export type ThreadType = ChannelType.PublicThread | ChannelType.PrivateThread;

/** Someone in a thread, and when they last joined it. */
export interface ThreadMember {
	userId: string;
	joinedAt: string;
}

/**
 * A thread as the local Discord keeps it: a channel of its own (its own messages and rate limits) inside a text
 * channel, under that channel's permissions. It has no overwrites of its own.
 */
export interface Thread extends Channel {
	type: ThreadType;
	parentId: string;
	/** Who started it. */
	ownerId: string;
	createdAt: string;
	archived: boolean;
	locked: boolean;
	autoArchiveDuration: ThreadAutoArchiveDuration;
	/** When `archived` last changed (or the thread was made, or its auto-archive changed): `archive_timestamp`. */
	archivedAt: string;
	/** Private threads: whether members who do not manage threads may add others. */
	invitable: boolean;
	rateLimitPerUser: number;
	/** Its members, by user id. */
	members: Map<string, ThreadMember>;
}

/** A message as the local Discord keeps it. */
export interface StoredMessage {
	id: string;
	channel_id: string;
	guild_id: string;
	author: User;
	content: string;
	embeds: APIEmbed[];
	components: APIMessageTopLevelComponent[];
	/**
	 * The files posted with it, as Discord answers them (id, filename, size, content_type, width and height of a
	 * PNG, and a signed `url` that serves the bytes); none when left out. An embed that named one as
	 * `attachment://<filename>` holds its url instead.
	 */
	attachments?: APIAttachment[];
	flags: MessageFlags;
	timestamp: string;
	edited_timestamp: string | null;
	type: MessageType;
	nonce?: string;
	webhook_id?: string;
	application_id?: string;
	/** For an interaction's reply: the interaction it answers. */
	interaction_metadata?: {
		id: string;
		type: InteractionType;
		user: User;
		authorizing_integration_owners: Partial<Record<ApplicationIntegrationType, string>>;
	};
	/** For an ephemeral message: the only member who sees it. */
	visibleTo?: string;
	/**
	 * The allowed mentions the bot last sent with it, which decide whom Discord notifies of the mentions in its
	 * content; without them, every mention in the content notifies.
	 */
	allowedMentions?: APIAllowedMentions;
	deleted?: boolean;
}

/** A guild's scheduled event as the local Discord keeps it. */
export interface ScheduledEvent {
	id: string;
	guildId: string;
	/** A voice or stage event's channel; null for an EXTERNAL one. */
	channelId: string | null;
	creatorId: string;
	name: string;
	description: string | null;
	/** ISO 8601. */
	start: string;
	end: string | null;
	privacyLevel: GuildScheduledEventPrivacyLevel;
	status: GuildScheduledEventStatus;
	entityType: GuildScheduledEventEntityType;
	/** An EXTERNAL event's `entity_metadata.location`. */
	location: string | null;
	/** The cover's hash, as Discord answers an uploaded image. */
	image: string | null;
	recurrenceRule: APIGuildScheduledEventRecurrenceRule | null;
	/** The members interested in it, by user id. */
	subscribers: Set<string>;
}
