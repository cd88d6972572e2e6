import type { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import {
	type APIAttachment,
	type APIEmbed,
	type APIMessage,
	GatewayDispatchEvents,
	MessageFlags,
	MessageType,
	PermissionFlagsBits,
	RESTJSONErrorCodes,
	type RESTPatchAPIChannelMessageJSONBody,
	type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import type { Access } from './access.js';
import type { Attachments } from './attachments.js';
import { contentTypeOf, type FilePart, matchFiles } from './body.js';
import { ATTACHMENT_SCHEME, checkMessage, checkSizes, type FileLike, type MessageBody } from './checks.js';
import { HttpError, unknownMessage, type Violate } from './errors.js';
import type { Gateway } from './gateway.js';
import { checkFlagsEdit, isComponentsV2 } from './layout-checks.js';
import type { Channel, Guild, StoredMessage, World } from './model.js';
import { editBucket, postBucket, type RateLimits } from './rate-limits.js';
import { findChannel, snowflake } from './world.js';

/** How long Discord remembers a nonce posted with `enforce_nonce`, and answers its retry with the earlier message. */
const NONCE_MEMORY_MS = 300_000;

/** What a new message is made of; the store gives it its id and timestamps. */
export type NewMessage = Omit<StoredMessage, 'id' | 'timestamp' | 'edited_timestamp'>;

/** The message as the REST API answers it, and as an interaction carries it. */
export type MessagePayload = Omit<StoredMessage, 'visibleTo' | 'deleted' | 'allowedMentions'> &
	Pick<APIMessage, 'tts' | 'mention_everyone' | 'mentions' | 'mention_roles' | 'attachments' | 'pinned'>;

export function messagePayload(message: StoredMessage): MessagePayload {
	const { visibleTo: _v, deleted: _d, allowedMentions: _a, ...rest } = message;
	return {
		...rest,
		tts: false,
		mention_everyone: false,
		mentions: [],
		mention_roles: [],
		attachments: message.attachments ?? [],
		pinned: false,
	};
}

/** The parts of the local Discord the store of messages works with. */
export interface MessageStoreDeps {
	world: World;
	violate: Violate;
	events: EventEmitter;
	gateway: Gateway;
	access: Access;
	limits: RateLimits;
	/** Where the files posted in messages are kept and served. */
	files: Attachments;
	/** What a thread does with a post or an edit in it (threads.ts). */
	threads: ThreadGuard;
}

/** A thread's say in posts and edits: refused in a locked or archived thread; a post unarchives one not locked. */
export interface ThreadGuard {
	/** Throws Discord's refusal when the thread's state forbids the post (or, with `edit`, the edit). */
	refuse(guild: Guild, channel: Channel, edit?: boolean): void;
	/** After a post in a thread: an archived one is unarchived, as a message does on Discord. */
	posted(guild: Guild, channel: Channel): void;
}

/** The files of a message post: the file parts of its multipart body, and the body's size in bytes. */
export interface Upload {
	files: FilePart[];
	size: number;
}

export const NO_UPLOAD: Upload = { files: [], size: 0 };

/** An embed's `attachment://<filename>` image and thumbnail, pointed at the message's file of that name. */
export function resolveEmbeds(embeds: APIEmbed[], attachments: readonly APIAttachment[]): APIEmbed[] {
	if (attachments.length === 0) return embeds;
	const resolve = <T extends { url: string }>(media: T | undefined): T | undefined => {
		if (!media?.url.startsWith(ATTACHMENT_SCHEME)) return media;
		const file = attachments.find((a) => a.filename === media.url.slice(ATTACHMENT_SCHEME.length));
		if (!file) return media;
		return {
			...media,
			url: file.url,
			proxy_url: file.proxy_url,
			...(file.width !== undefined && file.height !== undefined ? { width: file.width, height: file.height } : {}),
		};
	};
	return embeds.map((embed) => {
		const image = resolve(embed.image);
		const thumbnail = resolve(embed.thumbnail);
		return { ...embed, ...(image ? { image } : {}), ...(thumbnail ? { thumbnail } : {}) };
	});
}

const asFileLike = (attachments: readonly APIAttachment[] = []): FileLike[] =>
	attachments.map((a) => ({ filename: a.filename, size: a.size }));

/**
 * Every channel's messages, ephemeral ones and deleted ones included, and the bot's REST calls on them: each body is
 * checked against Discord's limits, each post and edit counted against the channel's rate limit. Emits `message`
 * (`create`, `update` or `delete`) for observers.
 */
export class MessageStore {
	/** Each channel's messages, oldest first, by channel id. */
	readonly byChannel = new Map<string, StoredMessage[]>();

	constructor(private readonly deps: MessageStoreDeps) {
		for (const guild of deps.world.guilds) for (const channel of guild.channels) this.byChannel.set(channel.id, []);
	}

	/** The messages of a channel as `viewerId` sees them (ephemeral messages only by their member). */
	visible(channelId: string, viewerId?: string): StoredMessage[] {
		return (this.byChannel.get(channelId) ?? []).filter(
			(m) => !m.deleted && (m.visibleTo === undefined || m.visibleTo === viewerId),
		);
	}

	find(channelId: string, messageId: string): StoredMessage | undefined {
		return this.byChannel.get(channelId)?.find((m) => m.id === messageId && !m.deleted);
	}

	add(fields: NewMessage): StoredMessage {
		const message: StoredMessage = {
			...fields,
			id: snowflake(),
			timestamp: new Date().toISOString(),
			edited_timestamp: null,
		};
		this.byChannel.get(fields.channel_id)?.push(message);
		this.deps.events.emit('message', { kind: 'create', message });
		return message;
	}

	/**
	 * The files a body is sent with, matched to its `attachments` entries, checked against Discord's limits (with the
	 * rest of the body) and served from the CDN. Refuses what Discord refuses.
	 */
	storeFiles(
		channelId: string,
		body: MessageBody & { attachments?: RESTPostAPIChannelMessageJSONBody['attachments'] },
		upload: Upload,
		where: string,
		kept: readonly APIAttachment[] = [],
	): APIAttachment[] {
		// In an edit, `attachments` also lists the files the message keeps: only the others name new file parts.
		const entries = body.attachments?.filter((entry) => !kept.some((file) => file.id === String(entry.id)));
		const matched = matchFiles(upload.files, entries);
		this.refuse(matched.problems, where);
		const sized = matched.files.map((f) => ({ filename: f.filename, size: f.bytes.length }));
		this.refuse(checkSizes(sized, upload.size), where, true);
		this.check(body, where, [...asFileLike(kept), ...sized]);
		return matched.files.map((file) =>
			this.deps.files.post(channelId, {
				filename: file.filename,
				bytes: file.bytes,
				contentType: contentTypeOf(file),
				description: file.description,
			}),
		);
	}

	/**
	 * Applies an edit once its result passes the checks; an edit also ends a deferred reply's "thinking". Files sent
	 * with it join those the message keeps: its `attachments`, when given, list them by id, as on Discord; left out,
	 * it keeps them all. A field left out keeps its value and `null` clears it. The edit may set `IS_COMPONENTS_V2`
	 * (when it leaves no content or embeds) but never clear it: that is refused and the message is unchanged.
	 */
	edit(
		message: StoredMessage,
		body: RESTPatchAPIChannelMessageJSONBody,
		where: string,
		upload: Upload = NO_UPLOAD,
	): StoredMessage {
		// Before any file of the edit is stored: a refused edit leaves nothing behind.
		this.refuse(checkFlagsEdit(message.flags, body.flags), where);
		const next = {
			content: body.content === undefined ? message.content : (body.content ?? ''),
			embeds: body.embeds === undefined ? message.embeds : (body.embeds ?? []),
			components: body.components === undefined ? message.components : (body.components ?? []),
		};
		// Of the flags only IS_COMPONENTS_V2 is the bot's to change here, and only to set it.
		const flags = isComponentsV2(body.flags) ? message.flags | MessageFlags.IsComponentsV2 : message.flags;
		const listed =
			body.attachments === undefined
				? message.attachments
				: (message.attachments ?? []).filter((a) => body.attachments?.some((entry) => String(entry.id) === a.id));
		const added = upload.files.length
			? this.storeFiles(
					message.channel_id,
					{ ...next, flags, ...(body.attachments ? { attachments: body.attachments } : {}) },
					upload,
					where,
					listed,
				)
			: [];
		const kept = added.length ? [...(listed ?? []), ...added] : listed;
		this.check({ ...next, flags }, where, asFileLike(kept));
		Object.assign(message, next, {
			embeds: resolveEmbeds(next.embeds, kept ?? []),
			...(kept ? { attachments: kept } : {}),
			...(body.allowed_mentions ? { allowedMentions: body.allowed_mentions } : {}),
			edited_timestamp: new Date().toISOString(),
			flags: flags & ~MessageFlags.Loading,
		});
		this.deps.events.emit('message', { kind: 'update', message });
		return message;
	}

	/** Deletes a message, as a member with Manage Messages (or the bot) does, and tells the bot. */
	delete(channelId: string, messageId: string): void {
		const message = this.find(channelId, messageId);
		if (!message) throw unknownMessage();
		message.deleted = true;
		this.deps.events.emit('message', { kind: 'delete', message });
		this.deps.gateway.dispatchToGuild(message.guild_id, GatewayDispatchEvents.MessageDelete, {
			id: message.id,
			channel_id: channelId,
			guild_id: message.guild_id,
		});
	}

	/**
	 * Deletes several messages of one channel at once, as a moderator's bulk delete (or a purge bot) does: Discord tells
	 * the bot with one MESSAGE_DELETE_BULK, not a MESSAGE_DELETE for each.
	 */
	deleteMany(channelId: string, messageIds: readonly string[]): void {
		const messages = messageIds.map((id) => this.find(channelId, id));
		if (messages.some((message) => !message)) throw unknownMessage();
		const deleted = messages.filter((message): message is StoredMessage => message !== undefined);
		const guildId = deleted[0]?.guild_id;
		if (!guildId) return;
		for (const message of deleted) {
			message.deleted = true;
			this.deps.events.emit('message', { kind: 'delete', message });
		}
		this.deps.gateway.dispatchToGuild(guildId, GatewayDispatchEvents.MessageDeleteBulk, {
			ids: deleted.map((message) => message.id),
			channel_id: channelId,
			guild_id: guildId,
		});
	}

	/**
	 * Refuses a body over Discord's limits, recording each problem as a violation. `files` are the message's files,
	 * which it may consist of alone and its embeds may name.
	 */
	check(body: MessageBody, where: string, files: readonly FileLike[] = []): void {
		this.refuse(checkMessage(body, files), where);
	}

	private refuse(problems: string[], where: string, tooLarge = false): void {
		if (problems.length === 0) return;
		for (const problem of problems) this.deps.violate('limit', `${where}: ${problem}`);
		if (tooLarge)
			throw new HttpError(
				413,
				RESTJSONErrorCodes.RequestEntityTooLarge,
				`Request entity too large: ${problems.join('; ')}`,
			);
		throw new HttpError(
			400,
			RESTJSONErrorCodes.InvalidFormBodyOrContentType,
			`Invalid Form Body: ${problems.join('; ')}`,
		);
	}

	/**
	 * `POST /channels/:id/messages`, with the files of a multipart body: posting files needs Attach Files, as embeds
	 * need Embed Links.
	 */
	post(
		auth: string | undefined,
		channelId: string,
		body: RESTPostAPIChannelMessageJSONBody,
		res: ServerResponse,
		upload: Upload = NO_UPLOAD,
	) {
		const { world, access, limits } = this.deps;
		access.requireBot(auth);
		const { guild, channel } = findChannel(world, channelId);
		const needs = [
			PermissionFlagsBits.SendMessages,
			...(body.embeds?.length ? [PermissionFlagsBits.EmbedLinks] : []),
			...(upload.files.length ? [PermissionFlagsBits.AttachFiles] : []),
		];
		access.requireChannel(guild, channel, needs);
		this.deps.threads.refuse(guild, channel);
		limits.injectFault(res);
		const nonce = body.nonce === undefined ? undefined : String(body.nonce);
		if (nonce && body.enforce_nonce) {
			const earlier = this.byChannel
				.get(channel.id)
				?.find(
					(m) =>
						m.nonce === nonce && m.author.id === world.bot.id && Date.now() - Date.parse(m.timestamp) < NONCE_MEMORY_MS,
				);
			if (earlier) return messagePayload(earlier);
		}
		limits.takeGlobal(res);
		limits.take(res, postBucket(channel.id));
		const where = `message in #${channel.name}`;
		const attachments = this.storeFiles(channel.id, body, upload, where);
		const message = this.add({
			channel_id: channel.id,
			guild_id: guild.id,
			author: world.bot,
			content: body.content ?? '',
			embeds: resolveEmbeds(body.embeds ?? [], attachments),
			components: body.components ?? [],
			...(attachments.length ? { attachments } : {}),
			// Only an interaction's reply can be ephemeral.
			flags: (body.flags ?? 0) & ~MessageFlags.Ephemeral,
			type: MessageType.Default,
			...(nonce ? { nonce } : {}),
			...(body.allowed_mentions ? { allowedMentions: body.allowed_mentions } : {}),
		});
		this.deps.threads.posted(guild, channel);
		limits.injectFault(res, 'after');
		return messagePayload(message);
	}

	/** `PATCH /channels/:id/messages/:id`: the bot may edit only its own messages. */
	patch(
		auth: string | undefined,
		channelId: string,
		messageId: string,
		body: RESTPatchAPIChannelMessageJSONBody,
		res: ServerResponse,
	) {
		const { world, access, limits } = this.deps;
		access.requireBot(auth);
		const { guild, channel } = findChannel(world, channelId);
		access.requireChannel(guild, channel);
		this.deps.threads.refuse(guild, channel, true);
		limits.injectFault(res);
		const message = this.find(channel.id, messageId);
		if (!message || message.visibleTo) throw unknownMessage();
		if (message.author.id !== world.bot.id)
			throw new HttpError(
				403,
				RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser,
				'Cannot edit a message authored by another user',
			);
		limits.takeGlobal(res);
		limits.take(res, editBucket(channel.id));
		return messagePayload(this.edit(message, body, `edit in #${channel.name}`));
	}
}
