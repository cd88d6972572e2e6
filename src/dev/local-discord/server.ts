import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { Access } from './access.js';
import { Attachments } from './attachments.js';
import { CommandRegistry } from './commands.js';
import type { Violation } from './errors.js';
import { Gateway, shardOf } from './gateway.js';
import { type InteractionRecord, Interactions } from './interactions.js';
import { type ClickInput, type CommandInput, Members } from './members.js';
import { MessageStore, messagePayload } from './messages.js';
import type { Channel, Guild, Member, StoredMessage, World } from './model.js';
import type { LocalDiscordOptions } from './options.js';
import { type ChannelRate, postBucket, RateLimits } from './rate-limits.js';
import { LocalDiscordRoutes } from './routes.js';
import { ScheduledEvents } from './scheduled-events.js';
import { isThread } from './thread-model.js';
import { threadRoutes } from './thread-routes.js';
import { Threads } from './threads.js';
import { buildWorld, channelPayload, findChannel, findGuild, findMember, guildPayload } from './world.js';

export { ATTACHMENT_SIZE_LIMIT, KEPT_FILES_LIMIT, type KeptFiles, type UploadInput } from './attachments.js';
export type { Violation } from './errors.js';
export { INTERACTION_DEADLINE_MS, type InteractionRecord } from './interactions.js';
export type { CommandOption } from './members.js';
export type { ScheduledEvent, StoredMessage, Thread, ThreadMember } from './model.js';
export type { LocalDiscordOptions } from './options.js';
export { CHANNEL_RATE, type ChannelRate } from './rate-limits.js';
export type { StartThreadInput } from './threads.js';

/**
 * A Discord-compatible server on 127.0.0.1: enough of the REST API and the gateway for the real discord.js to log in
 * and for all of Reverie's flow, strict where Discord is strict. Simulated members act through {@link command} and
 * {@link click}; everything the bot did wrong is in {@link violations}. Emits `message` (created, edited or deleted),
 * `typing`, `interaction`, `commands`, `thread`, `scheduled-event` and `violation` events for observers such as the
 * playground.
 *
 * This class wires the parts together and keeps the API tests and the playground use; each concern is a module
 * beside it (gateway, routes, messages, interactions, members, rate limits, threads, scheduled events).
 */
export class LocalDiscord extends EventEmitter {
	readonly world: World;
	readonly violations: Violation[] = [];
	port = 0;
	private readonly limits: RateLimits;
	private readonly gateway: Gateway;
	private readonly registry: CommandRegistry;
	private readonly store: MessageStore;
	private readonly interactionLog: Interactions;
	private readonly members: Members;
	private readonly files: Attachments;
	private readonly threadState: Threads;
	private readonly eventState: ScheduledEvents;
	private readonly routes: LocalDiscordRoutes;
	private readonly http: Server;
	private opened = 0;

	private constructor(private readonly options: LocalDiscordOptions) {
		super();
		this.world = buildWorld(options.world);
		const { world } = this;
		const violate = this.violate.bind(this);
		const access = new Access(world, violate);
		this.limits = new RateLimits(violate, options.channelRate, options.globalRate);
		// GUILD_CREATE carries the guild's active threads the bot may see, and its events still to come.
		this.gateway = new Gateway(
			world,
			() => this.gatewayUrl,
			violate,
			(guild) => ({
				...guildPayload(guild),
				threads: this.threadState.active(guild).map((t) => this.threadState.payload(t, { withMemberIds: false })),
				guild_scheduled_events: this.eventState.upcoming(guild).map((e) => this.eventState.payload(guild, e)),
			}),
		);
		this.registry = new CommandRegistry(world, this, violate);
		this.files = new Attachments(
			() => `http://127.0.0.1:${this.port}`,
			options.keepFiles && { ...options.keepFiles, log: options.log },
		);
		this.store = new MessageStore({
			world,
			violate,
			events: this,
			gateway: this.gateway,
			access,
			limits: this.limits,
			files: this.files,
			threads: {
				refuse: (guild, channel, edit) => this.threadState.refuse(guild, channel, edit),
				posted: (guild, channel) => this.threadState.posted(guild, channel),
			},
		});
		this.threadState = new Threads({ world, violate, events: this, gateway: this.gateway, messages: this.store });
		const requireBot = access.requireBot.bind(access);
		this.eventState = new ScheduledEvents({ world, violate, events: this, gateway: this.gateway, requireBot });
		this.interactionLog = new Interactions({ world, violate, events: this, messages: this.store });
		this.members = new Members({
			world,
			events: this,
			gateway: this.gateway,
			commands: this.registry,
			messages: this.store,
			interactions: this.interactionLog,
			attachments: this.files,
			threads: this.threadState,
			log: options.log,
		});
		this.routes = new LocalDiscordRoutes({
			world,
			violate,
			events: this,
			access,
			commands: this.registry,
			messages: this.store,
			interactions: this.interactionLog,
			threads: this.threadState,
			more: [
				...threadRoutes({ world, violate, access, threads: this.threadState, messages: this.store }),
				...this.eventState.routes(),
			],
			gatewayUrl: () => this.gatewayUrl,
			shards: options.shards ?? 1,
			maxConcurrency: options.maxConcurrency ?? 1,
		});
		// The routes answer every request, its failures included.
		this.http = createServer((req, res) => void this.routes.serve(req, res, this.files, options.log));
		this.http.on('connection', () => this.opened++);
		this.http.on('upgrade', (req, socket, head) => {
			if (req.url?.startsWith('/gateway')) this.gateway.upgrade(req, socket, head);
			else socket.destroy();
		});
	}

	static async start(options: LocalDiscordOptions): Promise<LocalDiscord> {
		const discord = new LocalDiscord(options);
		await discord.listen(options.port ?? 0);
		return discord;
	}

	private listen(port: number): Promise<void> {
		return new Promise((resolve, reject) => {
			this.http.once('error', reject);
			this.http.listen(port, '127.0.0.1', () => {
				this.http.off('error', reject);
				this.port = (this.http.address() as AddressInfo).port;
				resolve();
			});
		});
	}

	async stop(): Promise<void> {
		this.eventState.close();
		await this.gateway.close();
		this.http.closeAllConnections();
		await new Promise<void>((resolve) => this.http.close(() => resolve()));
	}

	private violate(kind: Violation['kind'], detail: string) {
		this.violations.push({ kind, detail, at: Date.now() });
		this.options.log?.(`violation (${kind}): ${detail}`);
		this.emit('violation', { kind, detail });
	}

	get apiUrl(): string {
		return `http://127.0.0.1:${this.port}/api`;
	}

	get gatewayUrl(): string {
		return `ws://127.0.0.1:${this.port}/gateway`;
	}

	get token(): string {
		return this.world.token;
	}

	get applicationId(): string {
		return this.world.applicationId;
	}

	// ── what tests and the playground read ──────────────────────────────────────────────────────────────────────

	/** Every interaction members made, by id. */
	get interactions(): Map<string, InteractionRecord> {
		return this.interactionLog.records;
	}

	/** Every channel's messages, by channel id (deleted and ephemeral ones included). */
	get messages(): Map<string, StoredMessage[]> {
		return this.store.byChannel;
	}

	/** Registered commands: key `global` or a guild id. */
	get commands() {
		return this.registry.byScope;
	}

	/** REST calls answered, by route shape (e.g. `POST /channels/:id/messages`). */
	get calls(): Map<string, number> {
		return this.routes.calls;
	}

	/** How many more messages the channel takes now before its rate limit answers 429. */
	postsLeft(channelId: string): number {
		return this.limits.remaining(postBucket(channelId));
	}

	/** TCP connections clients opened to it (REST and gateway); over TLS to Discord each costs a handshake. */
	get connectionsOpened(): number {
		return this.opened;
	}

	/** The bot's channel requests a second, all channels together: Discord's 50 unless given at the start. */
	get globalRate(): number {
		return this.limits.globalRate;
	}

	/** Each channel's budget for posts, and apart for edits: Discord's unless given at the start. */
	get channelRate(): ChannelRate {
		return this.limits.rate;
	}

	/**
	 * For tests only: gives each channel this budget from now on (a window already begun keeps its end), as
	 * `channelRate` does from the start, for a test that starts the local Discord through the playground.
	 */
	useChannelRate(rate: ChannelRate): void {
		this.limits.rate = rate;
	}

	/** 429s the bot earned by going over a rate limit. */
	get rateLimited(): number {
		return this.limits.rateLimited;
	}

	/** Errors answered because a fault test asked for them (not the bot's doing), by status. */
	get injected() {
		return this.limits.injected;
	}

	/** Faults a test injects: while one is in force, posts and edits in channels are answered with its status. */
	get faults() {
		return this.limits.faults;
	}

	/** How many times each shard identified (a reconnect or a restarted shard process counts again). */
	get identifies(): Map<number, number> {
		return this.gateway.identifies;
	}

	/**
	 * Files members upload for commands' attachment options (`upload`, then the option's value is the attachment's
	 * id) and files the bot posted in messages (a stored message's `attachments`), served at their `url` like
	 * Discord's CDN, with their downloads counted (`downloaded(id)`) and their bytes at hand (`bytes(id)`); `relink`
	 * gives a link an earlier start made (on another port) as this one serves it.
	 */
	get attachments(): Pick<Attachments, 'upload' | 'find' | 'downloaded' | 'bytes' | 'relink'> {
		return this.files;
	}

	// ── lookups ─────────────────────────────────────────────────────────────────────────────────────────────────

	guild(idOrName: string): Guild {
		return findGuild(this.world, idOrName);
	}

	channel(idOrName: string, guildName?: string): { guild: Guild; channel: Channel } {
		return findChannel(this.world, idOrName, guildName);
	}

	member(guild: Guild, idOrName: string): Member {
		return findMember(guild, idOrName);
	}

	/** The messages of a channel as `viewerId` sees them (ephemeral messages only by their member). */
	visibleMessages(channelId: string, viewerId?: string): StoredMessage[] {
		return this.store.visible(channelId, viewerId);
	}

	message(channelId: string, messageId: string): StoredMessage | undefined {
		return this.store.find(channelId, messageId);
	}

	messagePayload(message: StoredMessage) {
		return messagePayload(message);
	}

	/** The reply a member sees for an interaction, once it is settled (after a deferral is edited). */
	responseOf(record: InteractionRecord): StoredMessage | undefined {
		return this.interactionLog.responseOf(record);
	}

	// ── the gateway ─────────────────────────────────────────────────────────────────────────────────────────────

	/** Which shard a guild belongs to: Discord's formula. */
	shardOf(guildId: string, shardCount: number): number {
		return shardOf(guildId, shardCount);
	}

	/** Whether a bot session is connected for a guild (to wait for a restarted bot). */
	connectedFor(guildId: string): boolean {
		return this.gateway.connectedFor(guildId);
	}

	/** Drops the gateway connections (a network cut), as Discord does to a stale session. */
	disconnectAll(code?: number): void {
		this.gateway.disconnectAll(code);
	}

	// ── what members do ─────────────────────────────────────────────────────────────────────────────────────────

	/** Adds a member to a server (the playground's "add a member"). */
	addMember(guildId: string, name: string, roleNames: string[] = []): Member {
		return this.members.add(guildId, name, roleNames);
	}

	/** Gives a member a role, or takes it away. */
	setRole(guildId: string, userId: string, roleName: string, on: boolean): void {
		this.members.setRole(guildId, userId, roleName, on);
	}

	/**
	 * A member uses a slash command. `options` are the command's options as Discord sends them (subcommands
	 * included). Resolves when the bot has answered (or failed to, after 3 s).
	 */
	command(input: CommandInput): Promise<InteractionRecord> {
		return this.members.command(input);
	}

	/**
	 * A member clicks a button on a message. Resolves when the bot has answered (or failed to). `stale` is a member
	 * whose client still shows the message as it was (its buttons not yet disabled), as happens on a slow connection.
	 */
	click(input: ClickInput): Promise<InteractionRecord> {
		return this.members.click(input);
	}

	/** Deletes a message, as a member with Manage Messages (or the bot) does, and tells the bot. */
	deleteMessage(channelId: string, messageId: string): void {
		this.store.delete(channelId, messageId);
	}

	/** A moderator deletes several messages of a channel at once (a bulk delete), and Discord tells the bot once. */
	deleteMessages(channelId: string, messageIds: readonly string[]): void {
		this.store.deleteMany(channelId, messageIds);
	}

	/** A member (or a moderator in a test) deletes a message, as a person would in the client. */
	deleteByMember(channelId: string, messageId: string): void {
		this.store.delete(channelId, messageId);
	}

	/** Deletes a channel (its threads with it), or a thread, telling the bot as Discord does. */
	deleteChannel(channelId: string): void {
		const { guild, channel } = findChannel(this.world, channelId);
		if (isThread(channel)) {
			this.threadState.remove(guild, channel);
			return;
		}
		guild.channels = guild.channels.filter((c) => c !== channel);
		this.threadState.removeAllIn(guild, channel.id);
		this.gateway.dispatchToGuild(guild.id, GatewayDispatchEvents.ChannelDelete, channelPayload(channel));
	}

	/**
	 * Threads as members and moderators see them in Discord's own interface: `start` one (a member, in a channel or
	 * from a message), `archive`, `unarchive`, `lock`, `delete`, `join` and `leave` it, and `of` a guild, `find` one.
	 * A slash command or a click in a thread is {@link command} or {@link click} with the thread's id as `channel`.
	 */
	get threads(): Pick<
		Threads,
		'start' | 'archive' | 'unarchive' | 'lock' | 'delete' | 'join' | 'leave' | 'of' | 'find'
	> {
		return this.threadState;
	}

	/**
	 * Scheduled events as members and moderators see them: a member marks themself `interested` (or not), a
	 * moderator may `cancel` or `delete` one; `list` a guild's as Discord sends them, `find` one.
	 */
	get scheduledEvents(): Pick<ScheduledEvents, 'interested' | 'cancel' | 'delete' | 'list' | 'find'> {
		return this.eventState;
	}
}
