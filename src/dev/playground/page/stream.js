// @ts-check
// The live stream from the server (server-sent events): first a snapshot of everything the viewer sees, then each
// change. It keeps the page's state up to date and says what to redraw; app.js says how.

import { $ } from './dom.js';
import { TYPING_MS, toast } from './notices.js';
import { channelOf, nameOf, state, threadOf } from './state.js';
import { loadMessages } from './threads.js';

/** @import { StreamEvents } from './types.js' */

/**
 * What the stream asks the page to redraw.
 * @typedef {object} Redraw
 * @property {() => void} everything after a snapshot, for a new viewer or a new connection
 * @property {() => void} world members, roles or moderators changed
 * @property {(channelId: string) => void} message a message of this channel came, changed or went
 * @property {() => void} typing someone started typing
 * @property {() => void} threads a thread was made, changed or deleted (the viewer's channel is still there)
 * @property {() => void} events a scheduled event was made, changed or deleted, or someone's interest in one
 */

/** @type {Redraw | undefined} */
let redraw;

/** Opens the stream, and redraws through `to` from then on. */
export function startStream(/** @type {Redraw} */ to) {
	redraw = to;
	reconnect();
}

/** Opens the stream again, as the viewer now in the state (the first member when there is none). */
export function reconnect() {
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
			setTimeout(reconnect, 500);
		}
	});
	on(stream, 'snapshot', ({ world, viewer, messages, threads, events }) => {
		state.world = world;
		state.viewer = viewer;
		localStorage.setItem('reverie.viewer', viewer);
		state.messages = new Map(Object.entries(messages));
		state.threads = threads;
		state.events = events;
		// A channel gone, or a thread this member does not see (deleted since, or private to others): the first one.
		if (!channelOf(state.channel)) state.channel = world.channels[0]?.id ?? null;
		redraw?.everything();
	});
	on(stream, 'threads', onThreads);
	on(stream, 'scheduled-events', (events) => {
		state.events = events;
		redraw?.events();
	});
	on(stream, 'message', onMessage);
	on(stream, 'typing', ({ channelId, userId }) => {
		state.typing.set(channelId, { name: nameOf(userId), userId, until: Date.now() + TYPING_MS });
		redraw?.typing();
	});
	on(stream, 'world', (world) => {
		state.world = world;
		redraw?.world();
	});
	on(stream, 'violation', ({ kind, detail }) => {
		// discord.js waits out rate limits by itself, as it would on Discord: nothing for the author to fix.
		if (kind === 'rate-limited') return;
		toast(
			kind === 'interaction-failed'
				? `Reverie did not answer in time: ${detail}.`
				: `Discord would refuse this (${kind}): ${detail}`,
		);
	});
}

/**
 * Listens to one kind of event, with its data parsed as the server sends it.
 * @template {keyof StreamEvents} Name
 * @param {EventSource} stream
 * @param {Name} name
 * @param {(data: StreamEvents[Name]) => void} listener
 */
function on(stream, name, listener) {
	stream.addEventListener(name, (event) => listener(JSON.parse(event.data)));
}

/**
 * The viewer's threads, whole. One new to the page brings its messages (a private thread the viewer was added to has
 * some already); one they were in that is gone (deleted, or private to others) leaves for its channel.
 */
function onThreads(/** @type {StreamEvents['threads']} */ threads) {
	const current = threadOf(state.channel);
	state.threads = threads;
	for (const thread of threads) if (!state.messages.has(thread.id)) void loadMessages(thread.id);
	if (state.threadMenu && !threadOf(state.threadMenu)) state.threadMenu = null;
	if (current && !threadOf(current.id)) {
		state.channel = current.parentId;
		localStorage.setItem('reverie.channel', current.parentId);
		redraw?.everything();
	} else redraw?.threads();
}

function onMessage(/** @type {StreamEvents['message']} */ { kind, message }) {
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
	redraw?.message(message.channelId);
}
