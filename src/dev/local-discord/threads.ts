import type { EventEmitter } from 'node:events';
import {
	type APIThreadChannel,
	ChannelType,
	GatewayDispatchEvents,
	GatewayIntentBits,
	MessageFlags,
	PermissionFlagsBits,
	RESTJSONErrorCodes,
	type ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import { HttpError, type Violate } from './errors.js';
import type { Gateway } from './gateway.js';
import type { MessageStore, ThreadGuard } from './messages.js';
import type { Channel, Guild, StoredMessage, Thread, ThreadType, World } from './model.js';
import {
	addedMemberPayload,
	canView,
	DEFAULT_AUTO_ARCHIVE,
	isThread,
	MEMBER_COUNT_CAP,
	permissionsIn,
	threadMemberPayload,
	threadOf,
	threadPayload,
} from './thread-model.js';
import { findChannel, findGuild, findMember, snowflake } from './world.js';

/** What a thread is made with: what its creator chose. */
export interface NewThread {
	name: string;
	type: ThreadType;
	autoArchiveDuration?: ThreadAutoArchiveDuration;
	/** Private threads only; true when left out. */
	invitable?: boolean;
	rateLimitPerUser?: number;
}

/** What may change in a thread (`PATCH /channels/:id`, or a moderator in Discord's own interface). */
export type ThreadChanges = Partial<
	Pick<Thread, 'name' | 'archived' | 'locked' | 'autoArchiveDuration' | 'invitable' | 'rateLimitPerUser'>
>;

/** A member starting a thread in Discord's own interface. */
export interface StartThreadInput {
	/** Who starts it: a member's id or name. */
	user: string;
	/** The text channel it goes in, by id or name. */
	channel: string;
	guild?: string;
	name: string;
	/** `public` (the default) or `private`. */
	type?: 'public' | 'private';
	/** Starts it from this message of the channel: a public thread with the message's id, as on Discord. */
	messageId?: string;
	autoArchiveDuration?: ThreadAutoArchiveDuration;
}

/** The parts of the local Discord that threads work with. */
export interface ThreadsDeps {
	world: World;
	violate: Violate;
	events: EventEmitter;
	gateway: Gateway;
	messages: MessageStore;
}

/** The intents a THREAD_MEMBERS_UPDATE goes to: every session when the bot is the one added or removed. */
const membersIntents = (botInvolved: boolean) =>
	botInvolved ? GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers : GatewayIntentBits.GuildMembers;

/**
 * The guilds' threads: made, changed, joined, left and deleted, by the bot's REST calls (thread-routes.ts) or by
 * members and moderators in Discord's own interface (the helpers at the end). Each change tells the bot what Discord
 * tells it, and only when it may see the thread; `thread` is emitted (`create`, `update`, `members`, `delete`) for
 * observers such as the playground.
 */
export class Threads implements ThreadGuard {
	constructor(private readonly deps: ThreadsDeps) {}

	private get botId(): string {
		return this.deps.world.bot.id;
	}

	/** A thread as the REST API answers it to the bot, and THREAD_CREATE and THREAD_UPDATE carry it. */
	payload(thread: Thread, options: { withMemberIds?: boolean } = {}): APIThreadChannel {
		return threadPayload(thread, this.deps.messages.byChannel.get(thread.id) ?? [], this.botId, options);
	}

	/** The guild's active threads the bot may see, newest first, as GUILD_CREATE and `threads/active` list them. */
	active(guild: Guild): Thread[] {
		return guild.threads
			.filter((t) => !t.archived && canView(guild, t, this.botId))
			.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
	}

	/**
	 * Makes a thread in a text channel; its creator joins it. From a message (`starter`), the thread takes the
	 * message's id and the message is flagged as having one.
	 */
	create(guild: Guild, parent: Channel, ownerId: string, spec: NewThread, starter?: StoredMessage): Thread {
		const now = new Date().toISOString();
		const thread: Thread = {
			id: starter?.id ?? snowflake(),
			guildId: guild.id,
			name: spec.name,
			position: 0,
			overwrites: [],
			type: spec.type,
			parentId: parent.id,
			ownerId,
			createdAt: now,
			archived: false,
			locked: false,
			autoArchiveDuration: spec.autoArchiveDuration ?? DEFAULT_AUTO_ARCHIVE,
			archivedAt: now,
			invitable: spec.invitable ?? true,
			rateLimitPerUser: spec.rateLimitPerUser ?? 0,
			members: new Map([[ownerId, { userId: ownerId, joinedAt: now }]]),
		};
		guild.threads.push(thread);
		this.deps.messages.byChannel.set(thread.id, []);
		if (starter) {
			starter.flags |= MessageFlags.HasThread;
			this.deps.events.emit('message', { kind: 'update', message: starter });
		}
		this.deps.events.emit('thread', { kind: 'create', thread });
		if (canView(guild, thread, this.botId)) {
			this.dispatch(guild, GatewayDispatchEvents.ThreadCreate, { ...this.payload(thread), newly_created: true });
			this.membersUpdate(guild, thread, { added: [ownerId] });
		}
		return thread;
	}

	/** Changes a thread and tells the bot; unarchiving also tells its members (the bot among them), as Discord does. */
	update(guild: Guild, thread: Thread, changes: ThreadChanges): void {
		const unarchived = thread.archived && changes.archived === false;
		const archiveChanged = changes.archived !== undefined && changes.archived !== thread.archived;
		const durationChanged =
			changes.autoArchiveDuration !== undefined && changes.autoArchiveDuration !== thread.autoArchiveDuration;
		Object.assign(thread, changes);
		if (archiveChanged || durationChanged) thread.archivedAt = new Date().toISOString();
		this.deps.events.emit('thread', { kind: 'update', thread });
		if (!canView(guild, thread, this.botId)) return;
		this.dispatch(guild, GatewayDispatchEvents.ThreadUpdate, this.payload(thread));
		const own = thread.members.get(this.botId);
		if (unarchived && own)
			this.dispatch(guild, GatewayDispatchEvents.ThreadMemberUpdate, {
				...threadMemberPayload(thread, own),
				guild_id: guild.id,
			});
	}

	/** Deletes a thread (its messages stay in the store, for observers) and tells the bot, if it could see it. */
	remove(guild: Guild, thread: Thread): void {
		const seen = canView(guild, thread, this.botId);
		guild.threads = guild.threads.filter((t) => t !== thread);
		this.deps.events.emit('thread', { kind: 'delete', thread });
		if (seen)
			this.dispatch(guild, GatewayDispatchEvents.ThreadDelete, {
				id: thread.id,
				guild_id: guild.id,
				parent_id: thread.parentId,
				type: thread.type,
			});
	}

	/** Deletes the threads of a text channel that is itself deleted: Discord takes them with it. */
	removeAllIn(guild: Guild, parentId: string): void {
		guild.threads = guild.threads.filter((t) => t.parentId !== parentId);
	}

	/**
	 * Adds someone to a thread; false when they already were. The bot added is sent the thread (THREAD_CREATE, with
	 * its thread member) before the members' update, so that it knows a private thread it could not see.
	 */
	addMember(guild: Guild, thread: Thread, userId: string): boolean {
		if (thread.members.has(userId)) return false;
		thread.members.set(userId, { userId, joinedAt: new Date().toISOString() });
		this.deps.events.emit('thread', { kind: 'members', thread });
		if (!canView(guild, thread, this.botId)) return true;
		if (userId === this.botId) this.dispatch(guild, GatewayDispatchEvents.ThreadCreate, this.payload(thread));
		this.membersUpdate(guild, thread, { added: [userId] });
		return true;
	}

	/** Takes someone out of a thread; false when they were not in it. */
	removeMember(guild: Guild, thread: Thread, userId: string): boolean {
		const seen = canView(guild, thread, this.botId);
		if (!thread.members.delete(userId)) return false;
		this.deps.events.emit('thread', { kind: 'members', thread });
		if (seen) this.membersUpdate(guild, thread, { removed: [userId] });
		return true;
	}

	private membersUpdate(guild: Guild, thread: Thread, change: { added?: string[]; removed?: string[] }) {
		const added = (change.added ?? []).flatMap((id) => {
			const member = thread.members.get(id);
			return member ? [addedMemberPayload(guild, thread, member)] : [];
		});
		const botInvolved = [...(change.added ?? []), ...(change.removed ?? [])].includes(this.botId);
		const data = {
			id: thread.id,
			guild_id: guild.id,
			member_count: Math.min(thread.members.size, MEMBER_COUNT_CAP),
			...(added.length ? { added_members: added } : {}),
			...(change.removed?.length ? { removed_member_ids: change.removed } : {}),
		};
		this.deps.gateway.dispatchToGuild(
			guild.id,
			GatewayDispatchEvents.ThreadMembersUpdate,
			data,
			membersIntents(botInvolved),
		);
	}

	private dispatch(guild: Guild, event: GatewayDispatchEvents, data: unknown) {
		this.deps.gateway.dispatchToGuild(guild.id, event, data, GatewayIntentBits.Guilds);
	}

	// ── posts in threads (the ThreadGuard messages.ts asks) ──────────────────────────────────────────────────────

	/**
	 * Refuses a post in a locked thread to the bot when it may not manage threads (50083 when the thread is also
	 * archived, 160005 when it is active), and any edit in an archived one: only deleting happens there on Discord.
	 */
	refuse(guild: Guild, channel: Channel, edit = false): void {
		if (!isThread(channel)) return;
		const manages = (permissionsIn(guild, channel, this.botId) & PermissionFlagsBits.ManageThreads) !== 0n;
		const what = edit ? 'edited a message' : 'posted';
		if (channel.archived && (edit || (channel.locked && !manages))) {
			this.deps.violate('invalid', `the bot ${what} in the archived thread "${channel.name}"`);
			throw new HttpError(400, RESTJSONErrorCodes.InvalidActionOnArchivedThread, 'Thread is archived');
		}
		if (channel.locked && !manages) {
			this.deps.violate('invalid', `the bot ${what} in the locked thread "${channel.name}" without Manage Threads`);
			throw new HttpError(400, RESTJSONErrorCodes.ThreadLocked, 'Thread is locked');
		}
	}

	/** A post in an archived thread (not locked, or by one who manages threads) unarchives it, as on Discord. */
	posted(guild: Guild, channel: Channel): void {
		if (isThread(channel) && channel.archived) this.update(guild, channel, { archived: false });
	}

	// ── what members and moderators do in Discord's own interface (tests, the playground) ────────────────────────

	/** A member starts a thread in a text channel (from one of its messages, with `messageId`), and joins it. */
	start(input: StartThreadInput): Thread {
		const { guild, channel } = findChannel(this.deps.world, input.channel, input.guild);
		if (isThread(channel)) throw new Error(`"${channel.name}" is a thread: threads start in text channels`);
		const member = findMember(guild, input.user);
		if (!(permissionsIn(guild, channel, member.user.id) & PermissionFlagsBits.ViewChannel))
			throw new Error(`${member.user.global_name} cannot see #${channel.name}`);
		const starter = input.messageId ? this.deps.messages.find(channel.id, input.messageId) : undefined;
		if (input.messageId && !starter) throw new Error(`no message ${input.messageId} in #${channel.name}`);
		if (starter && threadOf(guild, starter.id)) throw new Error('that message already has a thread');
		const type = input.type === 'private' && !starter ? ChannelType.PrivateThread : ChannelType.PublicThread;
		const spec = { name: input.name, type, autoArchiveDuration: input.autoArchiveDuration } as const;
		return this.create(guild, channel, member.user.id, spec, starter);
	}

	/** A member or a moderator archives a thread (closes it); Discord tells the bot with THREAD_UPDATE. */
	archive(threadId: string): void {
		const { guild, thread } = this.find(threadId);
		if (!thread.archived) this.update(guild, thread, { archived: true });
	}

	/** A member (a moderator for a locked thread) opens an archived thread again. */
	unarchive(threadId: string): void {
		const { guild, thread } = this.find(threadId);
		if (thread.archived) this.update(guild, thread, { archived: false });
	}

	/** A moderator locks a thread (only those who manage threads may then post or unarchive it), or unlocks it. */
	lock(threadId: string, locked = true): void {
		const { guild, thread } = this.find(threadId);
		if (thread.locked !== locked) this.update(guild, thread, { locked });
	}

	/** A moderator deletes a thread; Discord tells the bot with THREAD_DELETE. */
	delete(threadId: string): void {
		const { guild, thread } = this.find(threadId);
		this.remove(guild, thread);
	}

	/** A member joins a thread (or is added to it); THREAD_MEMBERS_UPDATE goes to sessions with Guild Members. */
	join(threadId: string, user: string): void {
		const { guild, thread } = this.find(threadId);
		const member = findMember(guild, user);
		if (thread.archived) throw new Error(`"${thread.name}" is archived: no one joins an archived thread`);
		this.addMember(guild, thread, member.user.id);
	}

	/** A member leaves a thread (or is taken out of it). */
	leave(threadId: string, user: string): void {
		const { guild, thread } = this.find(threadId);
		this.removeMember(guild, thread, findMember(guild, user).user.id);
	}

	/** A guild's threads (archived ones included), by guild id or name. */
	of(guild: string): Thread[] {
		return findGuild(this.deps.world, guild).threads;
	}

	/** A thread by id, with its guild; throws for a test's or the playground's mistake. */
	find(threadId: string): { guild: Guild; thread: Thread } {
		for (const guild of this.deps.world.guilds) {
			const thread = threadOf(guild, threadId);
			if (thread) return { guild, thread };
		}
		throw new Error(`no thread ${threadId}`);
	}
}
