import { ATTACHMENT_SCHEME, ATTACHMENT_SIZE_LIMIT } from './attachments.js';
import {
	ACTION_ROW_LIMITS,
	type ComponentLike,
	checkComponentsV2,
	checkLegacyComponents,
	isComponentsV2,
} from './layout-checks.js';

export { ATTACHMENT_SCHEME } from './attachments.js';

/**
 * What Discord refuses in a message, checked as strictly as Discord does, so a mistake fails here before it fails
 * in a real server. Each problem is a sentence naming the limit.
 */
export const MESSAGE_LIMITS = {
	content: 2000,
	embeds: 10,
	title: 256,
	description: 4096,
	fields: 25,
	fieldName: 256,
	fieldValue: 1024,
	footer: 2048,
	author: 256,
	embedTotal: 6000,
	...ACTION_ROW_LIMITS,
	nonce: 25,
	files: 10,
} as const;

/**
 * How many bytes Discord takes: each file at most the upload limit (a server without boosts), and the whole request
 * that posts a message at most 25 MiB. Over either, Discord answers 413 (40005, request entity too large).
 */
export const SIZE_LIMITS = {
	file: ATTACHMENT_SIZE_LIMIT,
	request: 25 * 1024 * 1024,
} as const;

/** The file types an embed may show from its message's files through `attachment://<file name>`. */
const EMBEDDABLE = /\.(jpe?g|png|webp|gif)$/i;

/** The urls of an embed that may name a file of the message as `attachment://<file name>`. */
const EMBED_MEDIA = ['image', 'thumbnail'] as const;

interface EmbedLike {
	title?: string;
	description?: string;
	fields?: { name?: string; value?: string }[];
	footer?: { text?: string };
	author?: { name?: string };
	image?: { url?: string };
	thumbnail?: { url?: string };
}

/** A message's body as the bot sends it, not yet checked: any field may be missing or wrong. */
export interface MessageBody {
	content?: string;
	embeds?: EmbedLike[];
	components?: ComponentLike[];
	nonce?: string | number;
	/** With `IS_COMPONENTS_V2` set, the message is laid out from its components alone (see `layout-checks.ts`). */
	flags?: number | null;
	sticker_ids?: readonly unknown[];
	poll?: unknown;
}

/** A file of a message, as the checks see it. */
export interface FileLike {
	filename: string;
	size: number;
}

/**
 * The problems Discord would refuse a message body for, one sentence each; none when it is acceptable. `files` are
 * the files the message is posted with (or keeps, for an edit): a message may be only files, at most 10 of them,
 * and an embed's or a component's `attachment://` url must name one of them. With the `IS_COMPONENTS_V2` flag the
 * components follow that layout's rules, and are the whole message.
 */
export function checkMessage(body: MessageBody, files: readonly FileLike[] = []): string[] {
	const problems: string[] = [];
	const L = MESSAGE_LIMITS;
	if (body.content !== undefined && body.content.length > L.content)
		problems.push(`content is ${body.content.length} characters (limit ${L.content})`);
	const embeds = body.embeds ?? [];
	if (embeds.length > L.embeds) problems.push(`${embeds.length} embeds (limit ${L.embeds})`);
	let total = 0;
	for (const [i, e] of embeds.entries()) {
		const lengths: [string, string | undefined, number][] = [
			['title', e.title, L.title],
			['description', e.description, L.description],
			['footer text', e.footer?.text, L.footer],
			['author name', e.author?.name, L.author],
		];
		for (const [name, text, limit] of lengths) {
			if (text === undefined) continue;
			total += text.length;
			if (text.length > limit) problems.push(`embed ${i} ${name} is ${text.length} characters (limit ${limit})`);
		}
		const fields = e.fields ?? [];
		if (fields.length > L.fields) problems.push(`embed ${i} has ${fields.length} fields (limit ${L.fields})`);
		for (const media of EMBED_MEDIA) {
			const url = e[media]?.url;
			if (!url?.startsWith(ATTACHMENT_SCHEME)) continue;
			const name = url.slice(ATTACHMENT_SCHEME.length);
			// Refused here whatever Discord makes of it: an embed that would show no map should fail a test.
			if (!files.some((f) => f.filename === name))
				problems.push(`embed ${i} ${media} ${url} names no file of the message`);
			else if (!EMBEDDABLE.test(name))
				problems.push(`embed ${i} ${media} ${url} is not a .jpg, .jpeg, .png, .webp or .gif, which embeds cannot show`);
		}
		for (const f of fields) {
			total += (f.name?.length ?? 0) + (f.value?.length ?? 0);
			if (!f.name || !f.value) problems.push(`embed ${i} has a field without a name or value`);
			if ((f.name?.length ?? 0) > L.fieldName) problems.push(`embed ${i} field name over ${L.fieldName} characters`);
			if ((f.value?.length ?? 0) > L.fieldValue)
				problems.push(`embed ${i} field value over ${L.fieldValue} characters`);
		}
	}
	if (total > L.embedTotal) problems.push(`embeds hold ${total} characters in all (limit ${L.embedTotal})`);
	const components = body.components ?? [];
	const v2 = isComponentsV2(body.flags);
	problems.push(...(v2 ? checkComponentsV2(body, files) : checkLegacyComponents(components)));
	if (body.nonce !== undefined && String(body.nonce).length > L.nonce)
		problems.push(`nonce is ${String(body.nonce).length} characters (limit ${L.nonce})`);
	if (files.length > L.files) problems.push(`${files.length} files (limit ${L.files})`);
	// A Components V2 message is never empty this way: it needs a component, which its own check asks for.
	const empty = !body.content && embeds.length === 0 && components.length === 0 && files.length === 0;
	if (empty && !v2) problems.push('a message needs content, an embed, components or a file');
	return problems;
}

/** The problems of size Discord would refuse a message's upload for (a 413, not a 400), one sentence each. */
export function checkSizes(files: readonly FileLike[], requestBytes: number): string[] {
	const problems: string[] = [];
	for (const file of files)
		if (file.size > SIZE_LIMITS.file)
			problems.push(`${file.filename} is ${file.size} bytes (limit ${SIZE_LIMITS.file} a file)`);
	if (requestBytes > SIZE_LIMITS.request)
		problems.push(`the request is ${requestBytes} bytes (limit ${SIZE_LIMITS.request})`);
	return problems;
}
