import {
	ChannelType,
	MessageFlags,
	PermissionFlagsBits,
	RESTJSONErrorCodes,
	type RESTPostAPIChannelThreadsJSONBody,
	type ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import { type Access, missingPermissions } from './access.js';
import { HttpError, unknownMessage, type Violate } from './errors.js';
import { FormChecks, queryFlag, refuseForm } from './form-checks.js';
import type { MessageStore } from './messages.js';
import type { Channel, Guild, Thread, World } from './model.js';
import type { RouteEntry } from './routes.js';
import { AUTO_ARCHIVE_DURATIONS, isThread, threadMemberPayload, threadOf } from './thread-model.js';
import type { ThreadChanges, Threads } from './threads.js';
import { findChannel, memberPayload } from './world.js';

/** The parts of the local Discord the thread routes answer from. */
export interface ThreadRoutesDeps {
	world: World;
	violate: Violate;
	access: Access;
	threads: Threads;
	messages: MessageStore;
}

/** The most seconds of slowmode Discord takes. */
const SLOWMODE_LIMIT = 21_600;

type ThreadBody = Partial<RESTPostAPIChannelThreadsJSONBody & { archived: boolean; locked: boolean }>;

/** A thread body's fields checked as Discord checks them; `name` is required unless the body is an edit. */
function threadChecks(body: ThreadBody, edit = false): FormChecks {
	const checks = new FormChecks();
	checks.string('name', body.name, 1, 100, { optional: edit });
	checks.choice('auto_archive_duration', body.auto_archive_duration, AUTO_ARCHIVE_DURATIONS);
	checks.integer('rate_limit_per_user', body.rate_limit_per_user, 0, SLOWMODE_LIMIT, true);
	checks.boolean('invitable', body.invitable);
	checks.boolean('archived', body.archived);
	checks.boolean('locked', body.locked);
	return checks;
}

/**
 * The thread routes: starting a thread (from a message or without one), editing and deleting it, its members, and
 * a guild's active threads. Each refuses what Discord refuses, with its status and code, and records it.
 */
export function threadRoutes(deps: ThreadRoutesDeps): RouteEntry[] {
	const { world, violate, access, threads, messages } = deps;
	const refuse = (kind: 'invalid' | 'permission', detail: string, error: HttpError) => {
		violate(kind, detail);
		return error;
	};
	const notThread = (channel: Channel, what: string) =>
		refuse(
			'invalid',
			`${what} on #${channel.name}, which is not a thread`,
			new HttpError(
				400,
				RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType,
				'Cannot execute action on this channel type',
			),
		);
	const archived = (thread: Thread, what: string) =>
		refuse(
			'invalid',
			`${what} in the archived thread "${thread.name}"`,
			new HttpError(400, RESTJSONErrorCodes.InvalidActionOnArchivedThread, 'Thread is archived'),
		);
	/** A text channel to start a thread in: a thread cannot hold one. */
	const parentOf = (auth: string | undefined, id: string, what: string) => {
		access.requireBot(auth);
		const { guild, channel } = findChannel(world, id);
		if (isThread(channel)) throw notThread(channel, what);
		return { guild, channel };
	};
	/** A thread the bot may see, for the routes that act on one. */
	const threadFor = (auth: string | undefined, id: string, what: string): { guild: Guild; thread: Thread } => {
		access.requireBot(auth);
		const { guild, channel } = findChannel(world, id);
		access.requireChannel(guild, channel);
		if (!isThread(channel)) throw notThread(channel, what);
		return { guild, thread: channel };
	};
	const manages = (guild: Guild, thread: Thread) =>
		(access.permissions(guild, thread) & PermissionFlagsBits.ManageThreads) !== 0n;
	const memberOf = (guild: Guild, userId: string) => guild.members.find((m) => m.user.id === userId);
	const unknownMember = () => new HttpError(404, RESTJSONErrorCodes.UnknownMember, 'Unknown Member');

	return [
		[
			'POST /channels/:id/threads',
			({ auth, params: [id], body }) => {
				const { guild, channel } = parentOf(auth, id, 'started a thread');
				const b = (body ?? {}) as ThreadBody;
				// On API v10 a thread started without a message is private unless `type` says otherwise (Discord's docs).
				const type = b.type ?? ChannelType.PrivateThread;
				const checks = threadChecks(b);
				checks.choice('type', type, [ChannelType.PublicThread, ChannelType.PrivateThread]);
				refuseForm(violate, `thread in #${channel.name}`, checks);
				const private_ = type === ChannelType.PrivateThread;
				access.requireChannel(guild, channel, [
					private_ ? PermissionFlagsBits.CreatePrivateThreads : PermissionFlagsBits.CreatePublicThreads,
				]);
				const thread = threads.create(guild, channel, world.bot.id, {
					name: b.name ?? '',
					type: private_ ? ChannelType.PrivateThread : ChannelType.PublicThread,
					autoArchiveDuration: b.auto_archive_duration,
					// `invitable` is for private threads only: a public one ignores it.
					invitable: private_ ? b.invitable : undefined,
					rateLimitPerUser: b.rate_limit_per_user ?? 0,
				});
				return threads.payload(thread);
			},
		],
		[
			'POST /channels/:id/messages/:id/threads',
			({ auth, params: [id, messageId], body }) => {
				const { guild, channel } = parentOf(auth, id, 'started a thread from a message');
				access.requireChannel(guild, channel, [PermissionFlagsBits.CreatePublicThreads]);
				const message = messages.find(channel.id, messageId);
				if (!message || message.visibleTo) throw unknownMessage();
				const b = (body ?? {}) as ThreadBody;
				refuseForm(violate, `thread from a message in #${channel.name}`, threadChecks(b));
				if (threadOf(guild, message.id) || message.flags & MessageFlags.HasThread)
					throw refuse(
						'invalid',
						`a second thread from the message ${message.id} in #${channel.name}`,
						new HttpError(
							400,
							RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage,
							'A thread has already been created for this message',
						),
					);
				const spec = {
					name: b.name ?? '',
					type: ChannelType.PublicThread,
					autoArchiveDuration: b.auto_archive_duration,
					rateLimitPerUser: b.rate_limit_per_user ?? 0,
				} as const;
				return threads.payload(threads.create(guild, channel, world.bot.id, spec, message));
			},
		],
		[
			'PATCH /channels/:id',
			({ auth, params: [id], body }) => {
				access.requireBot(auth);
				const { guild, channel } = findChannel(world, id);
				if (!isThread(channel)) {
					violate('unknown', `PATCH /channels/:id on #${channel.name}: this local Discord edits only threads`);
					throw new HttpError(404, RESTJSONErrorCodes.GeneralError, '404: Not Found (PATCH /channels/:id)');
				}
				access.requireChannel(guild, channel);
				const b = (body ?? {}) as ThreadBody;
				refuseForm(violate, `edit of the thread "${channel.name}"`, threadChecks(b, true));
				const changes = changesOf(channel, b);
				authorizeEdit(guild, channel, changes);
				threads.update(guild, channel, changes);
				return threads.payload(channel);
			},
		],
		[
			'DELETE /channels/:id',
			({ auth, params: [id] }) => {
				access.requireBot(auth);
				const { guild, channel } = findChannel(world, id);
				if (!isThread(channel)) {
					violate('unknown', `DELETE /channels/:id on #${channel.name}: this local Discord deletes only threads`);
					throw new HttpError(404, RESTJSONErrorCodes.GeneralError, '404: Not Found (DELETE /channels/:id)');
				}
				access.requireChannel(guild, channel, [PermissionFlagsBits.ManageThreads]);
				const payload = threads.payload(channel);
				threads.remove(guild, channel);
				return payload;
			},
		],
		[
			'PUT /channels/:id/thread-members/@me',
			({ auth, params: [id] }) => {
				const { guild, thread } = threadFor(auth, id, 'joined');
				if (thread.archived) throw archived(thread, 'the bot joined');
				threads.addMember(guild, thread, world.bot.id);
				return undefined;
			},
		],
		[
			'DELETE /channels/:id/thread-members/@me',
			({ auth, params: [id] }) => {
				const { guild, thread } = threadFor(auth, id, 'left');
				if (thread.archived) throw archived(thread, 'the bot left');
				if (!threads.removeMember(guild, thread, world.bot.id))
					throw refuse('invalid', `the bot left "${thread.name}", which it was not in`, unknownMember());
				return undefined;
			},
		],
		[
			'PUT /channels/:id/thread-members/:id',
			({ auth, params: [id, userId] }) => {
				const { guild, thread } = threadFor(auth, id, 'added a member');
				// Adding someone takes being able to talk in the thread (Send Messages in Threads, there).
				access.requireChannel(guild, thread, [PermissionFlagsBits.SendMessages]);
				if (thread.archived) throw archived(thread, 'the bot added a member');
				if (!memberOf(guild, userId)) throw unknownMember();
				if (thread.type === ChannelType.PrivateThread && !thread.invitable && !manages(guild, thread))
					throw refuse(
						'permission',
						`the bot invited to "${thread.name}" (not invitable) without Manage Threads`,
						missingPermissions(),
					);
				threads.addMember(guild, thread, userId);
				return undefined;
			},
		],
		[
			'DELETE /channels/:id/thread-members/:id',
			({ auth, params: [id, userId] }) => {
				const { guild, thread } = threadFor(auth, id, 'removed a member');
				if (thread.archived) throw archived(thread, 'the bot removed a member');
				const ownPrivate = thread.type === ChannelType.PrivateThread && thread.ownerId === world.bot.id;
				if (!manages(guild, thread) && !ownPrivate)
					throw refuse(
						'permission',
						`the bot removed a member of "${thread.name}" without Manage Threads`,
						missingPermissions(),
					);
				if (!threads.removeMember(guild, thread, userId))
					throw refuse(
						'invalid',
						`the bot removed ${userId} from "${thread.name}", who was not in it`,
						unknownMember(),
					);
				return undefined;
			},
		],
		[
			'GET /channels/:id/thread-members/:id',
			({ auth, params: [id, userId], url }) => {
				const { guild, thread } = threadFor(auth, id, 'asked for a thread member');
				const member = thread.members.get(userId);
				if (!member) throw unknownMember();
				const guildMember = queryFlag(url, 'with_member') ? memberOf(guild, userId) : undefined;
				return threadMemberPayload(thread, member, guildMember ? { member: memberPayload(guildMember) } : {});
			},
		],
		[
			'GET /channels/:id/thread-members',
			({ auth, params: [id], url }) => {
				const { guild, thread } = threadFor(auth, id, 'listed thread members');
				const checks = new FormChecks();
				const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : 100;
				checks.integer('limit', limit, 1, 100);
				checks.snowflake('after', url.searchParams.get('after'));
				refuseForm(violate, `thread members of "${thread.name}"`, checks);
				const after = BigInt(url.searchParams.get('after') ?? 0);
				const withMember = queryFlag(url, 'with_member');
				return [...thread.members.values()]
					.filter((m) => BigInt(m.userId) > after)
					.sort((a, b) => (BigInt(a.userId) > BigInt(b.userId) ? 1 : -1))
					.slice(0, limit)
					.map((m) => {
						const guildMember = withMember ? memberOf(guild, m.userId) : undefined;
						return threadMemberPayload(thread, m, guildMember ? { member: memberPayload(guildMember) } : {});
					});
			},
		],
		[
			'GET /guilds/:id/threads/active',
			({ auth, params: [id] }) => {
				access.requireBot(auth);
				const guild = world.guilds.find((g) => g.id === id);
				if (!guild) throw new HttpError(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild');
				const active = threads.active(guild);
				return {
					threads: active.map((t) => threads.payload(t)),
					members: active.flatMap((t) => {
						const own = t.members.get(world.bot.id);
						return own ? [threadMemberPayload(t, own)] : [];
					}),
				};
			},
		],
	];

	/**
	 * Whether the bot may make these changes, as Discord's docs have it: unarchiving an unlocked thread takes only
	 * being able to talk in it; renaming, archiving and the auto-archive take being its creator or managing threads;
	 * locking and slowmode take managing threads; and in a locked thread, nothing but for those who manage threads.
	 * An archived thread takes no change unless the same edit unarchives it.
	 */
	function authorizeEdit(guild: Guild, thread: Thread, changes: ThreadChanges): void {
		const keys = Object.keys(changes) as (keyof ThreadChanges)[];
		if (thread.archived && changes.archived !== false && keys.length > 0)
			throw archived(thread, `the bot edited (${keys.join(', ')})`);
		if (manages(guild, thread) || keys.length === 0) return;
		const where = `the thread "${thread.name}"`;
		if (thread.locked)
			throw refuse(
				'invalid',
				`the bot changed ${keys.join(', ')} of the locked ${where} without Manage Threads`,
				new HttpError(400, RESTJSONErrorCodes.ThreadLocked, 'Thread is locked'),
			);
		const managerOnly = keys.filter((k) => k === 'locked' || k === 'rateLimitPerUser');
		const ownerOnly = keys.filter(
			(k) => k !== 'locked' && k !== 'rateLimitPerUser' && !(k === 'archived' && !changes.archived),
		);
		if (managerOnly.length > 0 || (ownerOnly.length > 0 && thread.ownerId !== world.bot.id))
			throw refuse(
				'permission',
				`the bot changed ${[...managerOnly, ...ownerOnly].join(', ')} of ${where} without Manage Threads`,
				missingPermissions(),
			);
		if (changes.archived === false) access.requireChannel(guild, thread, [PermissionFlagsBits.SendMessages]);
	}
}

/** The fields of an edit that change something, in the thread's terms. */
function changesOf(thread: Thread, body: ThreadBody): ThreadChanges {
	const asked: ThreadChanges = {
		...(body.name !== undefined ? { name: body.name } : {}),
		...(body.archived !== undefined ? { archived: body.archived } : {}),
		...(body.locked !== undefined ? { locked: body.locked } : {}),
		...(body.auto_archive_duration !== undefined
			? { autoArchiveDuration: body.auto_archive_duration as ThreadAutoArchiveDuration }
			: {}),
		// `invitable` means something only for a private thread.
		...(body.invitable !== undefined && thread.type === ChannelType.PrivateThread ? { invitable: body.invitable } : {}),
		...(body.rate_limit_per_user !== undefined ? { rateLimitPerUser: body.rate_limit_per_user ?? 0 } : {}),
	};
	return Object.fromEntries(
		Object.entries(asked).filter(([key, value]) => thread[key as keyof ThreadChanges] !== value),
	) as ThreadChanges;
}
