import { ButtonStyle, ComponentType } from 'discord-api-types/v10';

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
	rows: 5,
	buttonsPerRow: 5,
	label: 80,
	customId: 100,
	nonce: 25,
} as const;

interface EmbedLike {
	title?: string;
	description?: string;
	fields?: { name?: string; value?: string }[];
	footer?: { text?: string };
	author?: { name?: string };
}

interface ComponentLike {
	type?: number;
	components?: ComponentLike[];
	custom_id?: string;
	label?: string;
	style?: number;
	url?: string;
}

/** A message's body as the bot sends it, not yet checked: any field may be missing or wrong. */
export interface MessageBody {
	content?: string;
	embeds?: EmbedLike[];
	components?: ComponentLike[];
	nonce?: string | number;
	flags?: number;
}

/** The problems Discord would refuse a message body for, one sentence each; none when it is acceptable. */
export function checkMessage(body: MessageBody): string[] {
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
		for (const f of fields) {
			total += (f.name?.length ?? 0) + (f.value?.length ?? 0);
			if (!f.name || !f.value) problems.push(`embed ${i} has a field without a name or value`);
			if ((f.name?.length ?? 0) > L.fieldName) problems.push(`embed ${i} field name over ${L.fieldName} characters`);
			if ((f.value?.length ?? 0) > L.fieldValue)
				problems.push(`embed ${i} field value over ${L.fieldValue} characters`);
		}
	}
	if (total > L.embedTotal) problems.push(`embeds hold ${total} characters in all (limit ${L.embedTotal})`);
	const rows = body.components ?? [];
	if (rows.length > L.rows) problems.push(`${rows.length} rows of components (limit ${L.rows})`);
	const ids = new Set<string>();
	for (const [r, row] of rows.entries()) {
		if (row.type !== ComponentType.ActionRow) problems.push(`component ${r} is not an action row`);
		const buttons = row.components ?? [];
		if (buttons.length === 0) problems.push(`row ${r} is empty`);
		if (buttons.length > L.buttonsPerRow)
			problems.push(`row ${r} has ${buttons.length} buttons (limit ${L.buttonsPerRow})`);
		for (const b of buttons) {
			if (b.label !== undefined && b.label.length > L.label)
				problems.push(`button label is ${b.label.length} characters (limit ${L.label})`);
			if (b.style === ButtonStyle.Link) {
				if (!b.url) problems.push('link button without a url');
				continue;
			}
			if (!b.custom_id) {
				problems.push('button without a custom_id');
				continue;
			}
			if (b.custom_id.length > L.customId)
				problems.push(`custom_id is ${b.custom_id.length} characters (limit ${L.customId})`);
			if (ids.has(b.custom_id)) problems.push(`custom_id "${b.custom_id}" is used twice in one message`);
			ids.add(b.custom_id);
		}
	}
	if (body.nonce !== undefined && String(body.nonce).length > L.nonce)
		problems.push(`nonce is ${String(body.nonce).length} characters (limit ${L.nonce})`);
	const empty = !body.content && embeds.length === 0 && rows.length === 0;
	if (empty) problems.push('a message needs content, an embed or components');
	return problems;
}
