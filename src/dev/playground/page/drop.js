// @ts-check
// A file dropped on the channel: an .ink file is uploaded and added as a dream with `/dream add file:<it>`, as the
// viewer in the channel they look at; anything else is refused with a sentence under the message box.

import * as api from './api.js';
import { hideError, showError, showIfUnanswered } from './composer.js';
import { $ } from './dom.js';
import { scrollToBottom } from './messages.js';
import { state } from './state.js';

/** What a member may upload to Discord (its default limit), checked before the bytes are read. */
const UPLOAD_LIMIT_BYTES = 8 * 1024 * 1024;

const carriesFiles = (/** @type {DragEvent} */ event) => event.dataTransfer?.types.includes('Files') ?? false;

/** Adds each dropped file in turn; the box's error line says why one was not added. */
async function addDropped(/** @type {File[]} */ files) {
	hideError();
	for (const file of files) {
		if (!/\.ink$/i.test(file.name)) {
			showError(`Only an .ink file can be dropped here to add a dream: ${file.name} is not one.`);
			continue;
		}
		if (file.size > UPLOAD_LIMIT_BYTES) {
			showError(`${file.name} is over the 8 MB Discord takes.`);
			continue;
		}
		try {
			showIfUnanswered(await api.addDreamFile({ as: state.viewer, channel: state.channel, file }));
		} catch (error) {
			showError(api.messageOf(error));
		}
	}
	scrollToBottom();
}

/** Makes the channel view a drop target, with an overlay while a file is dragged over it. */
export function setUpDrop() {
	const chat = $('chat');
	const overlay = $('drop-overlay');
	// dragenter and dragleave come for every element crossed inside the view: the overlay goes when they even out.
	let depth = 0;
	chat.addEventListener('dragenter', (event) => {
		if (!carriesFiles(event)) return;
		depth++;
		overlay.hidden = false;
	});
	chat.addEventListener('dragleave', (event) => {
		if (!carriesFiles(event)) return;
		depth = Math.max(0, depth - 1);
		if (depth === 0) overlay.hidden = true;
	});
	chat.addEventListener('dragover', (event) => {
		if (!carriesFiles(event)) return;
		event.preventDefault();
		if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
		overlay.hidden = false;
	});
	chat.addEventListener('drop', (event) => {
		if (!carriesFiles(event)) return;
		event.preventDefault();
		depth = 0;
		overlay.hidden = true;
		void addDropped([...(event.dataTransfer?.files ?? [])]);
	});
	// Dropped anywhere else, a file would replace the page with itself: there it does nothing.
	for (const type of ['dragover', 'drop']) document.addEventListener(type, (event) => event.preventDefault());
}
