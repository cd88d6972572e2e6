// @ts-check
// The parts of drawing a Components V2 message that need no DOM, so tests run them outside a browser: where a
// component's picture or file is, how a gallery's pictures are laid out, and a colour and a size as Discord shows them.

/** @import { Attachment } from './types.js' */

/** The message flag that lays a message out from its components alone (1 << 15). */
export const IS_COMPONENTS_V2 = 1 << 15;

const ATTACHMENT_SCHEME = 'attachment://';

/** Whether a message is laid out from its components alone. */
export const isComponentsV2 = (/** @type {number | undefined} */ flags) => ((flags ?? 0) & IS_COMPONENTS_V2) !== 0;

/**
 * Where the page loads a component's media from: `attachment://<filename>` is the message's file of that name (the
 * local Discord keeps components as sent, as Discord does, and its client resolves them so); a web address is used
 * as it is. `undefined` for a file the message lacks or any other scheme (a `javascript:` url would run here).
 * @param {string | undefined} url
 * @param {readonly Attachment[]} attachments
 * @returns {string | undefined}
 */
export function mediaUrl(url, attachments) {
	if (!url) return undefined;
	if (url.startsWith(ATTACHMENT_SCHEME)) {
		const name = url.slice(ATTACHMENT_SCHEME.length);
		return webUrl(attachments.find((a) => a.filename === name)?.url);
	}
	return webUrl(url);
}

/** The file name an `attachment://` url names, for a file component to show even when its file is missing. */
export const fileNameOf = (/** @type {string} */ url) =>
	url.startsWith(ATTACHMENT_SCHEME) ? url.slice(ATTACHMENT_SCHEME.length) : url;

/** The url if it is a web address. */
function webUrl(/** @type {string | undefined} */ url) {
	try {
		return url && ['http:', 'https:'].includes(new URL(url).protocol) ? url : undefined;
	} catch {
		return undefined;
	}
}

/** An RGB integer as CSS, e.g. `#5865f2`; `undefined` for none (a container without an accent colour). */
export function colourOf(/** @type {number | null | undefined} */ rgb) {
	return typeof rgb === 'number' ? `#${rgb.toString(16).padStart(6, '0')}` : undefined;
}

/** A file's size as Discord writes it under the file's name: bytes, then KB and MB of 1,024. */
export function fileSize(/** @type {number} */ bytes) {
	if (bytes < 1024) return `${bytes} bytes`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/**
 * How many pictures each row of a gallery holds, as Discord lays them out: one alone is full width; three are one
 * tall picture beside two (marked by `tall`); four are two rows of two; more are rows of three under a first row
 * of the one or two left over.
 * @param {number} count
 * @returns {{ rows: number[], tall: boolean }}
 */
export function galleryRows(count) {
	if (count <= 2) return { rows: count > 0 ? [count] : [], tall: false };
	if (count === 3) return { rows: [1, 2], tall: true };
	if (count === 4) return { rows: [2, 2], tall: false };
	const head = count % 3 === 0 ? [] : [count % 3];
	return { rows: [...head, ...Array.from({ length: Math.floor(count / 3) }, () => 3)], tall: false };
}

/**
 * Each picture's place in a gallery's grid of six columns: the columns it spans, and whether it spans two rows (the
 * tall one of three).
 * @param {number} count
 * @returns {{ columns: number, tall: boolean }[]}
 */
export function galleryCells(count) {
	const { rows, tall } = galleryRows(count);
	if (tall) return [{ columns: 3, tall: true }, ...[1, 2].map(() => ({ columns: 3, tall: false }))];
	return rows.flatMap((size) => Array.from({ length: size }, () => ({ columns: 6 / size, tall: false })));
}
