// @ts-check
// Threads, as Discord lists them: under their channel in the sidebar, indented with a thread icon, archived ones
// dimmed, locked ones marked. A click opens one as a channel (its messages, and the box sends into it). A small menu
// beside each lets its starter archive it, and a moderator archive, lock or delete it, as Discord's own interface does.
// The header and the note over the box say where the viewer is: a channel, or a thread and its state.

import * as api from './api.js';
import { $, el } from './dom.js';
import { renderMessages } from './messages.js';
import { toast } from './notices.js';
import { channelOf, me, state, threadOf } from './state.js';

/** @import { ThreadView } from './types.js' */

/** Discord's thread icon: a speech bubble with a hash's lines. */
const THREAD_ICON =
	'<svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 2.8c-5.3 0-9.7 3.8-9.7 8.6 0 2.3 1 4.4 2.7 6L4 21.2l4.5-1.9c1.1.4 2.3.6 3.5.6 5.3 0 9.7-3.8 9.7-8.5S17.3 2.8 12 2.8Zm0 15.2c-1.1 0-2.1-.2-3-.6l-.4-.2-2 .9.5-1.8-.4-.4c-1.5-1.3-2.3-2.9-2.3-4.5 0-3.7 3.5-6.7 7.7-6.7s7.7 3 7.7 6.7-3.5 6.6-7.8 6.6Z"/><path fill="currentColor" d="M8 10h8v1.6H8zm0 3h5.5v1.6H8z"/></svg>';
const LOCK_ICON =
	'<svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M17 9V7A5 5 0 0 0 7 7v2a3 3 0 0 0-3 3v7a3 3 0 0 0 3 3h10a3 3 0 0 0 3-3v-7a3 3 0 0 0-3-3ZM9 7a3 3 0 0 1 6 0v2H9Z"/></svg>';
const DOTS =
	'<svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true"><circle fill="currentColor" cx="5" cy="12" r="2"/><circle fill="currentColor" cx="12" cy="12" r="2"/><circle fill="currentColor" cx="19" cy="12" r="2"/></svg>';

/**
 * What the threads need of the sidebar.
 * @typedef {object} ThreadHooks
 * @property {(id: string) => void} open shows a channel or a thread
 * @property {() => void} redraw draws the sidebar again (the channels and the events panel)
 */

/** @type {ThreadHooks} */
let hooks = { open: () => undefined, redraw: () => undefined };

/**
 * What the viewer may do to a thread: a moderator anything; its starter archive it, and open it again unless a
 * moderator locked it (the server holds the same rule).
 * @param {ThreadView} thread
 */
function allowed(thread) {
	const moderator = Boolean(me()?.moderator);
	const starter = thread.ownerId === state.viewer;
	return {
		archive: moderator || (starter && !(thread.archived && thread.locked)),
		lock: moderator,
		delete: moderator,
	};
}

/** The sidebar's items for a channel's threads, oldest first, archived ones included. */
export function threadItems(/** @type {string} */ channelId) {
	return state.threads.filter((t) => t.parentId === channelId).map(threadItem);
}

function threadItem(/** @type {ThreadView} */ thread) {
	const can = allowed(thread);
	const current = thread.id === state.channel;
	const menuOpen = state.threadMenu === thread.id;
	const classes = [
		'thread-link',
		current && 'active',
		state.unread.has(thread.id) && 'unread',
		thread.archived && 'archived',
		thread.locked && 'locked',
	].filter(Boolean);
	const status = [thread.archived && 'archived', thread.locked && 'locked'].filter(Boolean).join(', ');
	return el(
		'li',
		{ class: `thread-item${menuOpen ? ' menu-open' : ''}`, dataset: { thread: thread.name } },
		el(
			'button',
			{
				class: classes.join(' '),
				type: 'button',
				'aria-current': current ? 'page' : undefined,
				title: status ? `${thread.name} (${status})` : thread.name,
				onclick: () => hooks.open(thread.id),
			},
			el('span', { class: 'thread-icon', html: THREAD_ICON }),
			el('span', { class: 'thread-name' }, thread.name),
			thread.locked ? el('span', { class: 'thread-tag locked' }, el('span', { html: LOCK_ICON }), 'locked') : null,
			thread.archived ? el('span', { class: 'thread-tag' }, 'archived') : null,
		),
		can.archive || can.lock || can.delete
			? el('button', {
					class: 'thread-options',
					type: 'button',
					title: 'Thread options',
					'aria-label': `Thread options for ${thread.name}`,
					'aria-haspopup': 'menu',
					'aria-expanded': menuOpen ? 'true' : 'false',
					html: DOTS,
					onclick: () => {
						state.threadMenu = menuOpen ? null : thread.id;
						state.confirming = null;
						hooks.redraw();
						// The list is drawn anew: the keyboard goes on in the menu.
						document.querySelector('.thread-item.menu-open .menu-item')?.closest('button')?.focus();
					},
				})
			: null,
		menuOpen ? threadMenu(thread, can) : null,
	);
}

/** The moderation menu of a thread: what the viewer may do to it; deleting asks for a second click. */
function threadMenu(/** @type {ThreadView} */ thread, /** @type {ReturnType<typeof allowed>} */ can) {
	const confirming = state.confirming === `thread:${thread.id}`;
	const item = (/** @type {string} */ label, /** @type {() => void} */ onclick, danger = false) =>
		el('button', { type: 'button', role: 'menuitem', class: `menu-item${danger ? ' danger' : ''}`, onclick }, label);
	return el(
		'div',
		{ class: 'thread-menu', role: 'menu', 'aria-label': `Options for ${thread.name}` },
		can.archive
			? item(thread.archived ? 'Unarchive thread' : 'Archive thread', () =>
					act(api.setThreadArchived(thread.id, state.viewer, !thread.archived)),
				)
			: null,
		can.lock
			? item(thread.locked ? 'Unlock thread' : 'Lock thread', () =>
					act(api.setThreadLocked(thread.id, state.viewer, !thread.locked)),
				)
			: null,
		can.delete
			? item(
					confirming ? 'Click again to delete' : 'Delete thread',
					() => {
						if (confirming) void act(api.deleteThread(thread.id, state.viewer));
						else {
							state.confirming = `thread:${thread.id}`;
							hooks.redraw();
						}
					},
					true,
				)
			: null,
	);
}

/** Closes the menu once the action is sent: the stream brings the thread as it now is. */
async function act(/** @type {Promise<unknown>} */ request) {
	state.threadMenu = null;
	state.confirming = null;
	hooks.redraw();
	try {
		await request;
	} catch (error) {
		toast(api.messageOf(error), 'error');
	}
}

/**
 * Fetches a thread's messages the page has none of (a thread new since the snapshot, or a private one the viewer was
 * added to), keeping any that came on the stream meanwhile.
 */
export async function loadMessages(/** @type {string} */ id) {
	state.messages.set(id, state.messages.get(id) ?? []);
	try {
		const fetched = await api.messagesOf(id, state.viewer);
		const known = new Set(fetched.map((m) => m.id));
		state.messages.set(id, [...fetched, ...(state.messages.get(id) ?? []).filter((m) => !known.has(m.id))]);
		if (state.channel === id) renderMessages();
	} catch (error) {
		toast(api.messageOf(error), 'error');
	}
}

/** Names where the viewer is (a channel, or a thread in one) in the header, the welcome, the box and the tab. */
export function renderPlace() {
	const place = channelOf(state.channel);
	if (!place) return;
	const thread = threadOf(state.channel);
	const parent = thread && state.world?.channels.find((c) => c.id === thread.parentId);
	const icon = $('channel-icon');
	if (thread) icon.innerHTML = THREAD_ICON;
	else icon.textContent = '#';
	icon.classList.toggle('thread', Boolean(thread));
	$('channel-name').textContent = place.name;
	const topic = $('channel-topic');
	topic.dataset.channelTopic ??= topic.textContent ?? '';
	topic.textContent = thread ? `A thread in #${parent?.name ?? 'a channel'}` : topic.dataset.channelTopic;
	const named = thread ? place.name : `#${place.name}`;
	for (const node of document.querySelectorAll('.start-channel')) node.textContent = named;
	$('input', HTMLInputElement).placeholder = `Message ${named} — type / for commands`;
	document.title = `${named} · Reverie playground`;
	const note = $('place-note');
	note.hidden = !thread?.archived && !thread?.locked;
	note.textContent = thread?.archived
		? `This thread is archived${thread.locked ? ' and locked' : ''}: no commands can be used in it until it is opened again.`
		: thread?.locked
			? 'This thread is locked: once archived, only a moderator can open it again.'
			: '';
}

/** Keeps the hooks; a click elsewhere, or Escape, closes a thread's menu and takes back a first click on "Delete". */
export function setUpThreads(/** @type {ThreadHooks} */ given) {
	hooks = given;
	const close = () => {
		if (state.threadMenu === null && state.confirming === null) return;
		state.threadMenu = null;
		state.confirming = null;
		hooks.redraw();
	};
	document.addEventListener('click', (event) => {
		const target = event.target instanceof Element ? event.target : null;
		if (!target?.closest('.thread-menu, .thread-options, [data-confirm]')) close();
	});
	document.addEventListener('keydown', (event) => {
		if (event.key === 'Escape') close();
	});
}
