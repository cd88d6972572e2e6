import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import { ATTACHMENT_SCHEME } from './attachments.js';

// What Discord refuses in a message's components, in the legacy layout (action rows under content and embeds) and in
// Components V2 (the IS_COMPONENTS_V2 flag: the message is laid out from components alone). Each problem is a sentence
// naming the component by its path in the body, as Discord's 50035 errors do.

/** The message flag that lays a message out from components alone (1 << 15). */
export const IS_COMPONENTS_V2 = MessageFlags.IsComponentsV2;

/** Whether a message's flags (or an edit's) lay it out with Components V2. */
export const isComponentsV2 = (flags: number | null | undefined): boolean => ((flags ?? 0) & IS_COMPONENTS_V2) !== 0;

/** Action rows and their buttons, the same in both layouts (only the 5 rows are the legacy layout's alone). */
export const ACTION_ROW_LIMITS = {
	/** Top-level action rows of a legacy message. */
	rows: 5,
	buttonsPerRow: 5,
	label: 80,
	customId: 100,
} as const;

/** What Discord allows in a Components V2 message (its Component Reference and API description). */
export const COMPONENTS_V2_LIMITS = {
	/** Components in the whole message, nested ones (a row's buttons, a section's texts and accessory) included. */
	components: 40,
	/** Characters of all its text displays together. */
	text: 4000,
	/** Text displays in a section, at least one. */
	sectionTexts: 3,
	/** Items of a media gallery, at least one. */
	galleryItems: 10,
	/** Characters of a thumbnail's or a gallery item's alt text. */
	description: 1024,
	/** Characters of a media url. */
	mediaUrl: 2048,
	/** The largest accent colour of a container, as RGB. */
	accentColor: 0xffffff,
	/** A separator's spacings: small and large. */
	spacings: [1, 2],
	...ACTION_ROW_LIMITS,
} as const;

/** A media reference as the bot sends it: a thumbnail's or gallery item's `media`, a File's `file`. */
export interface MediaLike {
	url?: unknown;
}

/** A media gallery's item as the bot sends it. */
export interface GalleryItemLike {
	media?: MediaLike;
	description?: unknown;
	spoiler?: unknown;
}

/** A component as the bot sends it, not yet checked: any field may be missing or of the wrong type. */
export interface ComponentLike {
	type?: number;
	id?: unknown;
	components?: ComponentLike[];
	custom_id?: string;
	label?: string;
	style?: number;
	url?: string;
	disabled?: boolean;
	content?: unknown;
	accessory?: ComponentLike;
	media?: MediaLike;
	description?: unknown;
	items?: GalleryItemLike[];
	file?: MediaLike;
	divider?: unknown;
	spacing?: unknown;
	accent_color?: unknown;
	spoiler?: unknown;
}

/** The fields of a message body that Components V2 rules on. */
export interface LayoutBody {
	content?: string | null;
	embeds?: readonly unknown[] | null;
	components?: readonly ComponentLike[] | null;
	sticker_ids?: readonly unknown[] | null;
	poll?: unknown;
}

/** A file of the message, by the name `attachment://` uses. */
interface NamedFile {
	filename: string;
}

const NAMES: Partial<Record<number, string>> = {
	[ComponentType.ActionRow]: 'an action row',
	[ComponentType.Button]: 'a button',
	[ComponentType.StringSelect]: 'a string select',
	[ComponentType.UserSelect]: 'a user select',
	[ComponentType.RoleSelect]: 'a role select',
	[ComponentType.MentionableSelect]: 'a mentionable select',
	[ComponentType.ChannelSelect]: 'a channel select',
	[ComponentType.Section]: 'a section',
	[ComponentType.TextDisplay]: 'a text display',
	[ComponentType.Thumbnail]: 'a thumbnail',
	[ComponentType.MediaGallery]: 'a media gallery',
	[ComponentType.File]: 'a file component',
	[ComponentType.Separator]: 'a separator',
	[ComponentType.Container]: 'a container',
};
const nameOf = (c: ComponentLike) => NAMES[c.type ?? -1] ?? `a component of type ${String(c.type)}`;

const TOP_LEVEL = new Set<number>([
	ComponentType.ActionRow,
	ComponentType.Section,
	ComponentType.TextDisplay,
	ComponentType.MediaGallery,
	ComponentType.File,
	ComponentType.Separator,
	ComponentType.Container,
]);
const IN_CONTAINER = new Set<number>([
	ComponentType.ActionRow,
	ComponentType.TextDisplay,
	ComponentType.Section,
	ComponentType.MediaGallery,
	ComponentType.Separator,
	ComponentType.File,
]);
const ACCESSORIES = new Set<number>([ComponentType.Button, ComponentType.Thumbnail]);
const SELECTS = new Set<number>([
	ComponentType.StringSelect,
	ComponentType.UserSelect,
	ComponentType.RoleSelect,
	ComponentType.MentionableSelect,
	ComponentType.ChannelSelect,
]);
const BUTTON_STYLES = new Set<number>(
	Object.values(ButtonStyle).filter((v): v is ButtonStyle => typeof v === 'number'),
);
/** What a thumbnail can show of the message's files: images only, as Discord's reference says (no video). */
const IMAGE = /\.(jpe?g|png|webp|gif)$/i;
const WEB = /^https?:\/\//i;

/** What one walk over a message's components gathers: its problems, and what is counted across the message. */
interface Walk {
	problems: string[];
	files: readonly NamedFile[];
	customIds: Set<string>;
	ids: Set<number>;
	count: number;
	text: number;
}

const newWalk = (files: readonly NamedFile[] = []): Walk => ({
	problems: [],
	files,
	customIds: new Set(),
	ids: new Set(),
	count: 0,
	text: 0,
});

/**
 * The problems of a legacy message's components (no `IS_COMPONENTS_V2` flag): at most 5 action rows at the top, and
 * none of the newer components, which Discord refuses without the flag.
 */
export function checkLegacyComponents(components: readonly ComponentLike[]): string[] {
	const w = newWalk();
	const L = ACTION_ROW_LIMITS;
	if (components.length > L.rows) w.problems.push(`${components.length} rows of components (limit ${L.rows})`);
	for (const [r, row] of components.entries()) {
		if (row.type === ComponentType.ActionRow) actionRow(row, `row ${r}`, '', w);
		else if (TOP_LEVEL.has(row.type ?? -1))
			w.problems.push(`component ${r} is ${nameOf(row)}, which needs the IS_COMPONENTS_V2 flag`);
		else w.problems.push(`component ${r} is not an action row`);
	}
	return w.problems;
}

/**
 * The problems of a Components V2 message: no content, embeds, stickers or poll; at least one component, each where
 * Discord allows it; every `attachment://` naming one of `files` (those posted with it, or kept by an edit); at most
 * 40 components in all and 4,000 characters of text.
 */
export function checkComponentsV2(body: LayoutBody, files: readonly NamedFile[] = []): string[] {
	const w = newWalk(files);
	const L = COMPONENTS_V2_LIMITS;
	if (body.content)
		w.problems.push(
			'content must be empty with IS_COMPONENTS_V2 (text goes in text displays; an edit clears it with null)',
		);
	if (body.embeds?.length)
		w.problems.push(
			`${body.embeds.length} embeds with IS_COMPONENTS_V2, which takes none (an edit clears them with [])`,
		);
	if (body.sticker_ids?.length) w.problems.push('stickers with IS_COMPONENTS_V2, which takes none');
	if (body.poll !== undefined && body.poll !== null) w.problems.push('a poll with IS_COMPONENTS_V2, which takes none');
	const components = body.components ?? [];
	if (components.length === 0) w.problems.push('a message with IS_COMPONENTS_V2 needs at least one component');
	for (const [i, c] of components.entries()) placed(c, `components[${i}]`, TOP_LEVEL, 'at the top of a message', w);
	if (w.count > L.components)
		w.problems.push(`${w.count} components in all, nested ones included (limit ${L.components})`);
	if (w.text > L.text) w.problems.push(`text displays hold ${w.text} characters in all (limit ${L.text})`);
	return w.problems;
}

/**
 * The problem with an edit's `flags`, if any: Discord lets an edit set `IS_COMPONENTS_V2` but never clear it (`null`
 * asks for no flags). Setting it is checked with the edited message: its content and embeds must then be empty.
 */
export function checkFlagsEdit(before: number, requested: number | null | undefined): string[] {
	if (requested === undefined || !isComponentsV2(before) || isComponentsV2(requested)) return [];
	return ['an edit cannot remove IS_COMPONENTS_V2 from a message that has it'];
}

/** Every button of a message, however deep: in rows, in containers, and as a section's accessory. */
export function buttonsOf(components: readonly ComponentLike[]): ComponentLike[] {
	return components.flatMap((c) => {
		if (c.type === ComponentType.Button) return [c];
		return [...buttonsOf(c.components ?? []), ...(c.accessory ? buttonsOf([c.accessory]) : [])];
	});
}

/** A component where `allowed` may stand (`where` says where that is); checked within only if it may. */
function placed(c: ComponentLike, at: string, allowed: ReadonlySet<number>, where: string, w: Walk): void {
	if (!allowed.has(c.type ?? -1)) {
		w.count++;
		w.problems.push(`${at} is ${nameOf(c)}, which cannot go ${where}`);
		return;
	}
	component(c, at, w);
}

function component(c: ComponentLike, at: string, w: Walk): void {
	w.count++;
	if (typeof c.id === 'number' && c.id !== 0) {
		// Discord numbers components itself; an id the bot gives must be unique in the message (0 means none).
		if (w.ids.has(c.id)) w.problems.push(`${at} has id ${c.id}, which another component of the message has`);
		w.ids.add(c.id);
	}
	const L = COMPONENTS_V2_LIMITS;
	switch (c.type) {
		case ComponentType.ActionRow:
			actionRow(c, at, `${at}: `, w);
			break;
		case ComponentType.Button:
			button(c, `${at}: `, w);
			break;
		case ComponentType.Container: {
			const children = c.components ?? [];
			if (children.length === 0) w.problems.push(`${at} is a container with no components`);
			for (const [i, child] of children.entries())
				placed(child, `${at}.components[${i}]`, IN_CONTAINER, 'in a container', w);
			const color = c.accent_color;
			if (color !== undefined && color !== null && !(Number.isInteger(color) && inRange(color, L.accentColor)))
				w.problems.push(`${at} accent_color ${JSON.stringify(color)} is not an RGB integer (0 to 0xFFFFFF) or null`);
			spoiler(c, at, w);
			break;
		}
		case ComponentType.Section: {
			const texts = c.components ?? [];
			if (texts.length === 0 || texts.length > L.sectionTexts)
				w.problems.push(`${at} has ${texts.length} text displays (a section takes 1 to ${L.sectionTexts})`);
			const only = new Set<number>([ComponentType.TextDisplay]);
			for (const [i, text] of texts.entries()) placed(text, `${at}.components[${i}]`, only, 'in a section', w);
			if (!c.accessory) w.problems.push(`${at} is a section without an accessory (a button or a thumbnail)`);
			else placed(c.accessory, `${at}.accessory`, ACCESSORIES, 'as the accessory of a section', w);
			break;
		}
		case ComponentType.TextDisplay:
			if (typeof c.content !== 'string' || c.content === '') w.problems.push(`${at} is a text display without content`);
			else w.text += c.content.length;
			break;
		case ComponentType.Thumbnail:
			media(c.media, `${at}.media`, 'image', w);
			description(c.description, at, w);
			spoiler(c, at, w);
			break;
		case ComponentType.MediaGallery: {
			const items = c.items ?? [];
			if (items.length === 0 || items.length > L.galleryItems)
				w.problems.push(`${at} has ${items.length} items (a media gallery takes 1 to ${L.galleryItems})`);
			for (const [i, item] of items.entries()) {
				media(item.media, `${at}.items[${i}].media`, 'any', w);
				description(item.description, `${at}.items[${i}]`, w);
				spoiler(item, `${at}.items[${i}]`, w);
			}
			break;
		}
		case ComponentType.File:
			media(c.file, `${at}.file`, 'attachment', w);
			spoiler(c, at, w);
			break;
		case ComponentType.Separator:
			if (!optional(c.divider, 'boolean')) w.problems.push(`${at} divider is not true or false`);
			if (c.spacing !== undefined && c.spacing !== null && !L.spacings.some((s) => s === c.spacing))
				w.problems.push(`${at} spacing ${JSON.stringify(c.spacing)} is neither 1 (small) nor 2 (large)`);
			break;
		default:
			// Selects stand only in rows, checked there; anything else was refused where it stood.
			break;
	}
}

/** A row's buttons (or its one select), under either layout; `prefix` starts its children's sentences. */
function actionRow(row: ComponentLike, name: string, prefix: string, w: Walk): void {
	const L = ACTION_ROW_LIMITS;
	const children = row.components ?? [];
	if (children.length === 0) w.problems.push(`${name} is empty`);
	if (children.length > L.buttonsPerRow)
		w.problems.push(`${name} has ${children.length} buttons (limit ${L.buttonsPerRow})`);
	const selects = children.filter((c) => SELECTS.has(c.type ?? -1)).length;
	if (selects > 0 && children.length > 1) w.problems.push(`${name} holds a select beside other components`);
	for (const child of children) {
		w.count++;
		if (SELECTS.has(child.type ?? -1)) customId(child, prefix, w);
		else if (child.type === ComponentType.Button) button(child, prefix, w);
		else w.problems.push(`${prefix}${name} holds ${nameOf(child)}, which an action row cannot`);
	}
}

function button(b: ComponentLike, prefix: string, w: Walk): void {
	const L = ACTION_ROW_LIMITS;
	if (b.style === undefined || !BUTTON_STYLES.has(b.style))
		w.problems.push(`${prefix}button style ${String(b.style)} is not one of Discord's (1 to 6)`);
	if (b.label !== undefined && b.label.length > L.label)
		w.problems.push(`${prefix}button label is ${b.label.length} characters (limit ${L.label})`);
	if (b.style === ButtonStyle.Link) {
		if (!b.url) w.problems.push(`${prefix}link button without a url`);
		return;
	}
	// A premium button names a SKU instead, which the local Discord does not sell.
	if (b.style !== ButtonStyle.Premium) customId(b, prefix, w, 'button');
}

function customId(c: ComponentLike, prefix: string, w: Walk, what = 'select'): void {
	const L = ACTION_ROW_LIMITS;
	if (!c.custom_id) {
		w.problems.push(`${prefix}${what} without a custom_id`);
		return;
	}
	if (c.custom_id.length > L.customId)
		w.problems.push(`${prefix}custom_id is ${c.custom_id.length} characters (limit ${L.customId})`);
	if (w.customIds.has(c.custom_id)) w.problems.push(`${prefix}custom_id "${c.custom_id}" is used twice in one message`);
	w.customIds.add(c.custom_id);
}

/**
 * A media url: `attachment://<file name>` naming a file of the message, or (unless only an attachment will do, as for
 * a File component) an http(s) url Discord fetches itself.
 */
function media(m: MediaLike | undefined, at: string, accepts: 'any' | 'image' | 'attachment', w: Walk): void {
	const url = m?.url;
	if (typeof url !== 'string' || url === '') {
		w.problems.push(`${at} has no url`);
		return;
	}
	if (url.length > COMPONENTS_V2_LIMITS.mediaUrl)
		w.problems.push(`${at} url is ${url.length} characters (limit ${COMPONENTS_V2_LIMITS.mediaUrl})`);
	if (url.startsWith(ATTACHMENT_SCHEME)) {
		const name = url.slice(ATTACHMENT_SCHEME.length);
		if (!w.files.some((f) => f.filename === name)) w.problems.push(`${at} ${url} names no file of the message`);
		// Refused here whatever Discord makes of it, as for embeds: a thumbnail that would show nothing should fail a test.
		else if (accepts === 'image' && !IMAGE.test(name))
			w.problems.push(`${at} ${url} is not a .jpg, .jpeg, .png, .webp or .gif, which a thumbnail cannot show`);
	} else if (accepts === 'attachment')
		w.problems.push(`${at} ${url} is not attachment://<file name>, the only url a file component takes`);
	else if (!WEB.test(url)) w.problems.push(`${at} ${url} is neither an https:// url nor attachment://<file name>`);
}

function description(text: unknown, at: string, w: Walk): void {
	if (text === undefined || text === null) return;
	const limit = COMPONENTS_V2_LIMITS.description;
	if (typeof text !== 'string' || text === '')
		w.problems.push(`${at} description is not text of 1 to ${limit} characters`);
	else if (text.length > limit) w.problems.push(`${at} description is ${text.length} characters (limit ${limit})`);
}

function spoiler(c: { spoiler?: unknown }, at: string, w: Walk): void {
	if (!optional(c.spoiler, 'boolean')) w.problems.push(`${at} spoiler is not true or false`);
}

/** Whether a field is left out, null, or of the type asked. */
const optional = (value: unknown, type: 'boolean'): boolean =>
	value === undefined || value === null || typeof value === type;

const inRange = (value: unknown, max: number): boolean => typeof value === 'number' && value >= 0 && value <= max;
