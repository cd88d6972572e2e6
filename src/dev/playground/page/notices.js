// @ts-check
// What the page says on the side: who is typing, and short-lived toasts for what the server refused or noticed.

import { $, el } from './dom.js';
import { state } from './state.js';

/** How long "X is typing" shows after the typing event, as Discord's does. */
export const TYPING_MS = 10_000;
const TOAST_MS = 8000;

export function renderTyping() {
	const typing = state.typing.get(state.channel ?? '');
	const node = $('typing');
	if (!typing || typing.until < Date.now()) {
		node.replaceChildren();
		return;
	}
	node.replaceChildren(el('strong', {}, typing.name), el('span', { class: 'dots' }, ' is typing'));
}

export function toast(/** @type {string} */ text, /** @type {'warning' | 'error'} */ kind = 'warning') {
	const node = el('div', { class: `toast ${kind}`, role: 'status' }, text);
	$('toasts').append(node);
	setTimeout(() => node.remove(), TOAST_MS);
}
