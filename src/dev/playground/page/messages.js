// @ts-check
// The channel's messages as Discord draws them: grouped by author, with embeds, buttons, the reply line over an
// answer to a command, and the "Only you can see this" note; a Components V2 message's layout is layout.js's. Clicking
// a button is here too, wherever the button stands, as it redraws the message with its click on the way, then with
// the outcome.

import * as api from './api.js';
import { avatar } from './avatar.js';
import { $, el } from './dom.js';
import { renderLayout } from './layout.js';
import { markdown } from './markdown.js';
import { isComponentsV2 } from './media.js';
import { names, state } from './state.js';
import { when } from './time.js';
import { openPicture } from './viewer.js';

/** @import { Button, Embed, MessageView } from './types.js' */

/** @type {Record<number, string>} Discord's button styles by number; 5 is a link */
const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link' };
/** A message more than this after the one before starts a new group, with its author's name again. */
const GROUP_MS = 7 * 60_000;

const EYE =
	'<svg width="16" height="16" viewBox="0 0 24 24"><path fill="currentColor" d="M12 5C5.6 5 2 12 2 12s3.6 7 10 7 10-7 10-7-3.6-7-10-7Zm0 11a4 4 0 1 1 0-8 4 4 0 0 1 0 8Zm0-6a2 2 0 1 0 0 4 2 2 0 0 0 0-4Z"/></svg>';

/** Whether the view is at (or near) the newest message, where a new one should keep it. */
export function nearBottom() {
	const s = $('scroller');
	return s.scrollHeight - s.scrollTop - s.clientHeight < 120;
}

export function scrollToBottom() {
	const s = $('scroller');
	s.scrollTop = s.scrollHeight;
}

/**
 * Drawn messages by id, with what they were drawn from: a message is redrawn only when that changes.
 * @type {Map<string, { signature: string, node: HTMLLIElement }>}
 */
const drawn = new Map();

/** Draws the current channel's messages. */
export function renderMessages() {
	const list = (state.messages.get(state.channel ?? '') ?? []).filter((m) => !state.dismissed.has(m.id));
	/** @type {MessageView | null} */
	let previous = null;
	const nodes = list.map((message) => {
		const signature = JSON.stringify([
			message,
			startsGroup(message, previous),
			state.failures.get(message.id),
			[...state.pending].filter((key) => key.startsWith(`${message.id} `)),
			state.world?.members,
			state.viewer,
		]);
		let entry = drawn.get(message.id);
		if (entry?.signature !== signature) {
			entry = { signature, node: renderMessage(message, previous) };
			drawn.set(message.id, entry);
		}
		previous = message;
		return entry.node;
	});
	// Only what changed is touched, so a tally ticking up does not disturb a button under the pointer.
	const container = $('messages');
	let cursor = container.firstChild;
	for (const node of nodes) {
		if (node === cursor) cursor = cursor.nextSibling;
		else container.insertBefore(node, cursor);
	}
	while (cursor) {
		const next = cursor.nextSibling;
		cursor.remove();
		cursor = next;
	}
	const shown = new Set(list.map((m) => m.id));
	for (const id of drawn.keys()) if (!shown.has(id)) drawn.delete(id);
}

/** Whether the message shows its author's avatar and name, or sits under the one before as Discord groups them. */
function startsGroup(/** @type {MessageView} */ message, /** @type {MessageView | null} */ previous) {
	if (!previous || message.interaction || previous.author.id !== message.author.id) return true;
	if (message.ephemeral !== previous.ephemeral) return true;
	return Date.parse(message.timestamp) - Date.parse(previous.timestamp) > GROUP_MS;
}

function renderMessage(/** @type {MessageView} */ message, /** @type {MessageView | null} */ previous) {
	const first = startsGroup(message, previous);
	const layout = isComponentsV2(message.flags);
	// A laid-out message's text is in its components; a legacy one's buttons are not searched, as they never were.
	const text = layout ? message.components : [message.content, message.embeds];
	const mentionsMe = state.viewer && new RegExp(`<@!?${state.viewer}>`).test(JSON.stringify(text));
	const classes = [
		'message',
		first && 'first',
		message.ephemeral && 'ephemeral',
		mentionsMe && 'mentioned',
		message.interaction && 'has-reply',
	];
	const node = el('li', {
		class: classes.filter(Boolean).join(' '),
		dataset: { id: message.id, ephemeral: message.ephemeral ? 'true' : 'false' },
	});
	if (first) {
		if (message.interaction) {
			const { userId, name, command, button } = message.interaction;
			node.append(
				el(
					'div',
					{ class: 'reply-line' },
					avatar(userId, 'small'),
					el('span', { class: 'who' }, name),
					command
						? el('span', {}, ' used ', el('span', { class: 'cmd' }, command))
						: el('span', {}, ' clicked ', el('span', { class: 'cmd' }, button ?? 'a button')),
				),
			);
		}
		node.append(
			avatar(message.author.id, 'large'),
			el(
				'div',
				{ class: 'message-head' },
				el('span', { class: `author${message.author.bot ? ' bot' : ''}` }, message.author.name),
				message.author.bot ? el('span', { class: 'app-tag' }, 'App') : null,
				el(
					'time',
					{ class: 'stamp', datetime: message.timestamp, title: new Date(message.timestamp).toLocaleString() },
					when(message.timestamp),
				),
			),
		);
	} else {
		node.append(
			el(
				'time',
				{ class: 'hover-time', datetime: message.timestamp },
				new Date(message.timestamp).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
			),
		);
	}
	if (message.loading)
		node.append(el('div', { class: 'thinking' }, el('span', { class: 'dots' }, `${message.author.name} is thinking`)));
	if (layout) node.append(renderLayout(message, (button) => renderButton(message, button)));
	else {
		if (message.content)
			node.append(
				el(
					'div',
					{ class: 'content', html: markdown(message.content, names) },
					message.edited ? el('span', { class: 'edited' }, '(edited)') : null,
				),
			);
		for (const embed of message.embeds ?? []) node.append(renderEmbed(embed));
		if (message.components?.length) node.append(renderButtons(message));
	}
	const failure = state.failures.get(message.id);
	if (failure) node.append(el('div', { class: 'interaction-failed', role: 'alert' }, failure));
	if (message.ephemeral)
		node.append(
			el(
				'div',
				{ class: 'ephemeral-note' },
				el('span', { class: 'eye', 'aria-hidden': 'true', html: EYE }),
				el('span', {}, 'Only you can see this'),
				el('span', { 'aria-hidden': 'true' }, '·'),
				el(
					'button',
					{
						type: 'button',
						onclick: () => {
							state.dismissed.add(message.id);
							renderMessages();
						},
					},
					'Dismiss message',
				),
			),
		);
	return node;
}

function renderEmbed(/** @type {Embed} */ embed) {
	const colour = typeof embed.color === 'number' ? `#${embed.color.toString(16).padStart(6, '0')}` : undefined;
	return el(
		'div',
		{ class: 'embed', style: colour ? `border-left-color:${colour}` : undefined },
		embed.author?.name ? el('div', { class: 'embed-author' }, embed.author.name) : null,
		embed.title ? el('div', { class: 'embed-title', html: markdown(embed.title, names) }) : null,
		embed.description ? el('div', { class: 'embed-description', html: markdown(embed.description, names) }) : null,
		embed.fields?.length
			? el(
					'div',
					{ class: 'embed-fields' },
					embed.fields.map((f) =>
						el(
							'div',
							{ class: `field${f.inline ? ' inline' : ''}` },
							el('div', { class: 'field-name', html: markdown(f.name, names) }),
							el('div', { class: 'field-value', html: markdown(f.value, names) }),
						),
					),
				)
			: null,
		imageOf(embed),
		embed.footer?.text ? el('div', { class: 'embed-footer' }, embed.footer.text) : null,
	);
}

/**
 * The embed's image, when it is one the local Discord serves (an `attachment://` name it has not resolved is not):
 * a button that opens it full size, as a click on a picture does in Discord.
 */
function imageOf(/** @type {Embed} */ embed) {
	const url = embed.image?.url;
	if (!url || !/^https?:\/\//.test(url)) return null;
	const alt = 'The map of the night';
	return el(
		'button',
		{
			type: 'button',
			class: 'embed-image-button',
			title: 'Open full size',
			'aria-haspopup': 'dialog',
			dataset: { src: url },
			onclick: (/** @type {MouseEvent} */ event) =>
				openPicture(url, alt, /** @type {HTMLElement} */ (event.currentTarget)),
		},
		el('img', { class: 'embed-image', src: url, alt, loading: 'lazy' }),
	);
}

/** A legacy message's rows of buttons under its content and embeds; it has no other components. */
function renderButtons(/** @type {MessageView} */ message) {
	return el(
		'div',
		{ class: 'components' },
		message.components.map((row) =>
			el(
				'div',
				{ class: 'row' },
				(row.type === 1 ? row.components : []).map((c) => renderButton(message, c)),
			),
		),
	);
}

/** A button of the message, in a row or beside a section's text: a link opens its page, any other is clicked. */
function renderButton(/** @type {MessageView} */ message, /** @type {Button} */ c) {
	const style = BUTTON_STYLES[c.style ?? 0] ?? 'secondary';
	if (style === 'link')
		return el(
			'a',
			{ class: 'component secondary', href: webAddress(c.url), target: '_blank', rel: 'noreferrer' },
			c.label ?? '',
		);
	const key = `${message.id} ${c.custom_id}`;
	return el(
		'button',
		{
			class: `component ${style}${state.pending.has(key) ? ' pending' : ''}`,
			type: 'button',
			disabled: Boolean(c.disabled),
			dataset: { customId: c.custom_id },
			onclick: () => click(message, c.custom_id),
		},
		c.label ?? '',
	);
}

/** A link button's address if Discord would take it (a web page, or discord:): a `javascript:` one would run here. */
function webAddress(/** @type {string | undefined} */ url) {
	try {
		return url && ['http:', 'https:', 'discord:'].includes(new URL(url).protocol) ? url : undefined;
	} catch {
		return undefined;
	}
}

/** Clicks a button as the viewer; the button shows its click on the way, and a failure shows under the message. */
async function click(/** @type {MessageView} */ message, /** @type {string | undefined} */ customId) {
	const key = `${message.id} ${customId}`;
	if (state.pending.has(key)) return;
	state.pending.add(key);
	state.failures.delete(message.id);
	renderMessages();
	try {
		const result = await api.click({
			as: state.viewer,
			channel: message.channelId,
			messageId: message.id,
			customId,
		});
		if (result.failed) state.failures.set(message.id, 'This interaction failed');
	} catch (error) {
		state.failures.set(message.id, api.messageOf(error));
	} finally {
		state.pending.delete(key);
		renderMessages();
	}
}
