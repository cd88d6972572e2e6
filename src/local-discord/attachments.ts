import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIAttachment } from 'discord-api-types/v10';
import { snowflake } from './world.js';

/** The largest upload a member's client sends, and what an interaction tells the bot: Discord's default of 8 MiB. */
export const ATTACHMENT_SIZE_LIMIT = 8 * 1024 * 1024;
/** How long a signed CDN link answers, as Discord's `ex` parameter says (a day). */
const LINK_LIFETIME_MS = 24 * 60 * 60_000;
/** Where the CDN serves a slash command's upload, and its media proxy the same file (Discord's two hosts). */
const CDN_PREFIX = '/ephemeral-attachments/';
const PROXY_PREFIX = '/media/ephemeral-attachments/';

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

interface StoredAttachment {
	attachment: APIAttachment;
	bytes: Buffer;
	/** The signature the links carry (`hm`), so a link with its query cut off is refused, as Discord's CDN does. */
	signature: string;
	expires: number;
}

/**
 * Files members upload for commands' attachment options, and the CDN that serves them: each attachment's `url` and
 * `proxy_url` point at this server, and every download is counted, so a test can see whether the bot fetched one.
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
		const id = snowflake();
		const expires = Date.now() + LINK_LIFETIME_MS;
		const signature = randomBytes(32).toString('hex');
		const query = `?ex=${Math.floor(expires / 1000).toString(16)}&is=${Math.floor(Date.now() / 1000).toString(16)}&hm=${signature}&`;
		const file = `${this.baseUrl()}${CDN_PREFIX}${id}/${encodeURIComponent(input.filename)}${query}`;
		const attachment: APIAttachment = {
			id,
			filename: input.filename,
			size,
			url: file,
			proxy_url: file.replace(CDN_PREFIX, PROXY_PREFIX),
			ephemeral: true,
			...(input.contentType ? { content_type: input.contentType } : {}),
		};
		this.byId.set(id, { attachment, bytes, signature, expires });
		return attachment;
	}

	find(id: string): APIAttachment | undefined {
		return this.byId.get(id)?.attachment;
	}

	/** How many times the bytes of an attachment were downloaded. */
	downloaded(id: string): number {
		return this.downloads.get(id) ?? 0;
	}

	/** Whether a request is for the CDN rather than the API. */
	serves(path: string): boolean {
		return path.startsWith(CDN_PREFIX) || path.startsWith(PROXY_PREFIX);
	}

	/** Answers a GET of an attachment's link with its bytes; anything unknown, unsigned or expired is a 404. */
	answer(req: IncomingMessage, res: ServerResponse, url: URL): void {
		const [, id, name] = /^(?:\/media)?\/ephemeral-attachments\/(\d+)\/([^/]+)$/.exec(url.pathname) ?? [];
		const stored = id ? this.byId.get(id) : undefined;
		const valid =
			stored &&
			decodeURIComponent(name ?? '') === stored.attachment.filename &&
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
