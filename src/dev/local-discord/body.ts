import type { IncomingMessage } from 'node:http';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { HttpError } from './errors.js';

/** A file part of a multipart body, as the bot sent it. */
export interface FilePart {
	/** The form field it came in, e.g. `files[0]`. */
	field: string;
	/** The `n` of a `files[n]` field; undefined for a field named otherwise. */
	index?: number;
	/** The file name the part carries. */
	filename: string;
	/** The part's Content-Type; empty when it has none. */
	contentType: string;
	bytes: Buffer;
}

/** A REST call's body: its JSON (or `null`), its file parts, and its size in bytes as it came. */
export interface RequestBody {
	json: unknown;
	files: FilePart[];
	size: number;
}

/**
 * A REST call's body: its JSON, or the JSON part and the file parts of a multipart body; `json` is `null` when there
 * is none. Invalid JSON is refused as Discord refuses it.
 */
export async function readBody(req: IncomingMessage): Promise<RequestBody> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	if (chunks.length === 0) return { json: null, files: [], size: 0 };
	const raw = Buffer.concat(chunks);
	const type = req.headers['content-type'] ?? '';
	if (type.startsWith('multipart/form-data')) return { ...(await multipart(raw, type)), size: raw.length };
	return { json: parseJson(raw.toString('utf8')), files: [], size: raw.length };
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		throw new HttpError(
			400,
			RESTJSONErrorCodes.RequestBodyContainsInvalidJSON,
			'The request body contains invalid JSON.',
		);
	}
}

/** The `payload_json` part and the file parts (`files[n]`, as discord.js names them) of a multipart body. */
async function multipart(raw: Buffer, contentType: string): Promise<Omit<RequestBody, 'size'>> {
	let form: FormData;
	try {
		form = await new Request('http://local', {
			method: 'POST',
			headers: { 'content-type': contentType },
			body: raw,
		}).formData();
	} catch {
		// A body that is not multipart after all has no JSON part, like one without a `payload_json` field.
		return { json: null, files: [] };
	}
	const files: FilePart[] = [];
	for (const [field, value] of form.entries()) {
		if (typeof value === 'string') continue;
		const n = /^files\[(\d+)\]$/.exec(field)?.[1];
		files.push({
			field,
			...(n === undefined ? {} : { index: Number(n) }),
			filename: value.name,
			contentType: value.type,
			bytes: Buffer.from(await value.arrayBuffer()),
		});
	}
	const json = form.get('payload_json');
	return { json: typeof json === 'string' && json !== '' ? parseJson(json) : null, files };
}

/** An entry of a body's `attachments`: for a new file, `id` is the `n` of its `files[n]`. */
export interface AttachmentEntry {
	id?: string | number;
	filename?: string;
	description?: string;
}

/** A file to attach to a message: its part, under the name the message gives it. */
export interface NamedFile {
	filename: string;
	contentType: string;
	bytes: Buffer;
	description?: string;
}

/**
 * The files a message is posted with, matched to its `attachments` entries as Discord matches them: an entry's `id`
 * is the `n` of a `files[n]` part, and its `filename` (when given) names the file instead of the part's own name.
 * A part no entry names keeps its own name. An entry that names no part, or a part named twice, is a problem.
 */
export function matchFiles(
	files: readonly FilePart[],
	entries: readonly AttachmentEntry[] = [],
): { files: NamedFile[]; problems: string[] } {
	const problems: string[] = [];
	const seen = new Set<number>();
	for (const part of files)
		if (part.index !== undefined) {
			if (seen.has(part.index)) problems.push(`two file parts are named files[${part.index}]`);
			seen.add(part.index);
		}
	for (const [i, entry] of entries.entries())
		if (!files.some((part) => part.index !== undefined && String(part.index) === String(entry.id)))
			problems.push(`attachments[${i}] (id ${String(entry.id)}) names no files[n] part of the request`);
	const named = files.map((part): NamedFile => {
		const entry = entries.find((e) => part.index !== undefined && String(e.id) === String(part.index));
		return {
			filename: entry?.filename ?? part.filename,
			contentType: part.contentType,
			bytes: part.bytes,
			...(entry?.description ? { description: entry.description } : {}),
		};
	});
	return { files: named, problems };
}

/** The MIME types Discord tells for the files a part does not type (or types only as bytes), by extension. */
const TYPES_BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	txt: 'text/plain; charset=utf-8',
	json: 'application/json',
};

/** The MIME type Discord tells for a file: the part's own, or else its extension's. */
export function contentTypeOf(file: NamedFile): string | undefined {
	if (file.contentType && file.contentType !== 'application/octet-stream') return file.contentType;
	return TYPES_BY_EXTENSION[/\.([^.]+)$/.exec(file.filename)?.[1]?.toLowerCase() ?? ''];
}
