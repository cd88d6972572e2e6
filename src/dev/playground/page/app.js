// @ts-check
// The playground page: draws the local Discord's channels as one member sees them, and acts as that member.
// Everything arrives on one server-sent event stream (stream.js); actions are JSON posts (api.js). Plain JavaScript
// modules, typechecked from their JSDoc, with no build step: what the browser runs is these files.

import { requestSuggestions, setUpComposer } from './composer.js';
import { $ } from './dom.js';
import { setUpDrop } from './drop.js';
import { renderEvents } from './events.js';
import { nearBottom, renderMessages, scrollToBottom } from './messages.js';
import { renderTyping } from './notices.js';
import { renderChannels, renderWorld, setUpSidebar } from './sidebar.js';
import { state } from './state.js';
import { startStream } from './stream.js';
import { EPOCH_SECOND, relative } from './time.js';
import { setUpViewer, viewing } from './viewer.js';

setUpComposer();
setUpSidebar();
setUpDrop();
setUpViewer();

// "/" anywhere but in a field (or over a picture opened full size) starts a command, as in Discord.
document.addEventListener('keydown', (event) => {
	const typingSomewhere = ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement?.tagName ?? '');
	if (event.key === '/' && !typingSomewhere && !viewing()) {
		event.preventDefault();
		const input = $('input', HTMLInputElement);
		input.focus();
		input.value = '/';
		requestSuggestions();
	}
});

// Relative timestamps ("closes in 12 seconds") count down as Discord's do; the typing indicator lapses.
setInterval(() => {
	const relativeTimes = /** @type {NodeListOf<HTMLTimeElement>} */ (
		document.querySelectorAll('time.timestamp[data-style="R"]')
	);
	for (const node of relativeTimes) node.textContent = relative(new Date(Number(node.dataset.unix) * EPOCH_SECOND));
	renderTyping();
}, 1000);

startStream({
	everything() {
		renderWorld();
		renderMessages();
		renderTyping();
		scrollToBottom();
	},
	world() {
		renderWorld();
		renderMessages();
	},
	message(channelId) {
		if (channelId !== state.channel) {
			renderChannels();
			return;
		}
		// A new message keeps the view at the bottom only if the viewer was there: reading back is not interrupted.
		const stick = nearBottom();
		renderMessages();
		renderTyping();
		if (stick) scrollToBottom();
	},
	typing: renderTyping,
	threads: renderChannels,
	events: renderEvents,
});
$('input').focus();
