// The playground page: draws the local Discord's channels as one member sees them, and acts as that member.
// Everything arrives on one server-sent event stream (a snapshot, then each change); actions are JSON posts.
// Plain JavaScript, no build step: what the browser runs is this file.

const EPOCH_SECOND = 1000;
const TYPING_MS = 10_000;
const AVATAR_COLOURS = ['#5865f2', '#3ba55c', '#faa61a', '#ed4245', '#eb459f', '#757e8a'];
const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link' };

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(props)) {
		if (value === undefined || value === null || value === false) continue;
		if (key === 'class') node.className = value;
		else if (key === 'html') node.innerHTML = value;
		else if (key === 'text') node.textContent = value;
		else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
		else if (key === 'dataset') Object.assign(node.dataset, value);
		else node.setAttribute(key, value === true ? '' : value);
	}
	for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
	return node;
};

const state = {
	world: null,
	viewer: localStorage.getItem('reverie.viewer'),
	channel: localStorage.getItem('reverie.channel'),
	/** channel id → messages in order, as the viewer sees them */
	messages: new Map(),
	unread: new Set(),
	/** channel id → { name, until } */
	typing: new Map(),
	/** message id → text of a failed interaction under it */
	failures: new Map(),
	/** "messageId customId" of buttons whose click is on its way */
	pending: new Set(),
	dismissed: new Set(),
	stream: null,
	suggestions: { items: [], active: -1, navigated: false, complete: false, seq: 0 },
};

// ── the server ──────────────────────────────────────────────────────────────────────────────────────────────

async function post(path, body) {
	const response = await fetch(path, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const value = await response.json().catch(() => ({ error: `The playground answered ${response.status}.` }));
	if (!response.ok) throw new Error(value.error ?? `The playground answered ${response.status}.`);
	return value;
}

function connect() {
	state.stream?.close();
	const query = state.viewer ? `?as=${encodeURIComponent(state.viewer)}` : '';
	const stream = new EventSource(`/api/events${query}`);
	state.stream = stream;
	const connection = $('connection');
	stream.addEventListener('open', () => {
		connection.textContent = 'live';
		connection.className = 'connection live';
	});
	stream.addEventListener('error', () => {
		connection.textContent = 'reconnecting…';
		connection.className = 'connection down';
		// A viewer the playground no longer knows (it was restarted fresh) is refused: start as the first member.
		if (stream.readyState === EventSource.CLOSED && state.viewer) {
			state.viewer = null;
			setTimeout(connect, 500);
		}
	});
	stream.addEventListener('snapshot', (event) => {
		const { world, viewer, messages } = JSON.parse(event.data);
		state.world = world;
		state.viewer = viewer;
		localStorage.setItem('reverie.viewer', viewer);
		state.messages = new Map(Object.entries(messages));
		if (!world.channels.some((c) => c.id === state.channel)) state.channel = world.channels[0]?.id ?? null;
		renderAll();
		scrollToBottom();
	});
	stream.addEventListener('message', (event) => onMessage(JSON.parse(event.data)));
	stream.addEventListener('typing', (event) => {
		const { channelId, userId } = JSON.parse(event.data);
		state.typing.set(channelId, { name: nameOf(userId), userId, until: Date.now() + TYPING_MS });
		renderTyping();
	});
	stream.addEventListener('world', (event) => {
		state.world = JSON.parse(event.data);
		renderWorld();
		renderMessages();
	});
	stream.addEventListener('violation', (event) => {
		const { kind, detail } = JSON.parse(event.data);
		// discord.js waits out rate limits by itself, as it would on Discord: nothing for the author to fix.
		if (kind === 'rate-limited') return;
		toast(
			kind === 'interaction-failed'
				? `Reverie did not answer in time: ${detail}.`
				: `Discord would refuse this (${kind}): ${detail}`,
		);
	});
}

function onMessage({ kind, message }) {
	const list = state.messages.get(message.channelId) ?? [];
	const at = list.findIndex((m) => m.id === message.id);
	if (kind === 'delete') {
		if (at >= 0) list.splice(at, 1);
	} else if (at >= 0) list[at] = message;
	else {
		list.push(message);
		// A message in the channel ends its author's typing; an answer to someone's command is not one.
		const typing = state.typing.get(message.channelId);
		if (typing && typing.userId === message.author.id && !message.interaction) state.typing.delete(message.channelId);
		if (message.channelId !== state.channel) state.unread.add(message.channelId);
	}
	state.messages.set(message.channelId, list);
	if (message.channelId === state.channel) {
		const stick = nearBottom();
		renderMessages();
		renderTyping();
		if (stick) scrollToBottom();
	} else renderChannels();
}

// ── lookups ─────────────────────────────────────────────────────────────────────────────────────────────────

const me = () => state.world?.members.find((m) => m.id === state.viewer);
const channelOf = (id) => state.world?.channels.find((c) => c.id === id);
function nameOf(id) {
	if (id === state.world?.bot.id) return state.world.bot.name;
	return state.world?.members.find((m) => m.id === id)?.name ?? 'someone';
}
function colourOf(id) {
	let hash = 0;
	for (const ch of String(id)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
	return AVATAR_COLOURS[hash % AVATAR_COLOURS.length];
}
function avatar(id, size = '') {
	if (id === state.world?.bot.id) return el('div', { class: `avatar bot ${size}`, 'aria-hidden': 'true' });
	const name = nameOf(id);
	return el('div', { class: `avatar ${size}`, style: `background:${colourOf(id)}`, 'aria-hidden': 'true' }, name[0]);
}

// ── Discord's markdown, the part Reverie writes ─────────────────────────────────────────────────────────────

const escapeHtml = (text) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/**
 * Discord draws emoji as images, not with the system's font, so they look the same everywhere; the one Reverie
 * uses (the winner's mark) is drawn here the same way, and shows even where no emoji font is installed.
 */
const CHECK_EMOJI = `data:image/svg+xml,${encodeURIComponent(
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><rect width="36" height="36" rx="7" fill="#77b255"/><path d="M9 19l6.5 6.5L27 11" stroke="#fff" stroke-width="4.5" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
)}`;

function markdown(text) {
	const codes = [];
	let html = escapeHtml(text ?? '').replace(/`([^`\n]+)`/g, (_, code) => {
		codes.push(code);
		return `\uE000${codes.length - 1}\uE000`;
	});
	html = html
		.replace(/\*\*(.+?)\*\*/gs, '<strong>$1</strong>')
		.replace(/__(.+?)__/gs, '<u>$1</u>')
		.replace(/(^|[^*])\*(?!\s)(.+?)\*(?!\*)/g, '$1<em>$2</em>')
		.replace(/~~(.+?)~~/gs, '<s>$1</s>')
		.replace(/&lt;t:(-?\d+)(?::([tTdDfFR]))?&gt;/g, (_, unix, style) => timestamp(Number(unix), style ?? 'f'))
		.replace(/&lt;@&amp;(\d+)&gt;/g, (_, id) => {
			const role = state.world?.roles.find((r) => r.id === id);
			return `<span class="mention">@${escapeHtml(role?.name.replace(/^@/, '') ?? 'deleted-role')}</span>`;
		})
		.replace(/&lt;@!?(\d+)&gt;/g, (_, id) => `<span class="mention">@${escapeHtml(nameOf(id))}</span>`)
		.replace(
			/&lt;#(\d+)&gt;/g,
			(_, id) => `<span class="mention">#${escapeHtml(channelOf(id)?.name ?? 'unknown')}</span>`,
		);
	return html
		.replace(/\uE000(\d+)\uE000/g, (_, i) => `<code>${codes[Number(i)]}</code>`)
		.replace(/✅/g, `<img class="emoji" alt="✅" title=":white_check_mark:" src="${CHECK_EMOJI}">`);
}

function timestamp(unix, style) {
	const date = new Date(unix * EPOCH_SECOND);
	const full = date.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
	const text = style === 'R' ? relative(date) : absolute(date, style);
	return `<time class="timestamp" data-unix="${unix}" data-style="${style}" datetime="${date.toISOString()}" title="${escapeHtml(full)}">${escapeHtml(text)}</time>`;
}

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
function relative(date) {
	const seconds = Math.round((date.getTime() - Date.now()) / 1000);
	const abs = Math.abs(seconds);
	if (abs < 60) return relativeFormat.format(seconds, 'second');
	if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute');
	if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
	if (abs < 30 * 86_400) return relativeFormat.format(Math.round(seconds / 86_400), 'day');
	if (abs < 365 * 86_400) return relativeFormat.format(Math.round(seconds / (30 * 86_400)), 'month');
	return relativeFormat.format(Math.round(seconds / (365 * 86_400)), 'year');
}

function absolute(date, style) {
	const options = {
		t: { timeStyle: 'short' },
		T: { timeStyle: 'medium' },
		d: { dateStyle: 'short' },
		D: { dateStyle: 'long' },
		f: { dateStyle: 'long', timeStyle: 'short' },
		F: { dateStyle: 'full', timeStyle: 'short' },
	}[style];
	return date.toLocaleString(undefined, options);
}

function when(iso) {
	const date = new Date(iso);
	const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
	const today = new Date().toDateString() === date.toDateString();
	return today ? `Today at ${time}` : `${date.toLocaleDateString()} ${time}`;
}

// ── drawing ─────────────────────────────────────────────────────────────────────────────────────────────────

function renderAll() {
	renderWorld();
	renderMessages();
	renderTyping();
}

function renderWorld() {
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
	renderMe();
	renderMembers();
}

function renderChannels() {
	const list = $('channels');
	list.replaceChildren(
		...state.world.channels.map((c) =>
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
		),
	);
	const channel = channelOf(state.channel);
	if (!channel) return;
	$('channel-name').textContent = channel.name;
	for (const node of document.querySelectorAll('.start-channel')) node.textContent = `#${channel.name}`;
	$('input').placeholder = `Message #${channel.name} — type / for commands`;
	document.title = `#${channel.name} · Reverie playground`;
}

function renderMe() {
	const member = me();
	if (!member) return;
	$('me-avatar').replaceWith(Object.assign(avatar(member.id), { id: 'me-avatar' }));
	$('me-name').textContent = member.name;
	$('me-note').textContent = member.moderator ? 'Moderator' : 'Member';
	const select = $('viewer');
	select.replaceChildren(
		...state.world.members.map((m) => el('option', { value: m.id, selected: m.id === state.viewer }, m.name)),
	);
}

const EYE =
	'<svg width="16" height="16" viewBox="0 0 24 24"><path fill="currentColor" d="M12 5C5.6 5 2 12 2 12s3.6 7 10 7 10-7 10-7-3.6-7-10-7Zm0 11a4 4 0 1 1 0-8 4 4 0 0 1 0 8Zm0-6a2 2 0 1 0 0 4 2 2 0 0 0 0-4Z"/></svg>';
const SHIELD =
	'<svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3Zm0 2.2 6 2.2V11c0 4-2.6 7.8-6 8.9-3.4-1.1-6-4.9-6-8.9V6.4l6-2.2Z"/></svg>';
const SHIELD_ON =
	'<svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3Zm-1.2 14.2-3.5-3.5 1.4-1.4 2.1 2.1 4.6-4.6 1.4 1.4-6 6Z"/></svg>';

function renderMembers() {
	const { world } = state;
	const row = (m) =>
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
					onclick: () => switchViewer(m.id),
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
				onclick: () => setModerator(m, !m.moderator),
			}),
		);
	const moderators = world.members.filter((m) => m.moderator);
	const others = world.members.filter((m) => !m.moderator);
	const group = (title, members) =>
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
		].filter(Boolean),
	);
}

const nearBottom = () => {
	const s = $('scroller');
	return s.scrollHeight - s.scrollTop - s.clientHeight < 120;
};
const scrollToBottom = () => {
	const s = $('scroller');
	s.scrollTop = s.scrollHeight;
};

/** Drawn messages by id, with what they were drawn from: a message is redrawn only when that changes. */
const drawn = new Map();

function renderMessages() {
	const list = (state.messages.get(state.channel) ?? []).filter((m) => !state.dismissed.has(m.id));
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

function startsGroup(message, previous) {
	if (!previous || message.interaction || previous.author.id !== message.author.id) return true;
	if (message.ephemeral !== previous.ephemeral) return true;
	return Date.parse(message.timestamp) - Date.parse(previous.timestamp) > 7 * 60_000;
}

function renderMessage(message, previous) {
	const first = startsGroup(message, previous);
	const mentionsMe =
		state.viewer && new RegExp(`<@!?${state.viewer}>`).test(JSON.stringify([message.content, message.embeds]));
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
	if (message.content)
		node.append(
			el(
				'div',
				{ class: 'content', html: markdown(message.content) },
				message.edited ? el('span', { class: 'edited' }, '(edited)') : null,
			),
		);
	for (const embed of message.embeds ?? []) node.append(renderEmbed(embed));
	if (message.components?.length) node.append(renderComponents(message));
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

function renderEmbed(embed) {
	const colour = typeof embed.color === 'number' ? `#${embed.color.toString(16).padStart(6, '0')}` : undefined;
	return el(
		'div',
		{ class: 'embed', style: colour ? `border-left-color:${colour}` : undefined },
		embed.author?.name ? el('div', { class: 'embed-author' }, embed.author.name) : null,
		embed.title ? el('div', { class: 'embed-title', html: markdown(embed.title) }) : null,
		embed.description ? el('div', { class: 'embed-description', html: markdown(embed.description) }) : null,
		embed.fields?.length
			? el(
					'div',
					{ class: 'embed-fields' },
					embed.fields.map((f) =>
						el(
							'div',
							{ class: `field${f.inline ? ' inline' : ''}` },
							el('div', { class: 'field-name', html: markdown(f.name) }),
							el('div', { class: 'field-value', html: markdown(f.value) }),
						),
					),
				)
			: null,
		embed.footer?.text ? el('div', { class: 'embed-footer' }, embed.footer.text) : null,
	);
}

function renderComponents(message) {
	return el(
		'div',
		{ class: 'components' },
		message.components.map((row) =>
			el(
				'div',
				{ class: 'row' },
				(row.components ?? []).map((c) => {
					const style = BUTTON_STYLES[c.style] ?? 'secondary';
					if (style === 'link')
						return el(
							'a',
							{ class: 'component secondary', href: c.url, target: '_blank', rel: 'noreferrer' },
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
				}),
			),
		),
	);
}

function renderTyping() {
	const typing = state.typing.get(state.channel);
	const node = $('typing');
	if (!typing || typing.until < Date.now()) {
		node.replaceChildren();
		return;
	}
	node.replaceChildren(el('strong', {}, typing.name), el('span', { class: 'dots' }, ' is typing'));
}

function toast(text, kind = 'warning') {
	const node = el('div', { class: `toast ${kind}`, role: 'status' }, text);
	$('toasts').append(node);
	setTimeout(() => node.remove(), 8000);
}

// ── acting ──────────────────────────────────────────────────────────────────────────────────────────────────

function switchChannel(id) {
	state.channel = id;
	state.unread.delete(id);
	localStorage.setItem('reverie.channel', id);
	closeSuggestions();
	renderChannels();
	renderMessages();
	renderTyping();
	scrollToBottom();
	$('input').focus();
}

function switchViewer(id) {
	if (id === state.viewer) return;
	state.viewer = id;
	state.failures.clear();
	state.dismissed.clear();
	closeSuggestions();
	hideError();
	connect();
	$('input').focus();
}

async function setModerator(member, on) {
	try {
		await post(`/api/members/${encodeURIComponent(member.id)}/moderator`, { on });
	} catch (error) {
		toast(error.message, 'error');
	}
}

async function click(message, customId) {
	const key = `${message.id} ${customId}`;
	if (state.pending.has(key)) return;
	state.pending.add(key);
	state.failures.delete(message.id);
	renderMessages();
	try {
		const result = await post('/api/click', {
			as: state.viewer,
			channel: message.channelId,
			messageId: message.id,
			customId,
		});
		if (result.failed) state.failures.set(message.id, 'This interaction failed');
	} catch (error) {
		state.failures.set(message.id, error.message);
	} finally {
		state.pending.delete(key);
		renderMessages();
	}
}

function showError(text) {
	const node = $('composer-error');
	node.textContent = text;
	node.hidden = false;
}
function hideError() {
	$('composer-error').hidden = true;
}

async function send() {
	const input = $('input');
	const text = input.value.trim();
	if (!text) return;
	closeSuggestions();
	hideError();
	input.value = '';
	try {
		const result = await post('/api/command', { as: state.viewer, channel: state.channel, text });
		if (result.failed)
			showError(
				`${state.world.bot.name} did not respond to ${result.label} in time ("The application did not respond").`,
			);
	} catch (error) {
		if (!input.value) input.value = text;
		showError(error.message);
	}
	scrollToBottom();
}

// ── the suggestion pop-up ───────────────────────────────────────────────────────────────────────────────────

let suggestTimer;
function requestSuggestions() {
	clearTimeout(suggestTimer);
	const text = $('input').value;
	if (!text.startsWith('/')) {
		closeSuggestions();
		return;
	}
	suggestTimer = setTimeout(async () => {
		const seq = ++state.suggestions.seq;
		try {
			const result = await post('/api/suggest', { as: state.viewer, channel: state.channel, text });
			if (seq !== state.suggestions.seq || $('input').value !== text) return;
			const choosable = result.items.some((i) => i.text !== undefined);
			state.suggestions = {
				...state.suggestions,
				forText: text,
				items: result.items,
				title: result.title,
				complete: result.complete,
				navigated: false,
				active: choosable && !result.complete ? result.items.findIndex((i) => i.text !== undefined) : -1,
			};
			renderSuggestions();
		} catch {
			closeSuggestions();
		}
	}, 60);
}

function renderSuggestions() {
	const { items, active, title } = state.suggestions;
	const box = $('suggestions');
	if (items.length === 0) {
		box.hidden = true;
		return;
	}
	box.hidden = false;
	box.replaceChildren(
		el('div', { class: 'suggestions-title' }, title),
		...items.map((item, i) =>
			el(
				'div',
				{
					class: `suggestion${i === active ? ' active' : ''}${item.text === undefined ? ' hint' : ''}`,
					role: 'option',
					'aria-selected': i === active ? 'true' : 'false',
					onmousedown: (event) => {
						event.preventDefault();
						choose(i);
					},
				},
				el('span', { class: 'label' }, item.label),
				item.description ? el('span', { class: 'description' }, item.description) : null,
			),
		),
	);
}

function closeSuggestions() {
	clearTimeout(suggestTimer);
	state.suggestions = { ...state.suggestions, items: [], active: -1, seq: state.suggestions.seq + 1 };
	$('suggestions').hidden = true;
}

function choose(index) {
	const item = state.suggestions.items[index];
	if (item?.text === undefined) return false;
	const input = $('input');
	input.value = item.text;
	input.focus();
	requestSuggestions();
	return true;
}

function move(step) {
	const { items } = state.suggestions;
	const choosable = items.map((item, i) => (item.text === undefined ? -1 : i)).filter((i) => i >= 0);
	if (choosable.length === 0) return;
	const at = choosable.indexOf(state.suggestions.active);
	const next = choosable[(at + step + choosable.length) % choosable.length];
	state.suggestions.active = at === -1 && step < 0 ? choosable[choosable.length - 1] : next;
	state.suggestions.navigated = true;
	renderSuggestions();
}

// ── wiring ──────────────────────────────────────────────────────────────────────────────────────────────────

$('composer').addEventListener('submit', (event) => {
	event.preventDefault();
	send();
});

$('input').addEventListener('input', () => {
	hideError();
	requestSuggestions();
});

$('input').addEventListener('keydown', (event) => {
	// Suggestions made for what the box held a keystroke ago must not decide what Enter does now.
	const open =
		!$('suggestions').hidden && state.suggestions.items.length > 0 && state.suggestions.forText === $('input').value;
	if (!open) return;
	const { active, navigated, complete } = state.suggestions;
	if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
		event.preventDefault();
		move(event.key === 'ArrowDown' ? 1 : -1);
	} else if (event.key === 'Tab') {
		event.preventDefault();
		choose(active >= 0 ? active : state.suggestions.items.findIndex((i) => i.text !== undefined));
	} else if (event.key === 'Enter' && active >= 0 && (navigated || !complete)) {
		// Enter picks the highlighted suggestion while the command is unfinished, and sends it once it is whole.
		event.preventDefault();
		choose(active);
	} else if (event.key === 'Escape') {
		closeSuggestions();
	}
});

$('input').addEventListener('blur', () => setTimeout(closeSuggestions, 150));

$('viewer').addEventListener('change', (event) => switchViewer(event.target.value));

$('add-member').addEventListener('submit', async (event) => {
	event.preventDefault();
	const input = $('new-member');
	const name = input.value.trim();
	if (!name) return;
	try {
		const member = await post('/api/members', { name });
		input.value = '';
		switchViewer(member.id);
	} catch (error) {
		toast(error.message, 'error');
	}
});

document.addEventListener('keydown', (event) => {
	const typingSomewhere = ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement?.tagName);
	if (event.key === '/' && !typingSomewhere) {
		event.preventDefault();
		$('input').focus();
		$('input').value = '/';
		requestSuggestions();
	}
});

// Relative timestamps ("closes in 12 seconds") count down as Discord's do; the typing indicator lapses.
setInterval(() => {
	for (const node of document.querySelectorAll('time.timestamp[data-style="R"]'))
		node.textContent = relative(new Date(Number(node.dataset.unix) * EPOCH_SECOND));
	renderTyping();
}, 1000);

connect();
$('input').focus();
