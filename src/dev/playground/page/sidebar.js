// @ts-check
// The server around the channel: its channels on the left (each one's threads under it, threads.js; the events panel
// under them, events.js), the member the page acts as under them, and the member list on the right, where a click
// acts as another member and the shield gives or takes the Moderator role.

import * as api from './api.js';
import { avatar } from './avatar.js';
import { closeSuggestions, hideError } from './composer.js';
import { $, el } from './dom.js';
import { renderEvents } from './events.js';
import { renderMessages, scrollToBottom } from './messages.js';
import { renderTyping, toast } from './notices.js';
import { me, state } from './state.js';
import { reconnect } from './stream.js';
import { loadMessages, renderPlace, setUpThreads, threadItems } from './threads.js';

/** @import { WorldView } from './types.js' */

const SHIELD =
	'<svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3Zm0 2.2 6 2.2V11c0 4-2.6 7.8-6 8.9-3.4-1.1-6-4.9-6-8.9V6.4l6-2.2Z"/></svg>';
const SHIELD_ON =
	'<svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3Zm-1.2 14.2-3.5-3.5 1.4-1.4 2.1 2.1 4.6-4.6 1.4 1.4-6 6Z"/></svg>';

/** Draws the server: its name and icon, its channels and threads, its events, the viewer's panel and the members. */
export function renderWorld() {
	const { world } = state;
	if (!world) return;
	$('guild-name').textContent = world.guild.name;
	$('guild-icon').textContent = world.guild.name
		.split(/\s+/)
		.map((w) => w[0])
		.join('')
		.slice(0, 3);
	$('guild-icon').title = world.guild.name;
	renderChannels();
	renderEvents();
	renderMe();
	renderMembers(world);
}

/** Draws the channel list, each channel's threads under it, and names where the viewer is (threads.js). */
export function renderChannels() {
	const list = $('channels');
	list.replaceChildren(
		...(state.world?.channels ?? []).flatMap((c) => [
			el(
				'li',
				{},
				el(
					'button',
					{
						class: `channel${c.id === state.channel ? ' active' : ''}${state.unread.has(c.id) ? ' unread' : ''}`,
						type: 'button',
						'aria-current': c.id === state.channel ? 'page' : undefined,
						dataset: { channel: c.name },
						onclick: () => switchChannel(c.id),
					},
					el('span', { class: 'hash', 'aria-hidden': 'true' }, '#'),
					el('span', {}, c.name),
				),
			),
			...threadItems(c.id),
		]),
	);
	renderPlace();
}

/** The panel of the member the page acts as, and the select that switches to another. */
function renderMe() {
	const member = me();
	if (!member) return;
	$('me-avatar').replaceWith(Object.assign(avatar(member.id), { id: 'me-avatar' }));
	$('me-name').textContent = member.name;
	$('me-note').textContent = member.moderator ? 'Moderator' : 'Member';
	$('viewer').replaceChildren(
		...(state.world?.members ?? []).map((m) => el('option', { value: m.id, selected: m.id === state.viewer }, m.name)),
	);
}

/** The member list as Discord groups it: moderators, members, and the bot under Apps. */
function renderMembers(/** @type {WorldView} */ world) {
	const row = (/** @type {WorldView['members'][number]} */ m) =>
		el(
			'div',
			{ class: `member${m.id === state.viewer ? ' me' : ''}`, dataset: { member: m.name } },
			el(
				'button',
				{
					class: 'pick',
					type: 'button',
					title: m.id === state.viewer ? `You are acting as ${m.name}` : `Act as ${m.name}`,
					'aria-label': `Act as ${m.name}`,
					'aria-pressed': m.id === state.viewer ? 'true' : 'false',
					onclick: () => actAs(m.id),
				},
				avatar(m.id),
				el('span', { class: 'name' }, m.name, m.id === state.viewer ? el('span', { class: 'you' }, ' (you)') : null),
			),
			el('button', {
				class: `mod${m.moderator ? ' on' : ''}`,
				type: 'button',
				title: m.moderator ? `Take ${m.name}'s Moderator role` : `Give ${m.name} the Moderator role`,
				'aria-label': m.moderator ? `Take ${m.name}'s Moderator role` : `Give ${m.name} the Moderator role`,
				html: m.moderator ? SHIELD_ON : SHIELD,
				onclick: () => setModerator(m.id, !m.moderator),
			}),
		);
	const moderators = world.members.filter((m) => m.moderator);
	const others = world.members.filter((m) => !m.moderator);
	const group = (/** @type {string} */ title, /** @type {HTMLElement[]} */ members) =>
		members.length === 0
			? null
			: el('section', { class: 'member-group' }, el('h3', {}, `${title} — ${members.length}`), members);
	const bot = el(
		'div',
		{ class: 'member' },
		el(
			'div',
			{ class: 'pick', title: 'Reverie, the bot: it answers /dream' },
			avatar(world.bot.id),
			el('span', { class: 'name' }, world.bot.name),
			el('span', { class: 'app-tag' }, 'App'),
		),
	);
	$('member-groups').replaceChildren(
		...[
			group(world.moderatorRole, moderators.map(row)),
			group('Members', others.map(row)),
			group('Apps', [bot]),
		].filter((section) => section !== null),
	);
}

/** Shows another channel or a thread: its messages, who types there, and the box ready to write in it. */
function switchChannel(/** @type {string} */ id) {
	state.channel = id;
	state.unread.delete(id);
	state.threadMenu = null;
	// A thread that came into view after the snapshot (a private one the viewer was added to).
	if (!state.messages.has(id)) void loadMessages(id);
	localStorage.setItem('reverie.channel', id);
	closeSuggestions();
	renderChannels();
	renderMessages();
	renderTyping();
	scrollToBottom();
	$('input').focus();
}

/** Acts as another member: the stream is opened again as them, so the page shows what they see. */
function actAs(/** @type {string} */ id) {
	if (id === state.viewer) return;
	state.viewer = id;
	state.failures.clear();
	state.dismissed.clear();
	closeSuggestions();
	hideError();
	reconnect();
	$('input').focus();
}

async function setModerator(/** @type {string} */ memberId, /** @type {boolean} */ on) {
	try {
		await api.setModerator(memberId, on);
	} catch (error) {
		toast(api.messageOf(error), 'error');
	}
}

/** Listens to the select that acts as another member, and to the form that adds one (who is then acted as). */
export function setUpSidebar() {
	setUpThreads({
		open: switchChannel,
		redraw() {
			renderChannels();
			renderEvents();
		},
	});
	const viewer = $('viewer', HTMLSelectElement);
	viewer.addEventListener('change', () => actAs(viewer.value));

	$('add-member').addEventListener('submit', async (event) => {
		event.preventDefault();
		const input = $('new-member', HTMLInputElement);
		const name = input.value.trim();
		if (!name) return;
		try {
			const member = await api.addMember(name);
			input.value = '';
			actAs(member.id);
		} catch (error) {
			toast(api.messageOf(error), 'error');
		}
	});
}
