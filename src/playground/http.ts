import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { InteractionType, MessageFlags } from 'discord-api-types/v10';
import type { InteractionRecord, LocalDiscord, StoredMessage } from '../local-discord/server.js';
import type { Guild } from '../local-discord/world.js';
import { type CommandSchema, parseCommandLine, type Resolver, suggest } from './command-line.js';
import { holdsModeratorRole, MODERATOR_ROLE } from './world.js';

/** A start-up failure with a sentence for the person at the terminal: printed as it is, without a stack. */
export class PlaygroundError extends Error {}

/** Bad input from the page: answered with 400 and the sentence, which the page shows as it is. */
class RequestError extends Error {
	constructor(
		message: string,
		readonly status = 400,
	) {
		super(message);
	}
}

/** How long the page's pop-up waits for the bot's autocomplete before showing nothing; Discord gives it 3 s. */
const AUTOCOMPLETE_WAIT_MS = 2500;
const HEARTBEAT_MS = 15_000;
const MEMBER_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,30}$/u;

const PAGE_DIR = path.join(import.meta.dirname, 'page');
/** The page's own files by the path they are served at; its other modules are found in its folder (below). */
const PAGE_FILES: Record<string, { file: string; type: string }> = {
	'/': { file: 'index.html', type: 'text/html; charset=utf-8' },
	'/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
	'/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
	'/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};
/** A module of the page's script (app.js imports the others); browsers run one only when it comes as JavaScript. */
const MODULE = { name: /^[a-z][a-z-]*\.js$/, type: 'text/javascript; charset=utf-8' };

/** A page file, read once when the playground starts: a request's path only ever looks one up by name. */
export interface PageFile {
	type: string;
	body: Buffer;
}

/**
 * Binds the page's port before anything else starts, so a port already taken fails at once with a sentence that
 * names it and says how to choose another, and leaves nothing half-started behind.
 */
export async function listenPage(port: number): Promise<{ server: Server; port: number }> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EADDRINUSE')
				reject(
					new PlaygroundError(
						`Port ${port} is already in use (another playground, or another program, is listening there). ` +
							`Choose another with PLAYGROUND_PORT, e.g. PLAYGROUND_PORT=${port === 65535 ? 3001 : port + 1} npm run playground, or PLAYGROUND_PORT=0 for any free port.`,
					),
				);
			else if (error.code === 'EACCES')
				reject(
					new PlaygroundError(
						`Port ${port} may not be used by this user (ports below 1024 need privileges). Choose another with PLAYGROUND_PORT, e.g. PLAYGROUND_PORT=3000.`,
					),
				);
			else reject(error);
		});
		server.listen(port, '127.0.0.1', () => resolve());
	});
	return { server, port: (server.address() as AddressInfo).port };
}

/** A message as the page draws it: Discord's fields it needs, and who sees it. */
export interface MessageView {
	id: string;
	channelId: string;
	author: { id: string; name: string; bot: boolean };
	content: string;
	embeds: unknown[];
	components: unknown[];
	timestamp: string;
	edited: boolean;
	/** Only the viewer sees it ("Only you can see this"). */
	ephemeral: boolean;
	/** A deferred reply: "Reverie is thinking…". */
	loading: boolean;
	/** For a reply to a member's command or click: who, and the command they typed or the button they clicked. */
	interaction?: { userId: string; name: string; command?: string; button?: string };
}

export interface WorldView {
	guild: { id: string; name: string };
	bot: { id: string; name: string };
	channels: { id: string; name: string }[];
	roles: { id: string; name: string }[];
	members: { id: string; name: string; moderator: boolean }[];
	moderatorRole: string;
}

interface ButtonRow {
	components?: { custom_id?: string; label?: string }[];
}

interface Stream {
	res: ServerResponse;
	viewer: string;
}

/**
 * The page's API over the local Discord: the world, each channel's messages as one member sees them, a live
 * stream of changes (server-sent events), and the member's actions (a typed command, a click, a new member, a
 * moderator role given or taken). Every action goes through the local Discord exactly as a member's would, so what
 * the page shows is what Reverie really did.
 */
export class PlaygroundApi {
	private readonly streams = new Set<Stream>();
	private readonly heartbeat: NodeJS.Timeout;
	private nextLabel: string | undefined;
	private readonly listeners: [string, (...args: unknown[]) => void][] = [];

	constructor(
		private readonly discord: LocalDiscord,
		private readonly guild: Guild,
		/** The command typed for each interaction, kept for the page (and saved with the snapshot). */
		readonly labels: Map<string, string>,
		private readonly onWorldChange: () => void,
	) {
		this.on('message', ({ kind, message }: { kind: 'create' | 'update' | 'delete'; message: StoredMessage }) =>
			this.publish('message', (viewer) =>
				this.visibleTo(message, viewer) ? { kind, message: this.view(message) } : undefined,
			),
		);
		this.on('typing', ({ channelId, userId }: { channelId: string; userId: string }) =>
			this.publish('typing', () => ({ channelId, userId })),
		);
		this.on('violation', (violation: { kind: string; detail: string }) => this.publish('violation', () => violation));
		this.on('interaction', (record: InteractionRecord) => {
			if (record.callbackType === undefined && this.nextLabel && !this.labels.has(record.id)) {
				this.labels.set(record.id, this.nextLabel);
				this.nextLabel = undefined;
			}
		});
		this.heartbeat = setInterval(() => {
			for (const stream of this.streams) stream.res.write(': still here\n\n');
		}, HEARTBEAT_MS);
		this.heartbeat.unref();
	}

	private on<T>(event: string, listener: (payload: T) => void) {
		this.discord.on(event, listener as (...args: unknown[]) => void);
		this.listeners.push([event, listener as (...args: unknown[]) => void]);
	}

	close(): void {
		clearInterval(this.heartbeat);
		for (const [event, listener] of this.listeners) this.discord.off(event, listener);
		for (const stream of this.streams) stream.res.end();
		this.streams.clear();
	}

	private visibleTo(message: StoredMessage, viewer: string): boolean {
		return message.visibleTo === undefined || message.visibleTo === viewer;
	}

	private publish(event: string, payloadFor: (viewer: string) => unknown) {
		for (const stream of this.streams) {
			const payload = payloadFor(stream.viewer);
			if (payload !== undefined) stream.res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
		}
	}

	view(message: StoredMessage): MessageView {
		const meta = message.interaction_metadata;
		return {
			id: message.id,
			channelId: message.channel_id,
			author: { id: message.author.id, name: message.author.global_name, bot: Boolean(message.author.bot) },
			content: message.content,
			embeds: message.embeds,
			components: message.components,
			timestamp: message.timestamp,
			// Discord marks edits of channel messages only: a deferred reply filled in, or an answer updated by its
			// button, is not "(edited)".
			edited: message.edited_timestamp !== null && !meta,
			ephemeral: message.visibleTo !== undefined || (message.flags & MessageFlags.Ephemeral) !== 0,
			loading: (message.flags & MessageFlags.Loading) !== 0,
			...(meta
				? {
						interaction: {
							userId: meta.user.id,
							name: meta.user.global_name,
							...(this.labels.has(meta.id)
								? {
										[meta.type === InteractionType.ApplicationCommand ? 'command' : 'button']: this.labels.get(meta.id),
									}
								: {}),
						},
					}
				: {}),
		};
	}

	world(): WorldView {
		const { guild, discord } = this;
		const bot = discord.world.bot;
		return {
			guild: { id: guild.id, name: guild.name },
			bot: { id: bot.id, name: bot.global_name },
			channels: guild.channels.map((c) => ({ id: c.id, name: c.name })),
			roles: guild.roles.map((r) => ({ id: r.id, name: r.name })),
			members: guild.members
				.filter((m) => m.user.id !== bot.id)
				.map((m) => ({ id: m.user.id, name: m.user.global_name, moderator: holdsModeratorRole(guild, m.user.id) })),
			moderatorRole: MODERATOR_ROLE,
		};
	}

	messages(channel: string, viewer: string): MessageView[] {
		const { channel: found } = this.discord.channel(channel, this.guild.id);
		return this.discord.visibleMessages(found.id, viewer).map((m) => this.view(m));
	}

	private memberId(who: unknown): string {
		if (typeof who !== 'string' || who === '') throw new RequestError('Say which member acts ("as").');
		const member = this.guild.members.find(
			(m) => m.user.id === who || m.user.global_name.toLowerCase() === who.toLowerCase(),
		);
		if (!member || member.user.id === this.discord.world.bot.id) throw new RequestError(`There is no member ${who}.`);
		return member.user.id;
	}

	private channelId(channel: unknown): string {
		const found = this.guild.channels.find((c) => c.id === channel || c.name === channel);
		if (!found) throw new RequestError(`There is no channel ${String(channel)}.`, 404);
		return found.id;
	}

	private resolver(): Resolver {
		const { guild, discord } = this;
		const botRole = guild.members.find((m) => m.user.id === discord.world.bot.id)?.roles ?? [];
		return {
			roles: () => guild.roles.filter((r) => !botRole.includes(r.id)).map((r) => ({ id: r.id, name: r.name })),
			users: () => guild.members.map((m) => ({ id: m.user.id, name: m.user.global_name })),
			channels: () => guild.channels.map((c) => ({ id: c.id, name: c.name })),
		};
	}

	/** The commands as registered for this server (and globally), which is what a member's client offers. */
	private commands(): CommandSchema[] {
		return [
			...(this.discord.commands.get(this.guild.id) ?? []),
			...(this.discord.commands.get('global') ?? []),
		] as unknown as CommandSchema[];
	}

	async command(body: { as?: unknown; channel?: unknown; text?: unknown }) {
		const user = this.memberId(body.as);
		const channel = this.channelId(body.channel);
		const parsed = parseCommandLine(String(body.text ?? ''), this.commands(), this.resolver());
		if (!parsed.ok) throw new RequestError(parsed.error);
		this.nextLabel = parsed.label;
		const pending = this.discord.command({
			user,
			channel,
			guild: this.guild.id,
			name: parsed.name,
			options: parsed.options,
		});
		this.nextLabel = undefined;
		const record = await pending;
		const reply = this.discord.responseOf(record);
		return {
			ok: !record.failed,
			failed: Boolean(record.failed),
			label: parsed.label,
			reply: reply && this.view(reply),
		};
	}

	async suggest(body: { as?: unknown; channel?: unknown; text?: unknown }) {
		const user = this.memberId(body.as);
		const channel = this.channelId(body.channel);
		return suggest(String(body.text ?? ''), this.commands(), this.resolver(), async (name, options) => {
			const record = await Promise.race([
				this.discord.command({ user, channel, guild: this.guild.id, name, options, autocomplete: true }),
				new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), AUTOCOMPLETE_WAIT_MS).unref()),
			]);
			return record?.autocomplete ?? [];
		});
	}

	async click(body: { as?: unknown; channel?: unknown; messageId?: unknown; customId?: unknown }) {
		const user = this.memberId(body.as);
		const channel = this.channelId(body.channel);
		const messageId = String(body.messageId ?? '');
		const customId = String(body.customId ?? '');
		const button = (this.discord.message(channel, messageId)?.components as ButtonRow[] | undefined)
			?.flatMap((row) => row.components ?? [])
			.find((b) => b.custom_id === customId);
		let record: InteractionRecord;
		try {
			this.nextLabel = button?.label;
			const pending = this.discord.click({
				user,
				channel,
				guild: this.guild.id,
				messageId,
				customId,
			});
			this.nextLabel = undefined;
			record = await pending;
		} catch (error) {
			this.nextLabel = undefined;
			// The local Discord refuses a click no client could make (a disabled button, a deleted message).
			throw new RequestError(error instanceof Error ? error.message : String(error));
		}
		const reply = this.discord.responseOf(record);
		return { ok: !record.failed, failed: Boolean(record.failed), reply: reply && this.view(reply) };
	}

	addMember(body: { name?: unknown }) {
		const name = String(body.name ?? '').trim();
		if (!MEMBER_NAME.test(name))
			throw new RequestError('A name is 1 to 31 letters, digits, spaces, dots, dashes or underscores.');
		if (this.guild.members.some((m) => m.user.global_name.toLowerCase() === name.toLowerCase()))
			throw new RequestError(`There is already a member called ${name}.`);
		const member = this.discord.addMember(this.guild.id, name);
		this.worldChanged();
		return { id: member.user.id, name: member.user.global_name, moderator: false };
	}

	setModerator(who: string, body: { on?: unknown }) {
		const id = this.memberId(who);
		if (typeof body.on !== 'boolean') throw new RequestError('Say whether the member is a moderator ("on").');
		this.discord.setRole(this.guild.id, id, MODERATOR_ROLE, body.on);
		this.worldChanged();
		return { id, moderator: holdsModeratorRole(this.guild, id) };
	}

	private worldChanged() {
		const world = this.world();
		this.publish('world', () => world);
		this.onWorldChange();
	}

	/** Opens a member's live stream: first everything they see, then every change as it happens. */
	stream(res: ServerResponse, who: unknown) {
		// A page opened for the first time has no member yet: it is the first one.
		const first = this.guild.members.find((m) => m.user.id !== this.discord.world.bot.id);
		const viewer = this.memberId(who || first?.user.id);
		res.writeHead(200, {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			connection: 'keep-alive',
		});
		const messages = Object.fromEntries(this.guild.channels.map((c) => [c.id, this.messages(c.id, viewer)]));
		res.write(`retry: 1000\nevent: snapshot\ndata: ${JSON.stringify({ world: this.world(), viewer, messages })}\n\n`);
		const stream = { res, viewer };
		this.streams.add(stream);
		res.on('close', () => this.streams.delete(stream));
	}

	/** Routes one request; static files are read once, when the playground starts. */
	async handle(req: IncomingMessage, res: ServerResponse, assets: Map<string, PageFile>): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = req.method ?? 'GET';
		const route = `${method} ${url.pathname}`;
		try {
			// Only this machine's pages may drive it: a page elsewhere reaching 127.0.0.1 through a name of its own
			// (DNS rebinding) has another Host, and a plain form post from one cannot send JSON.
			if (!/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(req.headers.host ?? ''))
				throw new RequestError('The playground answers only at 127.0.0.1 or localhost.', 403);
			const asset = method === 'GET' ? assets.get(url.pathname) : undefined;
			if (asset) {
				res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' }).end(asset.body);
				return;
			}
			if (route === 'GET /api/events') return this.stream(res, url.searchParams.get('as'));
			if (route === 'GET /api/world') return json(res, this.world());
			const messages = /^\/api\/channels\/([^/]+)\/messages$/.exec(url.pathname);
			if (method === 'GET' && messages?.[1])
				return json(res, this.messages(this.channelId(messages[1]), this.memberId(url.searchParams.get('as'))));
			if (method !== 'POST') throw new RequestError(`Nothing at ${route}.`, 404);
			if (!req.headers['content-type']?.startsWith('application/json'))
				throw new RequestError('Send JSON (content-type: application/json).', 415);
			const body = await readJson(req);
			if (url.pathname === '/api/command') return json(res, await this.command(body));
			if (url.pathname === '/api/suggest') return json(res, await this.suggest(body));
			if (url.pathname === '/api/click') return json(res, await this.click(body));
			if (url.pathname === '/api/members') return json(res, this.addMember(body));
			const moderator = /^\/api\/members\/([^/]+)\/moderator$/.exec(url.pathname);
			if (moderator?.[1]) return json(res, this.setModerator(decodeURIComponent(moderator[1]), body));
			throw new RequestError(`Nothing at ${route}.`, 404);
		} catch (error) {
			if (res.headersSent) return void res.end();
			const status = error instanceof RequestError ? error.status : 500;
			const message = error instanceof Error ? error.message : String(error);
			json(res, { error: status === 500 ? `Something went wrong in the playground: ${message}` : message }, status);
		}
	}
}

/**
 * The page's files by the path they are served at, read once: a missing file is a broken checkout, better found at
 * start than on first load. The modules are every `.js` file of the page's folder, served at `/name.js`; nothing
 * else there (its types, its tsconfig) is served, and no path from a request reaches the file system.
 */
export function readAssets(): Map<string, PageFile> {
	const read = (file: string, type: string): PageFile => ({ type, body: readFileSync(path.join(PAGE_DIR, file)) });
	const files = new Map(Object.entries(PAGE_FILES).map(([route, { file, type }]) => [route, read(file, type)]));
	for (const file of readdirSync(PAGE_DIR).filter((name) => MODULE.name.test(name)))
		if (!files.has(`/${file}`)) files.set(`/${file}`, read(file, MODULE.type));
	return files;
}

function json(res: ServerResponse, value: unknown, status = 200) {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(JSON.stringify(value));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > 64 * 1024) throw new RequestError('That request is too large.', 413);
		chunks.push(chunk as Buffer);
	}
	if (chunks.length === 0) return {};
	try {
		const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
		return value;
	} catch {
		throw new RequestError('The request body is not a JSON object.');
	}
}
