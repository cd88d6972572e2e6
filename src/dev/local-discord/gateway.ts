import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
	type APIApplication,
	GatewayCloseCodes,
	GatewayDispatchEvents,
	type GatewayHelloData,
	type GatewayIdentifyData,
	GatewayOpcodes,
	type GatewayReadyDispatchData,
	GatewayVersion,
} from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Violate } from './errors.js';
import type { Guild, World } from './model.js';
import { guildPayload, NO_FLAGS, snowflake } from './world.js';

/** The interval Discord asks clients to heartbeat at; nothing here checks that they do. */
const HEARTBEAT_INTERVAL_MS = 41_250;

/**
 * READY as the local Discord sends it: discord-api-types' shape without the application's `flags_new`, and with the
 * empty lists Discord also sends.
 */
type ReadyData = Omit<GatewayReadyDispatchData, 'application'> & {
	application: Pick<APIApplication, 'id' | 'flags'>;
	private_channels: [];
	presences: [];
	relationships: [];
	user_settings: Record<string, never>;
	geo_ordered_rtc_regions: [];
	auth: Record<string, never>;
};

/** One connection of a bot (one shard of it, once identified). */
interface GatewaySession {
	socket: WebSocket;
	sessionId: string;
	shard: [shardId: number, shardCount: number];
	sequence: number;
	identified: boolean;
	/** The intents it identified with (`GatewayIntentBits`), which the newer events keep to. */
	intents: number;
}

/** Which shard a guild belongs to: Discord's formula. */
export function shardOf(guildId: string, shardCount: number): number {
	return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * The gateway: bots connect over a websocket, identify with the token and a shard, receive READY and a GUILD_CREATE
 * for each guild of their shard, then every event of those guilds. Sessions are not resumable.
 */
export class Gateway {
	/** How many times each shard identified (a reconnect or a restarted shard process counts again). */
	readonly identifies = new Map<number, number>();
	private readonly sessions = new Set<GatewaySession>();
	private readonly wss = new WebSocketServer({ noServer: true });

	constructor(
		private readonly world: World,
		/** The gateway's URL, known once the server listens. */
		private readonly url: () => string,
		private readonly violate: Violate,
		/** A guild's GUILD_CREATE, its active threads and scheduled events included. */
		private readonly guildCreate: (guild: Guild) => unknown = guildPayload,
	) {}

	/** Takes over an HTTP upgrade to the gateway's path. */
	upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws));
	}

	async close(): Promise<void> {
		for (const session of this.sessions) session.socket.terminate();
		this.sessions.clear();
		await new Promise<void>((resolve) => this.wss.close(() => resolve()));
	}

	/**
	 * Sends an event to every session whose shard holds the guild; false when no bot is connected for it. With
	 * `intents` (bits of `GatewayIntentBits`), only sessions that identified with one of them get it, as on Discord;
	 * the events older than threads here go to every session.
	 */
	dispatchToGuild(guildId: string, event: GatewayDispatchEvents, data: unknown, intents?: number): boolean {
		let sent = false;
		for (const session of this.sessions) {
			if (!this.serves(session, guildId)) continue;
			if (intents !== undefined && !(session.intents & intents)) continue;
			this.dispatch(session, event, data);
			sent = true;
		}
		return sent;
	}

	/** Whether a bot session is connected for a guild (to wait for a restarted bot). */
	connectedFor(guildId: string): boolean {
		for (const session of this.sessions) if (this.serves(session, guildId)) return true;
		return false;
	}

	/** Drops the gateway connections (a network cut), as Discord does to a stale session. */
	disconnectAll(code: number = GatewayCloseCodes.UnknownError): void {
		for (const session of this.sessions) session.socket.close(code, 'Reconnect');
	}

	private serves(session: GatewaySession, guildId: string): boolean {
		return session.identified && shardOf(guildId, session.shard[1]) === session.shard[0];
	}

	private open(socket: WebSocket) {
		const session: GatewaySession = {
			socket,
			sessionId: snowflake(),
			shard: [0, 1],
			sequence: 0,
			identified: false,
			intents: 0,
		};
		this.sessions.add(session);
		socket.on('close', () => this.sessions.delete(session));
		socket.on('error', () => this.sessions.delete(session));
		socket.on('message', (raw) => this.receive(session, String(raw)));
		const hello: GatewayHelloData = { heartbeat_interval: HEARTBEAT_INTERVAL_MS };
		this.send(session, GatewayOpcodes.Hello, hello);
	}

	private send(session: GatewaySession, op: GatewayOpcodes, d: unknown, t: GatewayDispatchEvents | null = null) {
		if (session.socket.readyState !== session.socket.OPEN) return;
		const s = op === GatewayOpcodes.Dispatch ? ++session.sequence : null;
		session.socket.send(JSON.stringify({ op, d, s, t }));
	}

	private dispatch(session: GatewaySession, event: GatewayDispatchEvents, data: unknown) {
		this.send(session, GatewayOpcodes.Dispatch, data, event);
	}

	private receive(session: GatewaySession, raw: string) {
		let payload: { op: GatewayOpcodes; d: unknown };
		try {
			payload = JSON.parse(raw);
		} catch {
			payload = null as never;
		}
		// Valid JSON that is not a payload (`null`, a number) is as undecodable to Discord as broken JSON.
		if (typeof payload !== 'object' || payload === null) {
			session.socket.close(GatewayCloseCodes.DecodeError, 'Decode error');
			return;
		}
		switch (payload.op) {
			case GatewayOpcodes.Heartbeat:
				this.send(session, GatewayOpcodes.HeartbeatAck, null);
				return;
			case GatewayOpcodes.Identify:
				return this.identify(session, payload.d as Partial<GatewayIdentifyData>);
			case GatewayOpcodes.Resume:
				// Sessions are not kept across connections: ask the client to identify afresh.
				this.send(session, GatewayOpcodes.InvalidSession, false);
				return;
			default:
				return;
		}
	}

	private identify(session: GatewaySession, d: Partial<GatewayIdentifyData>) {
		const token = String(d.token ?? '').replace(/^Bot\s+/i, '');
		if (token !== this.world.token) {
			this.violate('auth', 'IDENTIFY with a wrong token');
			session.socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed');
			return;
		}
		session.shard = d.shard ?? [0, 1];
		session.intents = Number(d.intents ?? 0);
		session.identified = true;
		this.identifies.set(session.shard[0], (this.identifies.get(session.shard[0]) ?? 0) + 1);
		const guilds = this.world.guilds.filter((g) => shardOf(g.id, session.shard[1]) === session.shard[0]);
		const ready: ReadyData = {
			v: Number(GatewayVersion),
			user: this.world.bot,
			guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
			session_id: session.sessionId,
			resume_gateway_url: this.url(),
			shard: session.shard,
			application: { id: this.world.applicationId, flags: NO_FLAGS },
			private_channels: [],
			presences: [],
			relationships: [],
			user_settings: {},
			geo_ordered_rtc_regions: [],
			auth: {},
		};
		this.dispatch(session, GatewayDispatchEvents.Ready, ready);
		for (const guild of guilds) this.dispatch(session, GatewayDispatchEvents.GuildCreate, this.guildCreate(guild));
	}
}
