// @ts-check
// Members' round pictures: the first letter of their name on a colour of their own, and Reverie's image for the bot.

import { el } from './dom.js';
import { nameOf, state } from './state.js';

const AVATAR_COLOURS = ['#5865f2', '#3ba55c', '#faa61a', '#ed4245', '#eb459f', '#757e8a'];

/** The same colour for a member every time, on every page. */
function colourOf(/** @type {string} */ id) {
	let hash = 0;
	for (const ch of String(id)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
	return AVATAR_COLOURS[hash % AVATAR_COLOURS.length];
}

/**
 * @param {string} id a member's or the bot's
 * @param {'' | 'small' | 'large'} [size]
 */
export function avatar(id, size = '') {
	if (id === state.world?.bot.id) return el('div', { class: `avatar bot ${size}`, 'aria-hidden': 'true' });
	const name = nameOf(id);
	return el('div', { class: `avatar ${size}`, style: `background:${colourOf(id)}`, 'aria-hidden': 'true' }, name[0]);
}
