import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
	type APIApplication,
	type APIUser,
	type RESTGetAPIGatewayBotResult,
	type RESTGetAPIGatewayResult,
	RESTJSONErrorCodes,
	type RESTPatchAPIChannelMessageJSONBody,
	type RESTPatchAPIWebhookWithTokenMessageJSONBody,
	type RESTPostAPIChannelMessageJSONBody,
	type RESTPostAPIWebhookWithTokenJSONBody,
} from 'discord-api-types/v10';
import type { Access } from './access.js';
import type { Attachments } from './attachments.js';
import { type FilePart, readBody } from './body.js';
import { type CommandRegistry, GLOBAL } from './commands.js';
import { HttpError, unknownMessage, type Violate } from './errors.js';
import type { CallbackBody, Interactions } from './interactions.js';
import { type MessageStore, messagePayload } from './messages.js';
import type { World } from './model.js';
import { isThread } from './thread-model.js';
import type { Threads } from './threads.js';
import { channelPayload, findChannel, NO_FLAGS } from './world.js';

/** A REST call as a route's handler sees it. */
export interface RestRequest {
	/** The values of the route's `:id` segments, in order, decoded. */
	params: string[];
	url: URL;
	/** The parsed JSON body (a multipart body's `payload_json`), unchecked; `null` when there is none. */
	body: unknown;
	/** The file parts of a multipart body. */
	files: FilePart[];
	/** The body's size in bytes, as it came. */
	size: number;
	/** The Authorization header. */
	auth: string | undefined;
	/** For the headers some answers carry (rate limits). */
	res: ServerResponse;
}

/** What a route answers: JSON, or `undefined` for 204 No Content. */
export type Handler = (request: RestRequest) => unknown;

/** A route as a module of routes lists it: its shape (`PATCH /channels/:id`) and its handler. */
export type RouteEntry = [shape: string, handle: Handler];

interface Route {
	method: string;
	/** The route's shape, e.g. `POST /channels/:id/messages`, which also names it in {@link LocalDiscordRoutes.calls}. */
	shape: string;
	/** The path's segments, `:id` matching any one segment. */
	segments: string[];
	handle: Handler;
}

/**
 * The routes that take files here (a channel message, an interaction's reply and its edit); files sent to any other are
 * refused and recorded rather than dropped unseen.
 */
const TAKE_FILES = new Set([
	'POST /channels/:id/messages',
	'POST /interactions/:id/:id/callback',
	'PATCH /webhooks/:id/:id/messages/:id',
]);

/** What the routes answer from: the other parts of the local Discord. */
export interface RoutesDeps {
	world: World;
	violate: Violate;
	events: EventEmitter;
	access: Access;
	commands: CommandRegistry;
	messages: MessageStore;
	interactions: Interactions;
	threads: Threads;
	/** The routes other modules answer (threads', scheduled events'), matched after these. */
	more: RouteEntry[];
	gatewayUrl: () => string;
	/** The number of shards `GET /gateway/bot` recommends. */
	shards: number;
	/** `session_start_limit.max_concurrency`: how many shards may identify at once. */
	maxConcurrency: number;
}

/**
 * The REST API the local Discord answers: one table of routes, built once, each matched segment by segment. Any other
 * call is a violation (Reverie called something this server does not know) and a 404.
 */
export class LocalDiscordRoutes {
	/** REST calls answered, by route shape (e.g. `POST /channels/:id/messages`). */
	readonly calls = new Map<string, number>();
	private readonly routes: Route[];

	constructor(private readonly deps: RoutesDeps) {
		this.routes = [...routeTable(deps), ...deps.more].map(([shape, handle]) => {
			const [method, path] = shape.split(' ');
			return { method, shape, segments: path.split('/'), handle };
		});
	}

	/** Answers a call to `path` (under `/api/v10`), counting it by its route. */
	answer(method: string, path: string, request: Omit<RestRequest, 'params'>): unknown {
		const segments = path.split('/');
		for (const route of this.routes) {
			if (route.method !== method) continue;
			const params = match(route.segments, segments);
			if (!params) continue;
			this.calls.set(route.shape, (this.calls.get(route.shape) ?? 0) + 1);
			if (request.files.length > 0 && !TAKE_FILES.has(route.shape)) {
				this.deps.violate(
					'unknown',
					`${route.shape} with files, which this local Discord takes only for channel messages`,
				);
				throw new HttpError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, `${route.shape} takes no files here`);
			}
			return route.handle({ ...request, params: params.map(decodeURIComponent) });
		}
		this.deps.violate('unknown', `${method} ${path} is not something this local Discord answers`);
		throw new HttpError(404, RESTJSONErrorCodes.GeneralError, `404: Not Found (${method} ${path})`);
	}

	/**
	 * Answers one HTTP request: a file of the CDN, or a REST call (under `/api/v10`), its refusal shaped as Discord
	 * shapes it (`message`, `code`, and an invalid form body's `errors`). Any other failure is a 500, logged.
	 */
	async serve(
		req: IncomingMessage,
		res: ServerResponse,
		cdn: Attachments,
		log?: (line: string) => void,
	): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
		const method = req.method ?? 'GET';
		if (cdn.serves(url.pathname)) return cdn.answer(req, res, url);
		try {
			const { json: body, files, size } = await readBody(req);
			const result = await this.answer(method, path, {
				url,
				body,
				files,
				size,
				auth: req.headers.authorization,
				res,
			});
			if (res.writableEnded) return;
			if (result === undefined) res.writeHead(204).end();
			else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
		} catch (error) {
			if (res.writableEnded) return;
			const e =
				error instanceof HttpError
					? error
					: new HttpError(500, RESTJSONErrorCodes.GeneralError, String((error as Error)?.message ?? error));
			if (!(error instanceof HttpError)) log?.(`500 on ${method} ${path}: ${e.message}`);
			res
				.writeHead(e.status, { 'content-type': 'application/json' })
				.end(JSON.stringify({ message: e.message, code: e.code, ...(e.errors ? { errors: e.errors } : {}) }));
		}
	}
}

/** A body that must be a JSON object: anything else (none, `null`, an array) is refused as Discord refuses it. */
function objectBody<T>(body: unknown): T {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new HttpError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body');
	return body as T;
}

/** The values of a route's `:id` segments (still encoded) when a path fits it, or `undefined`. */
function match(pattern: string[], segments: string[]): string[] | undefined {
	if (pattern.length !== segments.length) return undefined;
	const params: string[] = [];
	for (const [i, expected] of pattern.entries()) {
		const actual = segments[i] ?? '';
		if (expected === ':id') {
			if (actual === '') return undefined;
			params.push(actual);
		} else if (expected !== actual && expected !== decoded(actual)) return undefined;
	}
	return params;
}

/** A segment as it reads decoded: discord.js sends `@me` as `%40me`. */
function decoded(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

function routeTable(deps: RoutesDeps): RouteEntry[] {
	const { world, access, commands, messages, interactions, threads } = deps;
	const channelOf = (id: string) => findChannel(world, id);
	return [
		[
			'GET /gateway/bot',
			({ auth }): RESTGetAPIGatewayBotResult => {
				access.requireBot(auth);
				return {
					url: deps.gatewayUrl(),
					shards: deps.shards,
					session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: deps.maxConcurrency },
				};
			},
		],
		['GET /gateway', (): RESTGetAPIGatewayResult => ({ url: deps.gatewayUrl() })],
		[
			'GET /users/@me',
			({ auth }): APIUser => {
				access.requireBot(auth);
				return world.bot;
			},
		],
		[
			'GET /applications/@me',
			({ auth }): Pick<APIApplication, 'id' | 'name' | 'flags' | 'bot'> => {
				access.requireBot(auth);
				return { id: world.applicationId, name: world.bot.global_name, flags: NO_FLAGS, bot: world.bot };
			},
		],
		[
			'PUT /applications/:id/commands',
			({ auth, params: [application], body }) => {
				access.requireBot(auth);
				return commands.overwrite(application, GLOBAL, body);
			},
		],
		[
			'PUT /applications/:id/guilds/:id/commands',
			({ auth, params: [application, guild], body }) => {
				access.requireBot(auth);
				return commands.overwrite(application, guild, body);
			},
		],
		['GET /applications/:id/commands', () => commands.byScope.get(GLOBAL) ?? []],
		['GET /applications/:id/guilds/:id/commands', ({ params: [, guild] }) => commands.byScope.get(guild) ?? []],

		[
			'POST /interactions/:id/:id/callback',
			({ params: [id, token], body, url, files, size }) =>
				interactions.callback(id, token, objectBody<CallbackBody>(body), url, { files, size }),
		],
		[
			'PATCH /webhooks/:id/:id/messages/:id',
			({ params: [, token, message], body, files, size }) =>
				interactions.editReply(token, message, objectBody<RESTPatchAPIWebhookWithTokenMessageJSONBody>(body), {
					files,
					size,
				}),
		],
		['GET /webhooks/:id/:id/messages/:id', ({ params: [, token, message] }) => interactions.getReply(token, message)],
		[
			'DELETE /webhooks/:id/:id/messages/:id',
			({ params: [, token, message] }) => interactions.deleteReply(token, message),
		],
		[
			'POST /webhooks/:id/:id',
			({ params: [, token], body }) =>
				interactions.followUp(token, objectBody<RESTPostAPIWebhookWithTokenJSONBody>(body)),
		],

		[
			'GET /channels/:id',
			({ auth, params: [id] }) => {
				access.requireBot(auth);
				const { guild, channel } = channelOf(id);
				access.requireChannel(guild, channel);
				return isThread(channel) ? threads.payload(channel) : { ...channelPayload(channel) };
			},
		],
		[
			'POST /channels/:id/messages',
			({ auth, params: [channel], body, res, files, size }) =>
				messages.post(auth, channel, objectBody<RESTPostAPIChannelMessageJSONBody>(body), res, { files, size }),
		],
		[
			'PATCH /channels/:id/messages/:id',
			({ auth, params: [channel, message], body, res }) =>
				messages.patch(auth, channel, message, objectBody<RESTPatchAPIChannelMessageJSONBody>(body), res),
		],
		[
			'GET /channels/:id/messages/:id',
			({ auth, params: [channel, id] }) => {
				access.requireBot(auth);
				const message = messages.find(channelOf(channel).channel.id, id);
				if (!message || message.visibleTo) throw unknownMessage();
				return messagePayload(message);
			},
		],
		[
			'GET /channels/:id/messages',
			({ auth, params: [channel], url }) => {
				access.requireBot(auth);
				const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 50));
				return messages
					.visible(channelOf(channel).channel.id)
					.slice(-limit)
					.reverse()
					.map((message) => messagePayload(message));
			},
		],
		[
			'DELETE /channels/:id/messages/:id',
			({ auth, params: [channel, id] }) => {
				access.requireBot(auth);
				messages.delete(channelOf(channel).channel.id, id);
				return undefined;
			},
		],
		[
			'POST /channels/:id/typing',
			({ auth, params: [id] }) => {
				access.requireBot(auth);
				const { guild, channel } = channelOf(id);
				access.requireChannel(guild, channel);
				deps.events.emit('typing', { channelId: channel.id, userId: world.bot.id });
				return undefined;
			},
		],
	];
}
