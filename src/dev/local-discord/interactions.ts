import type { EventEmitter } from 'node:events';
import {
	type APIApplicationCommandOptionChoice,
	type APIInteractionResponseCallbackData,
	ApplicationIntegrationType,
	InteractionResponseType,
	InteractionType,
	MessageFlags,
	MessageType,
	RESTJSONErrorCodes,
	type RESTPatchAPIWebhookWithTokenMessageJSONBody,
	type RESTPostAPIInteractionCallbackWithResponseResult,
	type RESTPostAPIWebhookWithTokenJSONBody,
} from 'discord-api-types/v10';
import { HttpError, unknownMessage, type Violate } from './errors.js';
import {
	type MessageStore,
	messagePayload,
	type NewMessage,
	NO_UPLOAD as NO_FILES,
	resolveEmbeds,
	type Upload,
} from './messages.js';
import type { Channel, Guild, Member, StoredMessage, User, World } from './model.js';
import { findChannel, NO_FLAGS, snowflake } from './world.js';

/** How long Discord waits for an interaction's first callback before telling the member it failed. */
export const INTERACTION_DEADLINE_MS = 3000;
/** How long an interaction's token lets the bot edit its reply and send follow-ups. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
/** The most choices an autocomplete may offer. */
const AUTOCOMPLETE_CHOICES_LIMIT = 25;

/** The interactions a simulated member makes. */
export type MemberInteractionType =
	| InteractionType.ApplicationCommand
	| InteractionType.MessageComponent
	| InteractionType.ApplicationCommandAutocomplete;

const DESCRIPTIONS: Record<MemberInteractionType, string> = {
	[InteractionType.ApplicationCommand]: 'a command',
	[InteractionType.MessageComponent]: 'a button',
	[InteractionType.ApplicationCommandAutocomplete]: 'an autocomplete',
};

/** An interaction a member made, and how the bot answered it. */
export interface InteractionRecord {
	id: string;
	token: string;
	type: MemberInteractionType;
	user: User;
	channelId: string;
	guildId: string;
	/** When it was dispatched to the bot: epoch milliseconds, with a fraction. */
	createdAt: number;
	/** The message a clicked button sits on. */
	sourceMessageId?: string;
	callbackType?: InteractionResponseType;
	/** When its first callback arrived, like `createdAt`. */
	callbackAt?: number;
	/**
	 * When the member first saw an answer, like `createdAt`: a reply with content, the edit that ends a deferred reply's
	 * "thinking…", a follow-up, or the message a click updated. Later than `callbackAt` for an answer that was deferred.
	 */
	answeredAt?: number;
	/** The reply message (for replies and deferred replies). */
	responseId?: string;
	autocomplete?: APIApplicationCommandOptionChoice[];
	failed?: boolean;
	/** Resolves once the member sees an answer, or the interaction failed. */
	settled: Promise<void>;
	settle: () => void;
}

/** A callback's body as it arrives, before it is checked: every type's data in one shape. */
export interface CallbackBody {
	type: InteractionResponseType;
	data?: APIInteractionResponseCallbackData & { choices?: APIApplicationCommandOptionChoice[] };
}

/**
 * Epoch milliseconds with a fraction: interactions are stamped with it when dispatched and when first answered, so
 * that acknowledgement latencies of a few milliseconds are not rounded to whole ones.
 */
const preciseNow = () => performance.timeOrigin + performance.now();

/** The member sees an answer now (the first one stamps `answeredAt`). */
function answered(record: InteractionRecord): void {
	record.answeredAt ??= preciseNow();
	record.settle();
}

const isEphemeral = (flags: MessageFlags | undefined) => ((flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** The parts of the local Discord that interactions work with. */
export interface InteractionDeps {
	world: World;
	violate: Violate;
	events: EventEmitter;
	messages: MessageStore;
}

/**
 * Interactions and the bot's answers to them, strict where Discord is: one callback within 3 s (a second one is
 * refused with 40060, a late one with 10062), then the reply's webhook for edits and follow-ups. Emits `interaction`
 * when one is made and when it is answered.
 */
export class Interactions {
	readonly records = new Map<string, InteractionRecord>();

	constructor(private readonly deps: InteractionDeps) {}

	/** Records a new interaction and starts its 3 s window (autocompletes have none: a member just sees no choices). */
	open(
		type: MemberInteractionType,
		guild: Guild,
		channel: Channel,
		member: Member,
		extra: Partial<InteractionRecord> = {},
	): InteractionRecord {
		let settle = () => {};
		const settled = new Promise<void>((resolve) => {
			settle = resolve;
		});
		const record: InteractionRecord = {
			id: snowflake(),
			token: `itoken.${snowflake()}.${Math.random().toString(36).slice(2)}`,
			type,
			user: member.user,
			channelId: channel.id,
			guildId: guild.id,
			createdAt: preciseNow(),
			settled,
			settle,
			...extra,
		};
		this.records.set(record.id, record);
		setTimeout(() => {
			if (record.callbackType === undefined && type !== InteractionType.ApplicationCommandAutocomplete) {
				record.failed = true;
				this.deps.violate('interaction-failed', `no answer within 3 s to ${this.describe(record)}`);
				record.settle();
			}
		}, INTERACTION_DEADLINE_MS).unref();
		return record;
	}

	describe(record: InteractionRecord): string {
		return `${DESCRIPTIONS[record.type]} by ${record.user.global_name}`;
	}

	/** The reply a member sees for an interaction, once it is settled (after a deferral is edited). */
	responseOf(record: InteractionRecord): StoredMessage | undefined {
		const { messages } = this.deps;
		if (record.responseId) return messages.find(record.channelId, record.responseId);
		if (
			record.sourceMessageId &&
			(record.callbackType === InteractionResponseType.UpdateMessage ||
				record.callbackType === InteractionResponseType.DeferredMessageUpdate)
		)
			return messages.find(record.channelId, record.sourceMessageId);
		return undefined;
	}

	/** `POST /interactions/:id/:token/callback`: the bot's first (and only) answer. */
	callback(
		id: string,
		token: string,
		body: CallbackBody,
		url: URL,
		upload: Upload = NO_FILES,
	): RESTPostAPIInteractionCallbackWithResponseResult | undefined {
		const { world, violate, messages } = this.deps;
		const record = this.records.get(id);
		if (!record || record.token !== token)
			throw new HttpError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction');
		const { type, data } = body;
		if (record.callbackType !== undefined) {
			violate('double-callback', `a second callback to ${this.describe(record)}`);
			throw new HttpError(
				400,
				RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
				'Interaction has already been acknowledged.',
			);
		}
		if (Date.now() - record.createdAt > INTERACTION_DEADLINE_MS || record.failed) {
			if (!record.failed) violate('interaction-failed', `answered ${this.describe(record)} after 3 s`);
			record.failed = true;
			record.settle();
			throw new HttpError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction');
		}
		const { guild, channel } = findChannel(world, record.channelId);
		const reply: Omit<NewMessage, 'content' | 'embeds' | 'components' | 'flags'> = {
			channel_id: channel.id,
			guild_id: guild.id,
			author: world.bot,
			webhook_id: world.applicationId,
			application_id: world.applicationId,
			interaction_metadata: {
				id: record.id,
				type: record.type,
				user: record.user,
				authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
			},
			type: record.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Reply,
			...(isEphemeral(data?.flags) ? { visibleTo: record.user.id } : {}),
		};
		switch (type) {
			case InteractionResponseType.ChannelMessageWithSource: {
				const attachments = messages.storeFiles(channel.id, data ?? {}, upload, 'interaction reply');
				const message = messages.add({
					...reply,
					content: data?.content ?? '',
					embeds: resolveEmbeds(data?.embeds ?? [], attachments),
					...(attachments.length ? { attachments } : {}),
					components: data?.components ?? [],
					flags: data?.flags ?? NO_FLAGS,
					...(data?.allowed_mentions ? { allowedMentions: data.allowed_mentions } : {}),
				});
				record.responseId = message.id;
				this.acknowledge(record, type);
				answered(record);
				break;
			}
			case InteractionResponseType.DeferredChannelMessageWithSource: {
				// The member sees "thinking" until the bot edits the reply. Discord ignores IS_COMPONENTS_V2 here: the edit
				// that ends the thinking must set it.
				const message = messages.add({
					...reply,
					content: '',
					embeds: [],
					components: [],
					flags: ((data?.flags ?? 0) & ~MessageFlags.IsComponentsV2) | MessageFlags.Loading,
				});
				record.responseId = message.id;
				this.acknowledge(record, type);
				break;
			}
			case InteractionResponseType.UpdateMessage:
			case InteractionResponseType.DeferredMessageUpdate: {
				if (record.type !== InteractionType.MessageComponent)
					throw new HttpError(
						400,
						RESTJSONErrorCodes.SendMessagesHasBeenTemporarilyDisabled,
						'Only component interactions can update a message',
					);
				const source = record.sourceMessageId && messages.find(channel.id, record.sourceMessageId);
				if (!source) throw unknownMessage();
				if (type === InteractionResponseType.UpdateMessage) {
					messages.edit(source, data ?? {}, 'interaction update');
					answered(record);
				}
				this.acknowledge(record, type);
				break;
			}
			case InteractionResponseType.ApplicationCommandAutocompleteResult: {
				const choices = data?.choices ?? [];
				if (choices.length > AUTOCOMPLETE_CHOICES_LIMIT)
					violate('limit', `${choices.length} autocomplete choices (limit ${AUTOCOMPLETE_CHOICES_LIMIT})`);
				record.autocomplete = choices;
				this.acknowledge(record, type);
				record.settle();
				break;
			}
			default:
				throw new HttpError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, `Unknown callback type ${type}`);
		}
		this.deps.events.emit('interaction', record);
		return url.searchParams.get('with_response') === 'true'
			? { interaction: { id: record.id, type: record.type } }
			: undefined;
	}

	/** `PATCH /webhooks/:id/:token/messages/:id`: edits the reply (`@original`) or a follow-up. */
	editReply(
		token: string,
		messageId: string,
		body: RESTPatchAPIWebhookWithTokenMessageJSONBody,
		upload: Upload = NO_FILES,
	) {
		const { record, message } = this.webhookTarget(token, messageId);
		this.deps.messages.edit(message, body, 'interaction reply edit', upload);
		answered(record);
		return messagePayload(message);
	}

	/** `GET /webhooks/:id/:token/messages/:id`. */
	getReply(token: string, messageId: string) {
		return messagePayload(this.webhookTarget(token, messageId).message);
	}

	/** `DELETE /webhooks/:id/:token/messages/:id`. */
	deleteReply(token: string, messageId: string): undefined {
		const { message } = this.webhookTarget(token, messageId);
		this.deps.messages.delete(message.channel_id, message.id);
		return undefined;
	}

	/** `POST /webhooks/:id/:token`: a follow-up message, once the interaction has been answered. */
	followUp(token: string, body: RESTPostAPIWebhookWithTokenJSONBody) {
		const { world, messages } = this.deps;
		const record = this.byToken(token);
		if (record.callbackType === undefined)
			throw new HttpError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
		messages.check(body, 'follow-up');
		const message = messages.add({
			channel_id: record.channelId,
			guild_id: record.guildId,
			author: world.bot,
			webhook_id: world.applicationId,
			content: body.content ?? '',
			embeds: body.embeds ?? [],
			components: body.components ?? [],
			flags: body.flags ?? NO_FLAGS,
			type: MessageType.Default,
			...(isEphemeral(body.flags) ? { visibleTo: record.user.id } : {}),
			...(body.allowed_mentions ? { allowedMentions: body.allowed_mentions } : {}),
		});
		answered(record);
		return messagePayload(message);
	}

	private acknowledge(record: InteractionRecord, type: InteractionResponseType) {
		record.callbackType = type;
		record.callbackAt = preciseNow();
	}

	private byToken(token: string): InteractionRecord {
		for (const record of this.records.values()) if (record.token === token) return record;
		throw new HttpError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
	}

	private webhookTarget(token: string, messageId: string): { record: InteractionRecord; message: StoredMessage } {
		const record = this.byToken(token);
		if (Date.now() - record.createdAt > TOKEN_LIFETIME_MS)
			throw new HttpError(401, RESTJSONErrorCodes.InvalidWebhookToken, 'Invalid Webhook Token');
		if (record.callbackType === undefined) {
			this.deps.violate('unknown', `edited the reply of ${this.describe(record)} before answering it`);
			throw unknownMessage();
		}
		const id = messageId === '@original' ? (record.responseId ?? record.sourceMessageId) : messageId;
		const message = id ? this.deps.messages.find(record.channelId, id) : undefined;
		if (!message) throw unknownMessage();
		return { record, message };
	}
}
