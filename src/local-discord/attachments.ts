import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIAttachment } from 'discord-api-types/v10';
import { snowflake } from './world.js';

/**
 * The largest file a member's client uploads, what an interaction tells the bot (`attachment_size_limit`), and the
 * largest file the bot may post in a message: one limit per file, as Discord's is, at its former default of 8 MiB.
 */
export const ATTACHMENT_SIZE_LIMIT = 8 * 1024 * 1024;
/** How long a signed CDN link answers, as Discord's `ex` parameter says (a day). */
const LINK_LIFETIME_MS = 24 * 60 * 60_000;
/** Where the CDN serves a slash command's upload, and its media proxy the same file (Discord's two hosts). */
const CDN_PREFIX = '/ephemeral-attachments/';
const PROXY_PREFIX = '/media/ephemeral-attachments/';
/** Where they serve a file posted in a message: `/attachments/<channel id>/<attachment id>/<file name>`. */
const MESSAGE_CDN_PREFIX = '/attachments/';
const MESSAGE_PROXY_PREFIX = '/media/attachments/';
const LINK = /^(?:\/media)?\/(?:ephemeral-attachments|attachments\/(\d+))\/(\d+)\/([^/]+)$/;

/** A file as a member's client uploads it before using a command with an attachment option. */
export interface UploadInput {
	filename: string;
	content: Buffer | string;
	/** The MIME type Discord would tell; left out of the attachment when not given, as Discord does for unknown types. */
	contentType?: string;
	/**
	 * The size Discord tells the bot, when a test wants it to differ from the bytes: it is what a bot must trust
	 * before it downloads anything.
	 */
	declaredSize?: number;
}

/** A file the bot posts in a message. */
export interface PostedFile {
	filename: string;
	bytes: Buffer;
	/** The MIME type of its part; left out of the attachment when unknown. */
	contentType?: string;
	description?: string;
}

interface StoredAttachment {
	attachment: APIAttachment;
	/** The channel of the message it was posted in; none for a member's upload. */
	channelId?: string;
	bytes: Buffer;
	/** The signature the links carry (`hm`), so a link with its query cut off is refused, as Discord's CDN does. */
	signature: string;
	expires: number;
}

/**
 * Files members upload for commands' attachment options and files the bot posts in messages, and the CDN that serves
 * them: each attachment's `url` and `proxy_url` point at this server behind a signed, expiring query, and every
 * download is counted, so a test can see whether the bot fetched one.
 */
export class Attachments {
	private readonly byId = new Map<string, StoredAttachment>();
	/** Downloads of each attachment's bytes (GETs of its url or proxy url), by attachment id. */
	readonly downloads = new Map<string, number>();

	constructor(private readonly baseUrl: () => string) {}

	/** Uploads a file as a member's client does, and returns the attachment Discord would resolve for the bot. */
	upload(input: UploadInput): APIAttachment {
		const bytes = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
		const size = input.declaredSize ?? bytes.length;
		if (!/^[^/\\\0]{1,255}$/.test(input.filename))
			throw new Error(`a file name must be 1 to 255 characters without slashes`);
		if (!Number.isSafeInteger(size) || size < 0) throw new Error(`a declared size must be a whole number of bytes`);
		if (Math.max(size, bytes.length) > ATTACHMENT_SIZE_LIMIT)
			throw new Error(`${input.filename} is over the ${ATTACHMENT_SIZE_LIMIT} bytes a member may upload`);
		return this.store(
			CDN_PREFIX,
			PROXY_PREFIX,
			{ filename: input.filename, bytes, contentType: input.contentType },
			{
				size,
				ephemeral: true,
			},
		);
	}

	/**
	 * Keeps a file the bot posted in a message in `channelId`, and returns its attachment as Discord does: served
	 * under `/attachments/<channel>/<id>/`, with the width and height of a PNG read from its header. The checks of
	 * the message (sizes, count) come first, in the message store.
	 */
	post(channelId: string, file: PostedFile): APIAttachment {
		const size = pngSize(file.bytes);
		return this.store(
			`${MESSAGE_CDN_PREFIX}${channelId}/`,
			`${MESSAGE_PROXY_PREFIX}${channelId}/`,
			file,
			{
				size: file.bytes.length,
				...(file.description ? { description: file.description } : {}),
				...(size ? { width: size.width, height: size.height } : {}),
			},
			channelId,
		);
	}

	private store(
		cdn: string,
		proxy: string,
		file: PostedFile,
		extra: Partial<APIAttachment> & { size: number },
		channelId?: string,
	): APIAttachment {
		const id = snowflake();
		const expires = Date.now() + LINK_LIFETIME_MS;
		const signature = randomBytes(32).toString('hex');
		const query = `?ex=${Math.floor(expires / 1000).toString(16)}&is=${Math.floor(Date.now() / 1000).toString(16)}&hm=${signature}&`;
		const path = `${id}/${encodeURIComponent(file.filename)}${query}`;
		const attachment: APIAttachment = {
			id,
			filename: file.filename,
			url: `${this.baseUrl()}${cdn}${path}`,
			proxy_url: `${this.baseUrl()}${proxy}${path}`,
			...(file.contentType ? { content_type: file.contentType } : {}),
			...extra,
		};
		this.byId.set(id, { attachment, bytes: file.bytes, signature, expires, ...(channelId ? { channelId } : {}) });
		return attachment;
	}

	find(id: string): APIAttachment | undefined {
		return this.byId.get(id)?.attachment;
	}

	/** The bytes of an attachment as they were uploaded or posted (what its url serves). */
	bytes(id: string): Buffer | undefined {
		return this.byId.get(id)?.bytes;
	}

	/** How many times the bytes of an attachment were downloaded. */
	downloaded(id: string): number {
		return this.downloads.get(id) ?? 0;
	}

	/** Whether a request is for the CDN rather than the API. */
	serves(path: string): boolean {
		return [CDN_PREFIX, PROXY_PREFIX, MESSAGE_CDN_PREFIX, MESSAGE_PROXY_PREFIX].some((prefix) =>
			path.startsWith(prefix),
		);
	}

	/** Answers a GET of an attachment's link with its bytes; anything unknown, unsigned or expired is a 404. */
	answer(req: IncomingMessage, res: ServerResponse, url: URL): void {
		const [, channelId, id, name] = LINK.exec(url.pathname) ?? [];
		const stored = id ? this.byId.get(id) : undefined;
		const valid =
			stored &&
			channelId === stored.channelId &&
			safeDecode(name ?? '') === stored.attachment.filename &&
			url.searchParams.get('hm') === stored.signature &&
			Date.now() < stored.expires;
		if (!stored || !valid || (req.method !== 'GET' && req.method !== 'HEAD')) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('This content is no longer available.');
			return;
		}
		res.writeHead(200, {
			'content-type': stored.attachment.content_type ?? 'application/octet-stream',
			'content-length': stored.bytes.length,
		});
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		this.downloads.set(stored.attachment.id, (this.downloads.get(stored.attachment.id) ?? 0) + 1);
		res.end(stored.bytes);
	}
}

function safeDecode(text: string): string | undefined {
	try {
		return decodeURIComponent(text);
	} catch {
		return undefined;
	}
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's width and height, from its IHDR chunk (which must come first); undefined for anything else. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
	if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
	if (bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
