// @ts-check
// A message in Discord's newer layout (the IS_COMPONENTS_V2 flag), drawn from its components alone as Discord's
// client draws it: containers as rounded boxes with their accent colour on the left edge, text displays in markdown,
// sections with their button or thumbnail on the right, galleries as a grid of pictures that open full size,
// separators, files, and rows of buttons. Buttons are drawn by the caller, so a click here is the one of messages.js.

import { el } from './dom.js';
import { markdown } from './markdown.js';
import { colourOf, fileNameOf, fileSize, galleryCells, mediaUrl } from './media.js';
import { names } from './state.js';
import { openPicture } from './viewer.js';

/**
 * @import { Attachment, Button, Container, ContainerChild, FileComponent, GalleryItem, MediaGallery, MessageView,
 *   Section, Separator, TextDisplay, Thumbnail } from './types.js'
 */

/**
 * What drawing one message's components needs.
 * @typedef {object} Drawing
 * @property {readonly Attachment[]} attachments the message's files, which `attachment://` urls name
 * @property {(button: Button) => HTMLElement} button a button as the page draws and clicks every button
 */

const FILE_ICON =
	'<svg width="30" height="40" viewBox="0 0 30 40"><path fill="#d0d5dc" d="M0 4a4 4 0 0 1 4-4h15l11 11v25a4 4 0 0 1-4 4H4a4 4 0 0 1-4-4Z"/><path fill="#aab0ba" d="M19 0v7a4 4 0 0 0 4 4h7Z"/><path fill="#79818d" d="M7 18h16v2H7zm0 5h16v2H7zm0 5h11v2H7z"/></svg>';

/**
 * The message's components as Discord lays out a Components V2 message.
 * @param {MessageView} message
 * @param {Drawing['button']} button
 */
export function renderLayout(message, button) {
	/** @type {Drawing} */
	const drawing = { attachments: message.attachments ?? [], button };
	return el(
		'div',
		{ class: 'v2-layout' },
		message.components.map((c) => (c.type === 17 ? container(c, drawing) : child(c, drawing))),
	);
}

/** A rounded box; its accent colour is the bar on its left edge, and it has none when the colour is null. */
function container(/** @type {Container} */ c, /** @type {Drawing} */ drawing) {
	const colour = colourOf(c.accent_color);
	const children = c.components.map((inner) => child(inner, drawing));
	return el(
		'div',
		{ class: `v2-container${colour ? ' accented' : ''}`, style: colour ? `border-left-color:${colour}` : undefined },
		c.spoiler ? spoiler(el('div', { class: 'v2-stack' }, children)) : children,
	);
}

/** A component that may stand in a container or at the top of a message. */
function child(/** @type {ContainerChild} */ c, /** @type {Drawing} */ drawing) {
	switch (c.type) {
		case 1:
			return el('div', { class: 'row' }, c.components.map(drawing.button));
		case 9:
			return section(c, drawing);
		case 10:
			return textDisplay(c);
		case 12:
			return gallery(c, drawing);
		case 13:
			return file(c, drawing);
		case 14:
			return separator(c);
		default:
			return null;
	}
}

function textDisplay(/** @type {TextDisplay} */ c) {
	return el('div', { class: 'v2-text', html: markdown(c.content, names, { headings: true }) });
}

/** Its texts on the left, and its button or thumbnail on the right. */
function section(/** @type {Section} */ c, /** @type {Drawing} */ drawing) {
	const { accessory } = c;
	return el(
		'div',
		{ class: 'v2-section' },
		el('div', { class: 'v2-section-texts' }, c.components.map(textDisplay)),
		accessory.type === 11
			? el('div', { class: 'v2-accessory thumbnail' }, thumbnail(accessory, drawing))
			: el('div', { class: 'v2-accessory' }, drawing.button(accessory)),
	);
}

function thumbnail(/** @type {Thumbnail} */ t, /** @type {Drawing} */ drawing) {
	return picture({ media: t.media, description: t.description, spoiler: t.spoiler }, 'v2-thumbnail', drawing);
}

/** One picture full width; more in a grid of six columns, each picture spanning its share of its row. */
function gallery(/** @type {MediaGallery} */ c, /** @type {Drawing} */ drawing) {
	const cells = galleryCells(c.items.length);
	return el(
		'div',
		{ class: `v2-gallery${c.items.length === 1 ? ' single' : ''}` },
		c.items.map((item, i) => {
			const cell = cells[i] ?? { columns: 2, tall: false };
			const node = picture(item, 'v2-gallery-item', drawing);
			node.style.gridColumn = `span ${cell.columns}`;
			if (cell.tall) node.style.gridRow = 'span 2';
			return node;
		}),
	);
}

/**
 * A picture that opens full size when clicked, as the embeds' map does; its `description` is its alt text. One whose
 * file the message lacks shows as Discord shows a picture it cannot load.
 * @param {GalleryItem} item
 * @param {string} kind the class of its place: a gallery's cell or a section's thumbnail
 * @param {Drawing} drawing
 * @returns {HTMLElement}
 */
function picture(item, kind, drawing) {
	const src = mediaUrl(item.media.url, drawing.attachments);
	const alt = item.description ?? '';
	if (!src) return el('div', { class: `${kind} v2-unavailable`, role: 'img', 'aria-label': alt || 'Image' }, '?');
	const opener = el(
		'button',
		{
			type: 'button',
			class: `${kind} v2-picture`,
			title: 'Open full size',
			'aria-haspopup': 'dialog',
			// A picture with no alt text is named as Discord's client names it, so the button still has a name.
			'aria-label': alt ? undefined : 'Image',
			dataset: { src },
			onclick: (/** @type {MouseEvent} */ event) =>
				openPicture(src, alt || 'Image', /** @type {HTMLElement} */ (event.currentTarget)),
		},
		el('img', { src, alt, loading: 'lazy' }),
	);
	return item.spoiler ? spoiler(opener, kind) : opener;
}

/** A file of the message as Discord draws an attached file: an icon, its name as a link, and its size. */
function file(/** @type {FileComponent} */ c, /** @type {Drawing} */ drawing) {
	const name = fileNameOf(c.file.url);
	const href = mediaUrl(c.file.url, drawing.attachments);
	const size = drawing.attachments.find((a) => a.filename === name)?.size;
	const chip = el(
		'div',
		{ class: 'v2-file' },
		el('span', { class: 'v2-file-icon', 'aria-hidden': 'true', html: FILE_ICON }),
		el(
			'div',
			{ class: 'v2-file-text' },
			href
				? el('a', { class: 'v2-file-name', href, target: '_blank', rel: 'noreferrer', download: name }, name)
				: el('span', { class: 'v2-file-name' }, name),
			el('div', { class: 'v2-file-size' }, size === undefined ? 'File unavailable' : fileSize(size)),
		),
	);
	return c.spoiler ? spoiler(chip) : chip;
}

/** A line, or blank space; small (the default) or large. */
function separator(/** @type {Separator} */ c) {
	const spacing = c.spacing === 2 ? 'large' : 'small';
	return c.divider === false
		? el('div', { class: `v2-separator blank ${spacing}`, 'aria-hidden': 'true' })
		: el('hr', { class: `v2-separator ${spacing}` });
}

/**
 * `content` blurred under Discord's "SPOILER" cover until the cover is clicked. The cover is a button of its own, so
 * the click that reveals a picture does not open it as well.
 * @param {HTMLElement} content
 * @param {string} [kind] a class the wrapper takes over from the content, for its place in a grid
 */
function spoiler(content, kind) {
	const cover = el('button', { type: 'button', class: 'spoiler-cover' }, el('span', {}, 'Spoiler'));
	const wrapper = el('div', { class: `spoiler hidden${kind ? ` ${kind}` : ''}` }, content, cover);
	cover.addEventListener('click', () => {
		wrapper.classList.remove('hidden');
		cover.remove();
	});
	return wrapper;
}
