import {
	type APIGuildMember,
	type APIThreadChannel,
	type APIThreadMember,
	ChannelType,
	PermissionFlagsBits,
	ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import type { Channel, Guild, StoredMessage, Thread, ThreadMember } from './model.js';
import { channelPermissions, memberPayload, NO_FLAGS } from './world.js';

/** The inactivity after which Discord hides a thread, in minutes: the only values it takes. */
export const AUTO_ARCHIVE_DURATIONS: readonly number[] = [
	ThreadAutoArchiveDuration.OneHour,
	ThreadAutoArchiveDuration.OneDay,
	ThreadAutoArchiveDuration.ThreeDays,
	ThreadAutoArchiveDuration.OneWeek,
];

/** What a thread's `auto_archive_duration` is when its creator gives none: the parent's default, a day here. */
export const DEFAULT_AUTO_ARCHIVE = ThreadAutoArchiveDuration.OneDay;

/** Discord's `member_count` stops counting at 50 (its docs: "only used in our UI"). */
export const MEMBER_COUNT_CAP = 50;

/** Whether a channel is a thread. */
export function isThread(channel: Channel): channel is Thread {
	return 'parentId' in channel;
}

/** The thread of that id in a guild, or undefined. */
export function threadOf(guild: Guild, id: string): Thread | undefined {
	return guild.threads.find((t) => t.id === id);
}

/**
 * A member's permissions in a channel or a thread. A thread has its parent's, and a private one shows (everything
 * else with it) only to its members and to those who may manage threads, as on Discord.
 */
export function permissionsIn(guild: Guild, channel: Channel, userId: string): bigint {
	if (!isThread(channel)) return channelPermissions(guild, channel, userId);
	const parent = guild.channels.find((c) => c.id === channel.parentId);
	if (!parent) return 0n;
	const permissions = channelPermissions(guild, parent, userId);
	const hidden =
		channel.type === ChannelType.PrivateThread &&
		!channel.members.has(userId) &&
		!(permissions & PermissionFlagsBits.ManageThreads);
	return hidden ? 0n : permissions;
}

/** Whether a member (or the bot) sees the thread at all. */
export const canView = (guild: Guild, thread: Thread, userId: string): boolean =>
	(permissionsIn(guild, thread, userId) & PermissionFlagsBits.ViewChannel) !== 0n;

/**
 * A thread member as Discord sends it. `withIds` is false within GUILD_CREATE, where Discord leaves out the ids;
 * `member` is the guild member, for the calls that ask `with_member` and for THREAD_MEMBERS_UPDATE.
 */
export function threadMemberPayload(
	thread: Thread,
	member: ThreadMember,
	options: { withIds?: boolean; member?: APIGuildMember } = {},
): APIThreadMember {
	return {
		...(options.withIds === false ? {} : { id: thread.id, user_id: member.userId }),
		join_timestamp: member.joinedAt,
		flags: NO_FLAGS,
		...(options.member ? { member: options.member } : {}),
	};
}

/** A thread member with the guild member and presence THREAD_MEMBERS_UPDATE carries for each added one. */
export function addedMemberPayload(guild: Guild, thread: Thread, member: ThreadMember) {
	const guildMember = guild.members.find((m) => m.user.id === member.userId);
	return {
		...threadMemberPayload(thread, member, guildMember ? { member: memberPayload(guildMember) } : {}),
		presence: null,
	};
}

/**
 * A thread as Discord sends it. The counts are its messages': `message_count` leaves out the deleted ones and
 * `total_message_sent` does not (ephemeral replies are no one's but their member's, so neither counts them).
 * `viewerId` (the bot) gets its own thread member as `member` when it is in the thread.
 */
export function threadPayload(
	thread: Thread,
	messages: readonly StoredMessage[],
	viewerId: string,
	options: { withMemberIds?: boolean } = {},
): APIThreadChannel {
	const sent = messages.filter((m) => m.visibleTo === undefined);
	const own = thread.members.get(viewerId);
	return {
		id: thread.id,
		type: thread.type,
		guild_id: thread.guildId,
		name: thread.name,
		parent_id: thread.parentId,
		owner_id: thread.ownerId,
		last_message_id: sent.at(-1)?.id ?? null,
		rate_limit_per_user: thread.rateLimitPerUser,
		flags: NO_FLAGS,
		thread_metadata: {
			archived: thread.archived,
			auto_archive_duration: thread.autoArchiveDuration,
			archive_timestamp: thread.archivedAt,
			locked: thread.locked,
			create_timestamp: thread.createdAt,
			...(thread.type === ChannelType.PrivateThread ? { invitable: thread.invitable } : {}),
		},
		member_count: Math.min(thread.members.size, MEMBER_COUNT_CAP),
		message_count: sent.filter((m) => !m.deleted).length,
		total_message_sent: sent.length,
		...(own ? { member: threadMemberPayload(thread, own, { withIds: options.withMemberIds }) } : {}),
	};
}
