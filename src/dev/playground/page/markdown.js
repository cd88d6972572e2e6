// @ts-check
// Discord's markdown, the part Reverie writes: bold, italics, underline, strike-through, inline code, timestamps,
// mentions, and the ✅ emoji; and, in a Components V2 text display, headings and `-#` small lines. The text is
// HTML-escaped first and the markup is added to the escaped text, so nothing in a message (a member's name, a story's
// words) can become an element or an attribute. No links: Reverie writes none, so `[text](url)` stays text. No DOM
// here, so tests run it outside a browser.

import { absolute, EPOCH_SECOND, relative } from './time.js';

/**
 * How mentions are drawn: the current name of a member, role or channel by its id.
 * @typedef {object} Names
 * @property {(id: string) => string} member a name for anyone, e.g. "someone" for an unknown id
 * @property {(id: string) => string | undefined} role
 * @property {(id: string) => string | undefined} channel
 */

/** @type {Record<string, string>} */
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The text with every character that could start markup or end an attribute written as an entity. */
export const escapeHtml = (/** @type {string} */ text) => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/**
 * Discord draws emoji as images, not with the system's font, so they look the same everywhere; the one Reverie
 * uses (the winner's mark) is drawn here the same way, and shows even where no emoji font is installed.
 */
const CHECK_EMOJI = `data:image/svg+xml,${encodeURIComponent(
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><rect width="36" height="36" rx="7" fill="#77b255"/><path d="M9 19l6.5 6.5L27 11" stroke="#fff" stroke-width="4.5" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
)}`;

/**
 * The text as HTML to put in a message: escaped, then marked up. `headings` draws lines opening with `# `, `## `,
 * `### ` or `-# ` as Discord does; only a text display asks, so content and embeds are drawn as they always were.
 * @param {string | undefined} text
 * @param {Names} names
 * @param {{ headings?: boolean }} [options]
 * @returns {string}
 */
export function markdown(text, names, options = {}) {
	/** @type {string[]} */
	const codes = [];
	// Inline code is set aside first, so nothing inside it is marked up. Its placeholder holds a `<`, which the
	// escaped text cannot: text that looks like a placeholder stays text.
	let html = escapeHtml(text ?? '').replace(/`([^`\n]+)`/g, (_, code) => {
		codes.push(code);
		return `<${codes.length - 1}>`;
	});
	html = html
		.replace(/\*\*(.+?)\*\*/gs, '<strong>$1</strong>')
		.replace(/__(.+?)__/gs, '<u>$1</u>')
		.replace(/(^|[^*])\*(?!\s)(.+?)\*(?!\*)/g, '$1<em>$2</em>')
		.replace(/~~(.+?)~~/gs, '<s>$1</s>')
		.replace(
			/&lt;t:(-?\d+)(?::([tTdDfFR]))?&gt;/g,
			(match, unix, style) => timestamp(Number(unix), style ?? 'f') ?? match,
		)
		.replace(
			/&lt;@&amp;(\d+)&gt;/g,
			(_, id) => `<span class="mention">@${escapeHtml(names.role(id)?.replace(/^@/, '') ?? 'deleted-role')}</span>`,
		)
		.replace(/&lt;@!?(\d+)&gt;/g, (_, id) => `<span class="mention">@${escapeHtml(names.member(id))}</span>`)
		.replace(
			/&lt;#(\d+)&gt;/g,
			(_, id) => `<span class="mention">#${escapeHtml(names.channel(id) ?? 'unknown')}</span>`,
		);
	if (options.headings) html = headings(html);
	return html
		.replace(/<(\d+)>/g, (_, i) => `<code>${codes[Number(i)]}</code>`)
		.replace(/✅/g, `<img class="emoji" alt="✅" title=":white_check_mark:" src="${CHECK_EMOJI}">`);
}

/**
 * Heading lines (`#` to `###`) and small ones (`-#`) as blocks. Each takes the line break after it, which the
 * message's preserved white space would otherwise draw as an empty line under the block.
 * @param {string} html
 */
function headings(html) {
	return html.replace(/^(#{1,3}|-#) +(\S.*?)[ \t]*$\n?/gm, (_, mark, line) => {
		if (mark === '-#') return `<div class="subtext">${line}</div>`;
		return `<h${mark.length} class="heading">${line}</h${mark.length}>`;
	});
}

/**
 * A `<t:UNIX:STYLE>` timestamp as Discord shows it, with the full date on hover. Relative ones (`R`) carry their
 * time in `data-unix`, so the page can count them down. `undefined` for a time no date can hold, which stays text.
 * @param {number} unix
 * @param {string} style
 * @returns {string | undefined}
 */
function timestamp(unix, style) {
	const date = new Date(unix * EPOCH_SECOND);
	if (Number.isNaN(date.getTime())) return undefined;
	const full = date.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
	const text = style === 'R' ? relative(date) : absolute(date, style);
	return `<time class="timestamp" data-unix="${unix}" data-style="${style}" datetime="${date.toISOString()}" title="${escapeHtml(full)}">${escapeHtml(text)}</time>`;
}
