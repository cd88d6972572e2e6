import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { APIAttachment } from 'discord-api-types/v10';
import { snowflake } from './world.js';

/**
 * The largest file a member's client uploads, what an interaction tells the bot (`attachment_size_limit`), and the
 * largest file the bot may post in a message: one limit per file, as Discord's is, at its former default of 8 MiB.
 */
export const ATTACHMENT_SIZE_LIMIT = 8 * 1024 * 1024;
/** The scheme by which a message's embeds and components name one of its files: `attachment://<file name>`. */
export const ATTACHMENT_SCHEME = 'attachment://';
/** How long a signed CDN link answers, as Discord's `ex` parameter says (a day). */
const LINK_LIFETIME_MS = 24 * 60 * 60_000;
/** Where the CDN serves a slash command's upload, and its media proxy the same file (Discord's two hosts). */
const CDN_PREFIX = '/ephemeral-attachments/';
const PROXY_PREFIX = '/media/ephemeral-attachments/';
/** Where they serve a file posted in a message: `/attachments/<channel id>/<attachment id>/<file name>`. */
const MESSAGE_CDN_PREFIX = '/attachments/';
const MESSAGE_PROXY_PREFIX = '/media/attachments/';
const LINK = /^(?:\/media)?\/(?:ephemeral-attachments|attachments\/(\d+))\/(\d+)\/([^/]+)$/;
/**
 * How many bytes of posted files a folder keeps (see {@link KeptFiles}): a few hundred maps of the night, or eight
 * of the largest files a message may carry. Past it the oldest go first.
 */
export const KEPT_FILES_LIMIT = 64 * 1024 * 1024;
/** The names of a kept file's two parts, `<id>.bin` and `<id>.json`, and of either while it is written. */
const KEPT_NAME = /^\d+\.(?:bin|json)(?:\.\d+\.tmp)?$/;

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

/**
 * Where the files posted in messages are kept across restarts: each is written to `folder` as it is posted and read
 * back when the next local Discord starts, with its id, name and signature, so the messages that name it still show
 * it. At most `limit` bytes of them (default {@link KEPT_FILES_LIMIT}); past it the oldest are forgotten, on disk and
 * here, and their links answer 404 as Discord's do for content it no longer has. Members' uploads are never kept.
 */
export interface KeptFiles {
	folder: string;
	limit?: number;
	/** Told when a file cannot be written or removed (the file is still served until the local Discord stops). */
	log?: (line: string) => void;
}

/** An attachment as kept: what Discord answers of it, but its links, which are made with this start's address. */
type Described = Omit<APIAttachment, 'url' | 'proxy_url'>;

interface StoredAttachment {
	attachment: Described;
	/** The channel of the message it was posted in; none for a member's upload. */
	channelId?: string;
	bytes: Buffer;
	/** The signature the links carry (`hm`), so a link with its query cut off is refused, as Discord's CDN does. */
	signature: string;
	/** When its links were signed (`is`) and until when they answer (`ex`). */
	issued: number;
	expires: number;
}

/** What a kept file's `<id>.json` holds beside its bytes (`<id>.bin`). */
interface KeptRecord {
	attachment: Described;
	channelId: string;
	signature: string;
}

/**
 * Files members upload for commands' attachment options and files the bot posts in messages, and the CDN that serves
 * them: each attachment's `url` and `proxy_url` point at this server behind a signed, expiring query, and every
 * download is counted, so a test can see whether the bot fetched one. They live in memory, and the posted ones in a
 * folder too when one is given ({@link KeptFiles}).
 */
export class Attachments {
	private readonly byId = new Map<string, StoredAttachment>();
	/** Downloads of each attachment's bytes (GETs of its url or proxy url), by attachment id. */
	readonly downloads = new Map<string, number>();
	/** The posted files a folder keeps, oldest first, by id. */
	private readonly kept = new Set<string>();
	private keptBytes = 0;

	/**
	 * `baseUrl` is the server's origin, asked whenever a link is made. With `keep`, the files posted in messages are
	 * kept in its folder, and those an earlier start kept are served again at once, with fresh links.
	 */
	constructor(
		private readonly baseUrl: () => string,
		private readonly keep?: KeptFiles,
	) {
		if (keep) this.readKept(keep.folder);
	}

	/** Uploads a file as a member's client does, and returns the attachment Discord would resolve for the bot. */
	upload(input: UploadInput): APIAttachment {
		const bytes = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
		const size = input.declaredSize ?? bytes.length;
		if (!/^[^/\\\0]{1,255}$/.test(input.filename))
			throw new Error(`a file name must be 1 to 255 characters without slashes`);
		if (!Number.isSafeInteger(size) || size < 0) throw new Error(`a declared size must be a whole number of bytes`);
		if (Math.max(size, bytes.length) > ATTACHMENT_SIZE_LIMIT)
			throw new Error(`${input.filename} is over the ${ATTACHMENT_SIZE_LIMIT} bytes a member may upload`);
		return this.store({ filename: input.filename, bytes, contentType: input.contentType }, { size, ephemeral: true });
	}

	/**
	 * Keeps a file the bot posted in a message in `channelId`, and returns its attachment as Discord does: served
	 * under `/attachments/<channel>/<id>/`, with the width and height of a PNG read from its header. The checks of
	 * the message (sizes, count) come first, in the message store.
	 */
	post(channelId: string, file: PostedFile): APIAttachment {
		const size = pngSize(file.bytes);
		return this.store(
			file,
			{
				size: file.bytes.length,
				...(file.description ? { description: file.description } : {}),
				...(size ? { width: size.width, height: size.height } : {}),
			},
			channelId,
		);
	}

	private store(file: PostedFile, extra: Partial<APIAttachment> & { size: number }, channelId?: string): APIAttachment {
		const id = snowflake();
		const attachment: Described = {
			id,
			filename: file.filename,
			...(file.contentType ? { content_type: file.contentType } : {}),
			...extra,
		};
		const stored: StoredAttachment = {
			attachment,
			bytes: file.bytes,
			signature: randomBytes(32).toString('hex'),
			...freshLink(),
			...(channelId ? { channelId } : {}),
		};
		this.byId.set(id, stored);
		if (this.keep && channelId)
			this.writeKept(this.keep.folder, { attachment, channelId, signature: stored.signature }, stored);
		return this.linked(stored);
	}

	/** The attachment with its links at this server: `/attachments/<channel>/…` for a posted file, signed. */
	private linked(stored: StoredAttachment): APIAttachment {
		const { attachment, channelId, signature, issued, expires } = stored;
		const [cdn, proxy] = channelId
			? [`${MESSAGE_CDN_PREFIX}${channelId}/`, `${MESSAGE_PROXY_PREFIX}${channelId}/`]
			: [CDN_PREFIX, PROXY_PREFIX];
		const query = `?ex=${hexSeconds(expires)}&is=${hexSeconds(issued)}&hm=${signature}&`;
		const tail = `${attachment.id}/${encodeURIComponent(attachment.filename)}${query}`;
		return { ...attachment, url: `${this.baseUrl()}${cdn}${tail}`, proxy_url: `${this.baseUrl()}${proxy}${tail}` };
	}

	find(id: string): APIAttachment | undefined {
		const stored = this.byId.get(id);
		return stored && this.linked(stored);
	}

	/**
	 * A link to a file of this CDN as this server gives it now, for a link made by an earlier start (another port,
	 * maybe expired): a file still here gets its current link, as Discord gives fresh links to a client that fetches
	 * a message again, and one no longer here keeps its path on this server (where it answers 404). Anything that is
	 * not a link of this CDN comes back as it was.
	 */
	relink(link: string): string {
		let url: URL;
		try {
			url = new URL(link);
		} catch {
			return link;
		}
		if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1' || !this.serves(url.pathname)) return link;
		const [, channelId, id, name] = LINK.exec(url.pathname) ?? [];
		const stored = id ? this.byId.get(id) : undefined;
		if (!stored || stored.channelId !== channelId || safeDecode(name ?? '') !== stored.attachment.filename)
			return `${this.baseUrl()}${url.pathname}${url.search}`;
		const current = this.linked(stored);
		return url.pathname.startsWith('/media/') ? current.proxy_url : current.url;
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

	/** Writes a posted file and what it is (bytes first, each whole or not at all), then drops the oldest past the limit. */
	private writeKept(folder: string, record: KeptRecord, stored: StoredAttachment): void {
		const id = record.attachment.id;
		try {
			mkdirSync(folder, { recursive: true });
			writeWhole(path.join(folder, `${id}.bin`), stored.bytes);
			writeWhole(path.join(folder, `${id}.json`), JSON.stringify(record));
		} catch (error) {
			this.keep?.log?.(`could not keep ${record.attachment.filename} in ${folder}: ${(error as Error).message}`);
			return;
		}
		this.kept.add(id);
		this.keptBytes += stored.bytes.length;
		this.dropOldest(folder, id);
	}

	/** Forgets the oldest kept files, on disk and here, until the rest are within the limit (the newest always stays). */
	private dropOldest(folder: string, newest?: string): void {
		const limit = this.keep?.limit ?? KEPT_FILES_LIMIT;
		for (const id of this.kept) {
			if (this.keptBytes <= limit || id === newest) break;
			this.keptBytes -= this.byId.get(id)?.bytes.length ?? 0;
			this.kept.delete(id);
			this.byId.delete(id);
			try {
				rmSync(path.join(folder, `${id}.json`), { force: true });
				rmSync(path.join(folder, `${id}.bin`), { force: true });
			} catch (error) {
				this.keep?.log?.(`could not remove a kept file from ${folder}: ${(error as Error).message}`);
			}
		}
	}

	/**
	 * Takes up the files an earlier start kept, oldest first, each with fresh links; a file whose record or bytes
	 * cannot be read (a crash mid-write) is removed, and so is a half-written one. Nothing else there is touched.
	 */
	private readKept(folder: string): void {
		let names: string[];
		try {
			names = readdirSync(folder);
		} catch {
			return;
		}
		const records = names.filter((name) => /^\d+\.json$/.test(name)).map((name) => name.slice(0, -'.json'.length));
		records.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
		const taken = new Set<string>();
		for (const id of records) {
			const stored = readKeptFile(folder, id);
			if (!stored) continue;
			this.byId.set(id, stored);
			this.kept.add(id);
			this.keptBytes += stored.bytes.length;
			taken.add(`${id}.json`).add(`${id}.bin`);
		}
		for (const name of names)
			if (KEPT_NAME.test(name) && !taken.has(name)) rmSync(path.join(folder, name), { force: true });
		this.dropOldest(folder);
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

/** A link's `ex` or `is`: seconds since 1970 in hex, as Discord writes them. */
const hexSeconds = (ms: number) => Math.floor(ms / 1000).toString(16);

/** Links signed now, answering for a day. */
function freshLink(): { issued: number; expires: number } {
	const issued = Date.now();
	return { issued, expires: issued + LINK_LIFETIME_MS };
}

/** A new file renamed over the old, so a crash never leaves half of one under the name. */
function writeWhole(file: string, data: Buffer | string): void {
	const next = `${file}.${process.pid}.tmp`;
	writeFileSync(next, data);
	renameSync(next, file);
}

/** A kept file as an earlier start wrote it, with fresh links; undefined when it cannot be read whole. */
function readKeptFile(folder: string, id: string): StoredAttachment | undefined {
	try {
		const record = JSON.parse(readFileSync(path.join(folder, `${id}.json`), 'utf8')) as Partial<KeptRecord>;
		const bytes = readFileSync(path.join(folder, `${id}.bin`));
		const { attachment, channelId, signature } = record;
		if (attachment?.id !== id || typeof attachment.filename !== 'string' || attachment.size !== bytes.length)
			return undefined;
		if (typeof channelId !== 'string' || !/^\d+$/.test(channelId) || typeof signature !== 'string') return undefined;
		return { attachment, channelId, signature, bytes, ...freshLink() };
	} catch {
		return undefined;
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
