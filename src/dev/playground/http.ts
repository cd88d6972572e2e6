import type { IncomingMessage, ServerResponse } from 'node:http';
import { buttonsOf } from '../local-discord/layout-checks.js';
import type { InteractionRecord, LocalDiscord, StoredMessage } from '../local-discord/server.js';
import { isThread } from '../local-discord/thread-model.js';
import type { Guild } from '../local-discord/world.js';
import { type CommandSchema, parseCommandLine, type Resolver } from './command-line.js';
import { json, type PageFile, RequestError, readJson } from './page-server.js';
import { suggest } from './suggestions.js';
import { actionOf, ThreadsAndEvents } from './threads-events.js';
import { checkDroppedName, dropCommandLine, UPLOAD_BODY_LIMIT, type UploadBody, Uploads } from './uploads.js';
import { type MessageView, messageView, type WorldView } from './views.js';
import { holdsModeratorRole, MODERATOR_ROLE } from './world.js';

/** How long the page's pop-up waits for the bot's autocomplete before showing nothing; Discord gives it 3 s. */
const AUTOCOMPLETE_WAIT_MS = 2500;
const HEARTBEAT_MS = 15_000;
const MEMBER_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,30}$/u;

export type { ScheduledEventView, ThreadView } from './threads-events.js';
export type { AttachmentView, MessageView, WorldView } from './views.js';

interface Stream {
	res: ServerResponse;
	viewer: string;
}

/**
 * The page's API over the local Discord: the world, each channel's (and thread's) messages as one member sees them,
 * the threads and scheduled events (threads-events.ts), a live stream of changes (server-sent events), and the
 * member's actions (a typed command, a click, a file uploaded or an .ink file dropped, a new member, a moderator role
 * given or taken, a thread archived, locked or deleted, interest in an event, an event cancelled or deleted). Every
 * action goes through the local Discord exactly as a member's would, so what the page shows is what Reverie really did.
 */
export class PlaygroundApi {
	private readonly streams = new Set<Stream>();
	private readonly heartbeat: NodeJS.Timeout;
	private nextLabel: string | undefined;
	private readonly listeners: [string, (...args: unknown[]) => void][] = [];
	private readonly uploads: Uploads;
	private readonly threadsAndEvents: ThreadsAndEvents;

	constructor(
		private readonly discord: LocalDiscord,
		private readonly guild: Guild,
		/** The command typed for each interaction, kept for the page (and saved with the snapshot). */
		readonly labels: Map<string, string>,
		private readonly onWorldChange: () => void,
	) {
		this.uploads = new Uploads(discord);
		this.threadsAndEvents = new ThreadsAndEvents(discord, guild);
		this.on('message', ({ kind, message }: { kind: 'create' | 'update' | 'delete'; message: StoredMessage }) =>
			this.publish('message', (viewer) =>
				this.visibleTo(message, viewer) ? { kind, message: this.view(message) } : undefined,
			),
		);
		// Any change to a thread (made, archived, locked, joined, deleted) or an event: the viewer's whole list again.
		this.on('thread', () => this.publish('threads', (viewer) => this.threadsAndEvents.threads(viewer)));
		this.on('scheduled-event', () =>
			this.publish('scheduled-events', (viewer) => this.threadsAndEvents.events(viewer)),
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
		return (
			(message.visibleTo === undefined || message.visibleTo === viewer) &&
			this.threadsAndEvents.sees(message.channel_id, viewer)
		);
	}

	private publish(event: string, payloadFor: (viewer: string) => unknown) {
		for (const stream of this.streams) {
			const payload = payloadFor(stream.viewer);
			if (payload !== undefined) stream.res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
		}
	}

	view(message: StoredMessage): MessageView {
		return messageView(message, this.labels);
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

	/** A channel's messages, or a thread's, as `viewer` sees them. */
	messages(channel: string, viewer: string): MessageView[] {
		return this.discord.visibleMessages(this.channelId(channel, viewer), viewer).map((m) => this.view(m));
	}

	private memberId(who: unknown): string {
		if (typeof who !== 'string' || who === '') throw new RequestError('Say which member acts ("as").');
		const member = this.guild.members.find(
			(m) => m.user.id === who || m.user.global_name.toLowerCase() === who.toLowerCase(),
		);
		if (!member || member.user.id === this.discord.world.bot.id) throw new RequestError(`There is no member ${who}.`);
		return member.user.id;
	}

	/** A text channel by id or name, or a thread `viewer` sees, by id: where a member acts or reads. */
	private channelId(channel: unknown, viewer: string): string {
		const found =
			this.guild.channels.find((c) => c.id === channel || c.name === channel) ??
			this.threadsAndEvents.visibleThread(channel, viewer);
		if (!found) throw new RequestError(`There is no channel ${String(channel)}.`, 404);
		return found.id;
	}

	/** Where a member may use a command: not in an archived thread, where Discord offers none. */
	private commandChannelId(channel: unknown, viewer: string): string {
		const id = this.channelId(channel, viewer);
		const { channel: found } = this.discord.channel(id, this.guild.id);
		if (isThread(found) && found.archived)
			throw new RequestError(`“${found.name}” is archived: open it again to use commands there.`);
		return id;
	}

	/** What options name, as `user` sees it: the server's roles, members and channels, and their own uploads. */
	private resolver(user: string): Resolver {
		const { guild, discord } = this;
		const botRole = guild.members.find((m) => m.user.id === discord.world.bot.id)?.roles ?? [];
		return {
			roles: () => guild.roles.filter((r) => !botRole.includes(r.id)).map((r) => ({ id: r.id, name: r.name })),
			users: () => guild.members.map((m) => ({ id: m.user.id, name: m.user.global_name })),
			channels: () => guild.channels.map((c) => ({ id: c.id, name: c.name })),
			attachments: () => this.uploads.of(user),
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
		const channel = this.commandChannelId(body.channel, user);
		const parsed = parseCommandLine(String(body.text ?? ''), this.commands(), this.resolver(user));
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

	/** Uploads a file as the member's client does, for a command's attachment option (the box's file picker). */
	upload(body: UploadBody & { as?: unknown }) {
		return this.uploads.upload(this.memberId(body.as), body);
	}

	/** A dropped `.ink` file: uploaded, then `/dream add file:<it>` run as the member in the channel. */
	async addDreamFile(body: UploadBody & { as?: unknown; channel?: unknown }) {
		const user = this.memberId(body.as);
		this.commandChannelId(body.channel, user);
		checkDroppedName(body.filename);
		const line = dropCommandLine(this.commands());
		const file = this.uploads.upload(user, body);
		return this.command({ as: user, channel: body.channel, text: `${line}${file.id}` });
	}

	async suggest(body: { as?: unknown; channel?: unknown; text?: unknown }) {
		const user = this.memberId(body.as);
		const channel = this.commandChannelId(body.channel, user);
		return suggest(String(body.text ?? ''), this.commands(), this.resolver(user), async (name, options) => {
			const record = await Promise.race([
				this.discord.command({ user, channel, guild: this.guild.id, name, options, autocomplete: true }),
				new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), AUTOCOMPLETE_WAIT_MS).unref()),
			]);
			return record?.autocomplete ?? [];
		});
	}

	async click(body: { as?: unknown; channel?: unknown; messageId?: unknown; customId?: unknown }) {
		const user = this.memberId(body.as);
		const channel = this.channelId(body.channel, user);
		const messageId = String(body.messageId ?? '');
		const customId = String(body.customId ?? '');
		// Wherever it stands: in a row, in a container, or beside a section's text.
		const button = buttonsOf(this.discord.message(channel, messageId)?.components ?? []).find(
			(b) => b.custom_id === customId,
		);
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
		const threads = this.threadsAndEvents.threads(viewer);
		const events = this.threadsAndEvents.events(viewer);
		const messages = Object.fromEntries(
			[...this.guild.channels, ...threads].map((c) => [c.id, this.messages(c.id, viewer)]),
		);
		const snapshot = { world: this.world(), viewer, messages, threads, events };
		res.write(`retry: 1000\nevent: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
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
			const viewer = () => this.memberId(url.searchParams.get('as'));
			if (route === 'GET /api/threads') return json(res, this.threadsAndEvents.threads(viewer()));
			if (route === 'GET /api/scheduled-events') return json(res, this.threadsAndEvents.events(viewer()));
			const messages = /^\/api\/channels\/([^/]+)\/messages$/.exec(url.pathname);
			if (method === 'GET' && messages?.[1]) return json(res, this.messages(decodeURIComponent(messages[1]), viewer()));
			if (method !== 'POST') throw new RequestError(`Nothing at ${route}.`, 404);
			if (!req.headers['content-type']?.startsWith('application/json'))
				throw new RequestError('Send JSON (content-type: application/json).', 415);
			const uploading = url.pathname === '/api/attachments' || url.pathname === '/api/dream-file';
			const body = await readJson(req, uploading ? UPLOAD_BODY_LIMIT : undefined);
			if (url.pathname === '/api/attachments') return json(res, this.upload(body));
			if (url.pathname === '/api/dream-file') return json(res, await this.addDreamFile(body));
			if (url.pathname === '/api/command') return json(res, await this.command(body));
			if (url.pathname === '/api/suggest') return json(res, await this.suggest(body));
			if (url.pathname === '/api/click') return json(res, await this.click(body));
			if (url.pathname === '/api/members') return json(res, this.addMember(body));
			const moderator = /^\/api\/members\/([^/]+)\/moderator$/.exec(url.pathname);
			if (moderator?.[1]) return json(res, this.setModerator(decodeURIComponent(moderator[1]), body));
			const action = actionOf(url.pathname);
			if (action) return json(res, this.threadsAndEvents.act(action, this.memberId(body.as), body));
			throw new RequestError(`Nothing at ${route}.`, 404);
		} catch (error) {
			if (res.headersSent) return void res.end();
			const status = error instanceof RequestError ? error.status : 500;
			const message = error instanceof Error ? error.message : String(error);
			json(res, { error: status === 500 ? `Something went wrong in the playground: ${message}` : message }, status);
		}
	}
}
