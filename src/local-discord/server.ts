import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { checkMessage, type MessageBody } from './checks.js';
import {
	buildWorld,
	type Channel,
	channelPayload,
	channelPermissions,
	type Guild,
	guildPayload,
	type Member,
	memberPayload,
	snowflake,
	type User,
	type World,
	type WorldSpec,
} from './world.js';

/** Something the bot did that Discord would have refused, or that failed a member. */
export interface Violation {
	kind: 'limit' | 'interaction-failed' | 'double-callback' | 'rate-limited' | 'permission' | 'unknown' | 'auth';
	detail: string;
	at: number;
}

/** A message as the local Discord keeps it. */
export interface StoredMessage {
	id: string;
	channel_id: string;
	guild_id: string;
	author: User;
	content: string;
	embeds: unknown[];
	components: unknown[];
	flags: number;
	timestamp: string;
	edited_timestamp: string | null;
	type: number;
	nonce?: string;
	webhook_id?: string;
	application_id?: string;
	interaction_metadata?: {
		id: string;
		type: number;
		user: User;
		authorizing_integration_owners: Record<string, string>;
	};
	/** For an ephemeral message: the only member who sees it. */
	visibleTo?: string;
	deleted?: boolean;
}

export interface InteractionRecord {
	id: string;
	token: string;
	type: 2 | 3 | 4;
	user: User;
	channelId: string;
	guildId: string;
	/** When it was dispatched to the bot: epoch milliseconds, with a fraction. */
	createdAt: number;
	/** The message a clicked button sits on. */
	sourceMessageId?: string;
	callbackType?: number;
	/** When its first callback arrived, like `createdAt`. */
	callbackAt?: number;
	/** The reply message (for replies and deferred replies). */
	responseId?: string;
	autocomplete?: { name: string; value: string | number }[];
	failed?: boolean;
	settled: Promise<void>;
	settle: () => void;
}

/** Discord's interaction callback types. */
export const CALLBACK = {
	reply: 4,
	deferReply: 5,
	deferUpdate: 6,
	update: 7,
	autocomplete: 8,
} as const;

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

/**
 * Epoch milliseconds with a fraction: interactions are stamped with it when dispatched and when first answered, so
 * that acknowledgement latencies of a few milliseconds are not rounded to whole ones.
 */
const preciseNow = () => performance.timeOrigin + performance.now();

/** How long Discord waits for an interaction's first callback before telling the member it failed. */
export const INTERACTION_DEADLINE_MS = 3000;

/** Discord's per-channel budgets: about 5 messages and 5 edits per 5 s. */
export const CHANNEL_RATE = { limit: 5, windowMs: 5000 };

class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
	) {
		super(message);
	}
}

interface Bucket {
	count: number;
	resetAt: number;
}

interface GatewaySession {
	socket: WebSocket;
	sessionId: string;
	shard: [number, number];
	sequence: number;
	identified: boolean;
}

export interface CommandOption {
	name: string;
	type: number;
	value?: string | number | boolean;
	options?: CommandOption[];
	focused?: boolean;
}

export interface LocalDiscordOptions {
	world: WorldSpec;
	/** 0 (the default) for any free port. */
	port?: number;
	/** The number of shards `GET /gateway/bot` recommends. */
	shards?: number;
	log?: (line: string) => void;
}

/**
 * A Discord-compatible server on 127.0.0.1: enough of the REST API and the gateway for the real discord.js to log in
 * and for all of Reverie's flow, strict where Discord is strict. Simulated members act through {@link command} and
 * {@link click}; everything the bot did wrong is in {@link violations}. Emits `message` (created, edited or deleted),
 * `typing`, and `interaction` events for observers such as the playground.
 */
export class LocalDiscord extends EventEmitter {
	readonly world: World;
	readonly violations: Violation[] = [];
	readonly interactions = new Map<string, InteractionRecord>();
	readonly messages = new Map<string, StoredMessage[]>();
	/** REST calls answered, by route shape (e.g. `POST /channels/:id/messages`). */
	readonly calls = new Map<string, number>();
	rateLimited = 0;
	/** Errors answered because a fault test asked for them (not the bot's doing), by status. */
	readonly injected = { 500: 0, 429: 0 };
	/** How many times each shard identified (a reconnect or a restarted shard process counts again). */
	readonly identifies = new Map<number, number>();
	/** Registered commands: key `global` or a guild id. */
	readonly commands = new Map<string, Record<string, unknown>[]>();
	private readonly buckets = new Map<string, Bucket>();
	private readonly sessions = new Set<GatewaySession>();
	private http!: Server;
	private wss!: WebSocketServer;
	port = 0;
	/**
	 * While one is in force, messages posted or edited in channels are answered with its status (fault tests). With
	 * `afterCreate`, a post is stored first and then answered with the error, as when Discord did the work but the
	 * answer was lost: only a nonce keeps the retry from posting it twice.
	 */
	readonly faults: { status: 500 | 429; from?: number; until: number; afterCreate?: boolean }[] = [];

	private constructor(private readonly options: LocalDiscordOptions) {
		super();
		this.world = buildWorld(options.world);
		for (const guild of this.world.guilds) for (const channel of guild.channels) this.messages.set(channel.id, []);
	}

	static async start(options: LocalDiscordOptions): Promise<LocalDiscord> {
		const discord = new LocalDiscord(options);
		await discord.listen(options.port ?? 0);
		return discord;
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

	private listen(port: number): Promise<void> {
		this.http = createServer((req, res) => void this.onRequest(req, res));
		this.wss = new WebSocketServer({ noServer: true });
		this.http.on('upgrade', (req, socket, head) => {
			if (req.url?.startsWith('/gateway')) this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
			else socket.destroy();
		});
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
		for (const session of this.sessions) session.socket.terminate();
		this.sessions.clear();
		await new Promise<void>((resolve) => this.wss.close(() => resolve()));
		this.http.closeAllConnections();
		await new Promise<void>((resolve) => this.http.close(() => resolve()));
	}

	private violate(kind: Violation['kind'], detail: string) {
		this.violations.push({ kind, detail, at: Date.now() });
		this.options.log?.(`violation (${kind}): ${detail}`);
		this.emit('violation', { kind, detail });
	}

	// ── lookups ─────────────────────────────────────────────────────────────────────────────────────────────────

	guild(idOrName: string): Guild {
		const guild = this.world.guilds.find((g) => g.id === idOrName || g.name === idOrName);
		if (!guild) throw new Error(`no guild ${idOrName}`);
		return guild;
	}

	channel(idOrName: string, guildName?: string): { guild: Guild; channel: Channel } {
		for (const guild of this.world.guilds) {
			if (guildName && guild.name !== guildName && guild.id !== guildName) continue;
			const channel = guild.channels.find((c) => c.id === idOrName || c.name === idOrName);
			if (channel) return { guild, channel };
		}
		throw new HttpError(404, 10003, 'Unknown Channel');
	}

	member(guild: Guild, idOrName: string): Member {
		const member = guild.members.find((m) => m.user.id === idOrName || m.user.global_name === idOrName);
		if (!member) throw new Error(`no member ${idOrName} in ${guild.name}`);
		return member;
	}

	/** Adds a member to a server (the playground's "add a member"). */
	addMember(guildId: string, name: string, roleNames: string[] = []): Member {
		const guild = this.guild(guildId);
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
		guild.members.splice(guild.members.length - 1, 0, member);
		this.dispatchToGuild(guild.id, 'GUILD_MEMBER_ADD', { ...memberPayload(member), guild_id: guild.id });
		return member;
	}

	/** Gives a member a role, or takes it away. */
	setRole(guildId: string, userId: string, roleName: string, on: boolean): void {
		const guild = this.guild(guildId);
		const member = this.member(guild, userId);
		const role = guild.roles.find((r) => r.name === roleName);
		if (!role) throw new Error(`no role ${roleName}`);
		member.roles = on ? [...new Set([...member.roles, role.id])] : member.roles.filter((r) => r !== role.id);
		this.dispatchToGuild(guild.id, 'GUILD_MEMBER_UPDATE', { ...memberPayload(member), guild_id: guild.id });
	}

	/** The messages of a channel as `viewerId` sees them (ephemeral messages only by their member). */
	visibleMessages(channelId: string, viewerId?: string): StoredMessage[] {
		return (this.messages.get(channelId) ?? []).filter(
			(m) => !m.deleted && (m.visibleTo === undefined || m.visibleTo === viewerId),
		);
	}

	message(channelId: string, messageId: string): StoredMessage | undefined {
		return this.messages.get(channelId)?.find((m) => m.id === messageId && !m.deleted);
	}

	// ── the gateway ─────────────────────────────────────────────────────────────────────────────────────────────

	private onSocket(socket: WebSocket) {
		const session: GatewaySession = { socket, sessionId: snowflake(), shard: [0, 1], sequence: 0, identified: false };
		this.sessions.add(session);
		socket.on('close', () => this.sessions.delete(session));
		socket.on('error', () => this.sessions.delete(session));
		socket.on('message', (raw) => this.onGatewayMessage(session, String(raw)));
		this.sendOp(session, 10, { heartbeat_interval: 41_250 });
	}

	private sendOp(session: GatewaySession, op: number, d: unknown, t: string | null = null) {
		if (session.socket.readyState !== session.socket.OPEN) return;
		const s = op === 0 ? ++session.sequence : null;
		session.socket.send(JSON.stringify({ op, d, s, t }));
	}

	private onGatewayMessage(session: GatewaySession, raw: string) {
		let payload: { op: number; d: Record<string, unknown> | number | null };
		try {
			payload = JSON.parse(raw);
		} catch {
			session.socket.close(4002, 'Decode error');
			return;
		}
		switch (payload.op) {
			case 1:
				this.sendOp(session, 11, null);
				return;
			case 2:
				return this.identify(session, payload.d as { token?: string; shard?: [number, number] });
			case 6:
				// Sessions are not kept across connections: ask the client to identify afresh.
				this.sendOp(session, 9, false);
				return;
			default:
				return;
		}
	}

	private identify(session: GatewaySession, d: { token?: string; shard?: [number, number] }) {
		const token = String(d.token ?? '').replace(/^Bot\s+/i, '');
		if (token !== this.world.token) {
			this.violate('auth', 'IDENTIFY with a wrong token');
			session.socket.close(4004, 'Authentication failed');
			return;
		}
		session.shard = d.shard ?? [0, 1];
		session.identified = true;
		this.identifies.set(session.shard[0], (this.identifies.get(session.shard[0]) ?? 0) + 1);
		const guilds = this.world.guilds.filter((g) => this.shardOf(g.id, session.shard[1]) === session.shard[0]);
		this.sendOp(
			session,
			0,
			{
				v: 10,
				user: this.world.bot,
				guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
				session_id: session.sessionId,
				resume_gateway_url: this.gatewayUrl,
				shard: session.shard,
				application: { id: this.world.applicationId, flags: 0 },
				private_channels: [],
				presences: [],
				relationships: [],
				user_settings: {},
				geo_ordered_rtc_regions: [],
				auth: {},
			},
			'READY',
		);
		for (const guild of guilds) this.sendOp(session, 0, guildPayload(guild), 'GUILD_CREATE');
	}

	/** Which shard a guild belongs to: Discord's formula. */
	shardOf(guildId: string, shardCount: number): number {
		return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
	}

	private dispatchToGuild(guildId: string, t: string, d: unknown): boolean {
		let sent = false;
		for (const session of this.sessions) {
			if (!session.identified || this.shardOf(guildId, session.shard[1]) !== session.shard[0]) continue;
			this.sendOp(session, 0, d, t);
			sent = true;
		}
		return sent;
	}

	/** Whether a bot session is connected for a guild (to wait for a restarted bot). */
	connectedFor(guildId: string): boolean {
		for (const session of this.sessions)
			if (session.identified && this.shardOf(guildId, session.shard[1]) === session.shard[0]) return true;
		return false;
	}

	/** Drops the gateway connections (a network cut), as Discord does to a stale session. */
	disconnectAll(code = 4000) {
		for (const session of this.sessions) session.socket.close(code, 'Reconnect');
	}

	// ── simulated members ───────────────────────────────────────────────────────────────────────────────────────

	private newInteraction(
		type: 2 | 3 | 4,
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
		this.interactions.set(record.id, record);
		setTimeout(() => {
			if (record.callbackType === undefined && type !== 4) {
				record.failed = true;
				this.violate('interaction-failed', `no answer within 3 s to ${this.describe(record)}`);
				record.settle();
			}
		}, INTERACTION_DEADLINE_MS).unref();
		return record;
	}

	private describe(record: InteractionRecord): string {
		return `${['', '', 'a command', 'a button', 'an autocomplete'][record.type]} by ${record.user.global_name}`;
	}

	private interactionBase(record: InteractionRecord, guild: Guild, channel: Channel, member: Member) {
		const permissions = channelPermissions(guild, channel, member.user.id);
		return {
			id: record.id,
			application_id: this.world.applicationId,
			type: record.type,
			token: record.token,
			version: 1,
			guild_id: guild.id,
			guild: { id: guild.id, locale: 'en-US', features: [] },
			channel_id: channel.id,
			channel: {
				id: channel.id,
				type: 0,
				guild_id: guild.id,
				name: channel.name,
				permissions: String(permissions),
				flags: 0,
				last_message_id: null,
				nsfw: false,
				parent_id: null,
				position: channel.position,
				rate_limit_per_user: 0,
				topic: null,
			},
			member: { ...memberPayload(member), permissions: String(permissions) },
			app_permissions: String(channelPermissions(guild, channel, this.world.bot.id)),
			locale: 'en-US',
			guild_locale: 'en-US',
			entitlements: [],
			authorizing_integration_owners: { '0': guild.id },
			context: 0,
			attachment_size_limit: 8 * 1024 * 1024,
		};
	}

	private findCommand(guildId: string, name: string): Record<string, unknown> | undefined {
		return [...(this.commands.get(guildId) ?? []), ...(this.commands.get('global') ?? [])].find((c) => c.name === name);
	}

	/**
	 * A member uses a slash command. `options` are the command's options as Discord sends them (subcommands
	 * included). Resolves when the bot has answered (or failed to, after 3 s).
	 */
	async command(input: {
		user: string;
		channel: string;
		guild?: string;
		name: string;
		options?: CommandOption[];
		autocomplete?: boolean;
	}): Promise<InteractionRecord> {
		const { guild, channel } = this.channel(input.channel, input.guild);
		const member = this.member(guild, input.user);
		const command = this.findCommand(guild.id, input.name);
		if (!command) throw new Error(`/${input.name} is not registered in ${guild.name}`);
		const type = input.autocomplete ? 4 : 2;
		const record = this.newInteraction(type, guild, channel, member);
		const resolved = this.resolveOptions(guild, input.options ?? []);
		const payload = {
			...this.interactionBase(record, guild, channel, member),
			data: {
				id: command.id,
				name: input.name,
				type: 1,
				guild_id: command.guild_id,
				options: input.options ?? [],
				...(resolved ? { resolved } : {}),
			},
		};
		this.dispatchInteraction(guild, record, payload);
		await record.settled;
		return record;
	}

	private resolveOptions(guild: Guild, options: CommandOption[]) {
		const roles: Record<string, unknown> = {};
		const walk = (list: CommandOption[]) => {
			for (const o of list) {
				if (o.type === 8 && typeof o.value === 'string') {
					const role = guild.roles.find((r) => r.id === o.value);
					if (role)
						roles[role.id] = {
							id: role.id,
							name: role.name,
							permissions: String(role.permissions),
							position: role.position,
							color: 0,
							hoist: false,
							managed: false,
							mentionable: false,
							flags: 0,
						};
				}
				if (o.options) walk(o.options);
			}
		};
		walk(options);
		return Object.keys(roles).length > 0 ? { roles } : null;
	}

	/**
	 * A member clicks a button on a message. Resolves when the bot has answered (or failed to). `stale` is a member
	 * whose client still shows the message as it was (its buttons not yet disabled), as happens on a slow connection.
	 */
	async click(input: {
		user: string;
		channel: string;
		guild?: string;
		messageId: string;
		customId: string;
		stale?: boolean;
	}) {
		const { guild, channel } = this.channel(input.channel, input.guild);
		const member = this.member(guild, input.user);
		const message = this.message(channel.id, input.messageId);
		if (!message) throw new Error(`no message ${input.messageId} in #${channel.name}`);
		if (message.visibleTo && message.visibleTo !== member.user.id)
			throw new Error('that message is not visible to them');
		const button = (message.components as { components?: { custom_id?: string; disabled?: boolean }[] }[])
			.flatMap((row) => row.components ?? [])
			.find((b) => b.custom_id === input.customId);
		if (!button) throw new Error(`no button ${input.customId} on that message`);
		if (button.disabled && !input.stale) throw new Error('that button is disabled');
		const record = this.newInteraction(3, guild, channel, member, { sourceMessageId: message.id });
		const payload = {
			...this.interactionBase(record, guild, channel, member),
			data: { custom_id: input.customId, component_type: 2 },
			message: this.messagePayload(message),
		};
		this.dispatchInteraction(guild, record, payload);
		await record.settled;
		return record;
	}

	private dispatchInteraction(guild: Guild, record: InteractionRecord, payload: unknown) {
		this.emit('interaction', record);
		if (!this.dispatchToGuild(guild.id, 'INTERACTION_CREATE', payload)) {
			// No bot connected: Discord would tell the member the application did not respond.
			this.options.log?.(`no bot connected for ${guild.name}`);
		}
	}

	/** The reply a member sees for an interaction, once it is settled (after a deferral is edited). */
	responseOf(record: InteractionRecord): StoredMessage | undefined {
		if (record.responseId) return this.message(record.channelId, record.responseId);
		if (
			record.sourceMessageId &&
			(record.callbackType === CALLBACK.update || record.callbackType === CALLBACK.deferUpdate)
		)
			return this.message(record.channelId, record.sourceMessageId);
		return undefined;
	}

	// ── REST ────────────────────────────────────────────────────────────────────────────────────────────────────

	private async onRequest(req: IncomingMessage, res: ServerResponse) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
		const method = req.method ?? 'GET';
		let body: unknown = null;
		try {
			body = await readBody(req);
			const result = await this.route(method, path, url, body, req.headers.authorization, res);
			if (res.writableEnded) return;
			if (result === undefined) {
				res.writeHead(204).end();
			} else {
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
			}
		} catch (error) {
			if (res.writableEnded) return;
			const e = error instanceof HttpError ? error : new HttpError(500, 0, String((error as Error)?.message ?? error));
			if (!(error instanceof HttpError)) this.options.log?.(`500 on ${method} ${path}: ${e.message}`);
			res
				.writeHead(e.status, { 'content-type': 'application/json' })
				.end(JSON.stringify({ message: e.message, code: e.code }));
		}
	}

	private count(shape: string) {
		this.calls.set(shape, (this.calls.get(shape) ?? 0) + 1);
	}

	private requireBot(auth: string | undefined) {
		if (auth !== `Bot ${this.world.token}`) {
			this.violate('auth', 'a REST call without the bot token');
			throw new HttpError(401, 0, '401: Unauthorized');
		}
	}

	private async route(
		method: string,
		path: string,
		url: URL,
		body: unknown,
		auth: string | undefined,
		res: ServerResponse,
	): Promise<unknown> {
		let m: RegExpMatchArray | null;
		const seg = '([^/]+)';
		const is = (verb: string, pattern: string) => {
			if (method !== verb) return false;
			m = path.match(new RegExp(`^${pattern.replaceAll(':id', seg)}$`));
			if (m) this.count(`${verb} ${pattern}`);
			return Boolean(m);
		};
		const p = (i: number) => decodeURIComponent(m?.[i] ?? '');

		if (is('GET', '/gateway/bot')) {
			this.requireBot(auth);
			return {
				url: this.gatewayUrl,
				shards: this.options.shards ?? 1,
				session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 16 },
			};
		}
		if (is('GET', '/gateway')) return { url: this.gatewayUrl };
		if (is('GET', '/users/@me')) {
			this.requireBot(auth);
			return this.world.bot;
		}
		if (is('GET', '/applications/@me')) {
			this.requireBot(auth);
			return { id: this.world.applicationId, name: this.world.bot.global_name, flags: 0, bot: this.world.bot };
		}
		if (is('PUT', '/applications/:id/commands')) return this.putCommands(auth, p(1), 'global', body);
		if (is('PUT', '/applications/:id/guilds/:id/commands')) return this.putCommands(auth, p(1), p(2), body);
		if (is('GET', '/applications/:id/commands')) return this.commands.get('global') ?? [];
		if (is('GET', '/applications/:id/guilds/:id/commands')) return this.commands.get(p(2)) ?? [];

		if (is('POST', '/interactions/:id/:id/callback')) return this.callback(p(1), p(2), body, url);
		if (is('PATCH', '/webhooks/:id/:id/messages/:id')) return this.editWebhookMessage(p(2), p(3), body);
		if (is('GET', '/webhooks/:id/:id/messages/:id')) return this.getWebhookMessage(p(2), p(3));
		if (is('DELETE', '/webhooks/:id/:id/messages/:id')) return this.deleteWebhookMessage(p(2), p(3));
		if (is('POST', '/webhooks/:id/:id')) return this.followUp(p(2), body);

		if (is('GET', '/channels/:id')) {
			this.requireBot(auth);
			const { guild, channel } = this.channel(p(1));
			this.requireAccess(guild, channel);
			return { ...channelPayload(channel) };
		}
		if (is('POST', '/channels/:id/messages')) return this.createMessage(auth, p(1), body as MessageBody, res);
		if (is('PATCH', '/channels/:id/messages/:id')) return this.editMessage(auth, p(1), p(2), body as MessageBody, res);
		if (is('GET', '/channels/:id/messages/:id')) {
			this.requireBot(auth);
			const message = this.message(this.channel(p(1)).channel.id, p(2));
			if (!message || message.visibleTo) throw new HttpError(404, 10008, 'Unknown Message');
			return this.messagePayload(message);
		}
		if (is('GET', '/channels/:id/messages')) {
			this.requireBot(auth);
			const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 50));
			return this.visibleMessages(this.channel(p(1)).channel.id)
				.slice(-limit)
				.reverse()
				.map((msg) => this.messagePayload(msg));
		}
		if (is('DELETE', '/channels/:id/messages/:id')) {
			this.requireBot(auth);
			this.deleteMessage(this.channel(p(1)).channel.id, p(2));
			return undefined;
		}
		if (is('POST', '/channels/:id/typing')) {
			this.requireBot(auth);
			const { guild, channel } = this.channel(p(1));
			this.requireAccess(guild, channel);
			this.emit('typing', { channelId: channel.id, userId: this.world.bot.id });
			return undefined;
		}
		this.violate('unknown', `${method} ${path} is not something this local Discord answers`);
		throw new HttpError(404, 0, `404: Not Found (${method} ${path})`);
	}

	private putCommands(auth: string | undefined, applicationId: string, scope: string, body: unknown) {
		this.requireBot(auth);
		if (applicationId !== this.world.applicationId) throw new HttpError(403, 50035, 'Invalid application');
		if (!Array.isArray(body)) throw new HttpError(400, 50035, 'Invalid Form Body');
		const registered = body.map((c: Record<string, unknown>) => ({
			...c,
			id: snowflake(),
			application_id: applicationId,
			version: snowflake(),
			type: c.type ?? 1,
			...(scope === 'global' ? {} : { guild_id: scope }),
		}));
		this.commands.set(scope, registered);
		this.emit('commands', { scope, commands: registered });
		return registered;
	}

	private requireAccess(guild: Guild, channel: Channel, needs: bigint[] = []) {
		const permissions = channelPermissions(guild, channel, this.world.bot.id);
		if (!(permissions & PermissionFlagsBits.ViewChannel)) {
			this.violate('permission', `the bot used #${channel.name} without View Channel`);
			throw new HttpError(403, 50001, 'Missing Access');
		}
		for (const need of needs)
			if (!(permissions & need)) {
				this.violate('permission', `the bot lacks a permission it used in #${channel.name}`);
				throw new HttpError(403, 50013, 'Missing Permissions');
			}
	}

	/** Counts a call against a per-channel bucket; answers 429 with Discord's headers when it is spent. */
	private rateLimit(res: ServerResponse, key: string): void {
		const now = Date.now();
		let bucket = this.buckets.get(key);
		if (!bucket || bucket.resetAt <= now) {
			bucket = { count: 0, resetAt: now + CHANNEL_RATE.windowMs };
			this.buckets.set(key, bucket);
		}
		const resetAfter = Math.max(0, bucket.resetAt - now) / 1000;
		const headers = {
			'x-ratelimit-limit': String(CHANNEL_RATE.limit),
			'x-ratelimit-reset-after': resetAfter.toFixed(3),
			'x-ratelimit-reset': (bucket.resetAt / 1000).toFixed(3),
			'x-ratelimit-bucket': key.replace(/[^a-z]/gi, '').slice(0, 24) || 'bucket',
		};
		if (bucket.count >= CHANNEL_RATE.limit) {
			this.rateLimited++;
			this.violate('rate-limited', `429 on ${key}`);
			for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
			res.setHeader('x-ratelimit-remaining', '0');
			res.setHeader('x-ratelimit-scope', 'user');
			res.setHeader('retry-after', String(Math.ceil(resetAfter)));
			throw new HttpError(429, 0, 'You are being rate limited.');
		}
		bucket.count++;
		for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
		res.setHeader('x-ratelimit-remaining', String(CHANNEL_RATE.limit - bucket.count));
	}

	/** Answers with an injected failure while one is in force (fault tests): a 500, or a 429 with Retry-After. */
	private injectedFault(res: ServerResponse, stage: 'before' | 'after' = 'before'): void {
		const now = Date.now();
		const fault = this.faults.find(
			(f) => (f.from ?? 0) <= now && f.until > now && Boolean(f.afterCreate) === (stage === 'after'),
		);
		if (!fault) return;
		this.injected[fault.status]++;
		if (fault.status === 500) throw new HttpError(500, 0, 'Internal Server Error');
		res.setHeader('retry-after', '1');
		res.setHeader('x-ratelimit-scope', 'shared');
		throw new HttpError(429, 0, 'You are being rate limited.');
	}

	private checked(body: MessageBody, where: string): void {
		const problems = checkMessage(body);
		if (problems.length === 0) return;
		for (const problem of problems) this.violate('limit', `${where}: ${problem}`);
		throw new HttpError(400, 50035, `Invalid Form Body: ${problems.join('; ')}`);
	}

	private createMessage(
		auth: string | undefined,
		channelId: string,
		body: MessageBody & { enforce_nonce?: boolean },
		res: ServerResponse,
	) {
		this.requireBot(auth);
		const { guild, channel } = this.channel(channelId);
		const needs = [PermissionFlagsBits.SendMessages, ...(body.embeds?.length ? [PermissionFlagsBits.EmbedLinks] : [])];
		this.requireAccess(guild, channel, needs);
		this.injectedFault(res);
		const nonce = body.nonce === undefined ? undefined : String(body.nonce);
		if (nonce && body.enforce_nonce) {
			const earlier = this.messages
				.get(channel.id)
				?.find(
					(m) =>
						m.nonce === nonce && m.author.id === this.world.bot.id && Date.now() - Date.parse(m.timestamp) < 300_000,
				);
			if (earlier) return this.messagePayload(earlier);
		}
		this.rateLimit(res, `POST /channels/${channel.id}/messages`);
		this.checked(body, `message in #${channel.name}`);
		const message = this.store({
			channel_id: channel.id,
			guild_id: guild.id,
			author: this.world.bot,
			content: body.content ?? '',
			embeds: body.embeds ?? [],
			components: body.components ?? [],
			flags: (body.flags ?? 0) & ~EPHEMERAL,
			type: 0,
			...(nonce ? { nonce } : {}),
		});
		this.injectedFault(res, 'after');
		return this.messagePayload(message);
	}

	private editMessage(
		auth: string | undefined,
		channelId: string,
		messageId: string,
		body: MessageBody,
		res: ServerResponse,
	) {
		this.requireBot(auth);
		const { guild, channel } = this.channel(channelId);
		this.requireAccess(guild, channel);
		this.injectedFault(res);
		const message = this.message(channel.id, messageId);
		if (!message || message.visibleTo) throw new HttpError(404, 10008, 'Unknown Message');
		if (message.author.id !== this.world.bot.id)
			throw new HttpError(403, 50005, 'Cannot edit a message authored by another user');
		this.rateLimit(res, `PATCH /channels/${channel.id}/messages`);
		return this.messagePayload(this.applyEdit(message, body, `edit in #${channel.name}`));
	}

	private applyEdit(message: StoredMessage, body: MessageBody, where: string): StoredMessage {
		const next = {
			content: body.content ?? message.content,
			embeds: body.embeds ?? message.embeds,
			components: body.components ?? message.components,
		};
		this.checked(next as MessageBody, where);
		Object.assign(message, next, { edited_timestamp: new Date().toISOString(), flags: message.flags & ~LOADING });
		this.emit('message', { kind: 'update', message });
		return message;
	}

	/** Deletes a message, as a member with Manage Messages (or the bot) does, and tells the bot. */
	deleteMessage(channelId: string, messageId: string) {
		const message = this.message(channelId, messageId);
		if (!message) throw new HttpError(404, 10008, 'Unknown Message');
		message.deleted = true;
		this.emit('message', { kind: 'delete', message });
		this.dispatchToGuild(message.guild_id, 'MESSAGE_DELETE', {
			id: message.id,
			channel_id: channelId,
			guild_id: message.guild_id,
		});
	}

	/** A member (or a moderator in a test) deletes a message, as a person would in the client. */
	deleteByMember(channelId: string, messageId: string) {
		this.deleteMessage(channelId, messageId);
	}

	/** Deletes a channel, telling the bot as Discord does. */
	deleteChannel(channelId: string) {
		const { guild, channel } = this.channel(channelId);
		guild.channels = guild.channels.filter((c) => c !== channel);
		this.dispatchToGuild(guild.id, 'CHANNEL_DELETE', channelPayload(channel));
	}

	private store(fields: Omit<StoredMessage, 'id' | 'timestamp' | 'edited_timestamp'>): StoredMessage {
		const message: StoredMessage = {
			...fields,
			id: snowflake(),
			timestamp: new Date().toISOString(),
			edited_timestamp: null,
		};
		this.messages.get(fields.channel_id)?.push(message);
		this.emit('message', { kind: 'create', message });
		return message;
	}

	messagePayload(message: StoredMessage) {
		const { visibleTo: _v, deleted: _d, ...rest } = message;
		return {
			...rest,
			tts: false,
			mention_everyone: false,
			mentions: [],
			mention_roles: [],
			attachments: [],
			pinned: false,
		};
	}

	// ── interaction callbacks and their webhook ─────────────────────────────────────────────────────────────────

	private interactionByToken(token: string): InteractionRecord {
		for (const record of this.interactions.values()) if (record.token === token) return record;
		throw new HttpError(404, 10015, 'Unknown Webhook');
	}

	private callback(id: string, token: string, body: unknown, url: URL) {
		const record = this.interactions.get(id);
		if (!record || record.token !== token) throw new HttpError(404, 10062, 'Unknown interaction');
		const { type, data } = body as {
			type: number;
			data?: MessageBody & { choices?: InteractionRecord['autocomplete'] };
		};
		if (record.callbackType !== undefined) {
			this.violate('double-callback', `a second callback to ${this.describe(record)}`);
			throw new HttpError(400, 40060, 'Interaction has already been acknowledged.');
		}
		if (Date.now() - record.createdAt > INTERACTION_DEADLINE_MS || record.failed) {
			if (!record.failed) this.violate('interaction-failed', `answered ${this.describe(record)} after 3 s`);
			record.failed = true;
			record.settle();
			throw new HttpError(404, 10062, 'Unknown interaction');
		}
		const { guild, channel } = this.channel(record.channelId);
		const ephemeral = ((data?.flags ?? 0) & EPHEMERAL) !== 0;
		const base = {
			channel_id: channel.id,
			guild_id: guild.id,
			author: this.world.bot,
			webhook_id: this.world.applicationId,
			application_id: this.world.applicationId,
			interaction_metadata: {
				id: record.id,
				type: record.type,
				user: record.user,
				authorizing_integration_owners: { '0': guild.id },
			},
			type: record.type === 2 ? 20 : 19,
			...(ephemeral ? { visibleTo: record.user.id } : {}),
		};
		switch (type) {
			case CALLBACK.reply: {
				this.checked(data ?? {}, 'interaction reply');
				const message = this.store({
					...base,
					content: data?.content ?? '',
					embeds: data?.embeds ?? [],
					components: data?.components ?? [],
					flags: data?.flags ?? 0,
				});
				record.responseId = message.id;
				record.callbackType = type;
				record.callbackAt = preciseNow();
				record.settle();
				break;
			}
			case CALLBACK.deferReply: {
				const message = this.store({
					...base,
					content: '',
					embeds: [],
					components: [],
					flags: (data?.flags ?? 0) | LOADING,
				});
				record.responseId = message.id;
				record.callbackType = type;
				record.callbackAt = preciseNow();
				break;
			}
			case CALLBACK.update:
			case CALLBACK.deferUpdate: {
				if (record.type !== 3) throw new HttpError(400, 40004, 'Only component interactions can update a message');
				const source = record.sourceMessageId && this.message(channel.id, record.sourceMessageId);
				if (!source) throw new HttpError(404, 10008, 'Unknown Message');
				if (type === CALLBACK.update) {
					this.applyEdit(source, data ?? {}, 'interaction update');
					record.settle();
				}
				record.callbackType = type;
				record.callbackAt = preciseNow();
				break;
			}
			case CALLBACK.autocomplete: {
				const choices = data?.choices ?? [];
				if (choices.length > 25) this.violate('limit', `${choices.length} autocomplete choices (limit 25)`);
				record.autocomplete = choices;
				record.callbackType = type;
				record.callbackAt = preciseNow();
				record.settle();
				break;
			}
			default:
				throw new HttpError(400, 50035, `Unknown callback type ${type}`);
		}
		this.emit('interaction', record);
		return url.searchParams.get('with_response') === 'true'
			? { interaction: { id: record.id, type: record.type } }
			: undefined;
	}

	private webhookTarget(token: string, messageId: string): { record: InteractionRecord; message: StoredMessage } {
		const record = this.interactionByToken(token);
		if (Date.now() - record.createdAt > 15 * 60_000) throw new HttpError(401, 50027, 'Invalid Webhook Token');
		if (record.callbackType === undefined) {
			this.violate('unknown', `edited the reply of ${this.describe(record)} before answering it`);
			throw new HttpError(404, 10008, 'Unknown Message');
		}
		const id = messageId === '@original' ? (record.responseId ?? record.sourceMessageId) : messageId;
		const message = id ? this.message(record.channelId, id) : undefined;
		if (!message) throw new HttpError(404, 10008, 'Unknown Message');
		return { record, message };
	}

	private editWebhookMessage(token: string, messageId: string, body: unknown) {
		const { record, message } = this.webhookTarget(token, messageId);
		this.applyEdit(message, body as MessageBody, 'interaction reply edit');
		record.settle();
		return this.messagePayload(message);
	}

	private getWebhookMessage(token: string, messageId: string) {
		return this.messagePayload(this.webhookTarget(token, messageId).message);
	}

	private deleteWebhookMessage(token: string, messageId: string) {
		const { message } = this.webhookTarget(token, messageId);
		this.deleteMessage(message.channel_id, message.id);
		return undefined;
	}

	private followUp(token: string, body: unknown) {
		const record = this.interactionByToken(token);
		if (record.callbackType === undefined) throw new HttpError(404, 10015, 'Unknown Webhook');
		const data = body as MessageBody;
		this.checked(data, 'follow-up');
		const ephemeral = ((data.flags ?? 0) & EPHEMERAL) !== 0;
		const message = this.store({
			channel_id: record.channelId,
			guild_id: record.guildId,
			author: this.world.bot,
			webhook_id: this.world.applicationId,
			content: data.content ?? '',
			embeds: data.embeds ?? [],
			components: data.components ?? [],
			flags: data.flags ?? 0,
			type: 0,
			...(ephemeral ? { visibleTo: record.user.id } : {}),
		});
		record.settle();
		return this.messagePayload(message);
	}
}

async function readBody(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	if (chunks.length === 0) return null;
	const raw = Buffer.concat(chunks).toString('utf8');
	const type = req.headers['content-type'] ?? '';
	if (type.startsWith('multipart/form-data')) {
		// discord.js sends multipart only with files; Reverie sends none, but read the JSON part if it does.
		const match = /name="payload_json"\r\n(?:[^\r\n]*\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
		return match?.[1] ? JSON.parse(match[1]) : null;
	}
	try {
		return JSON.parse(raw);
	} catch {
		throw new HttpError(400, 50109, 'The request body contains invalid JSON.');
	}
}
