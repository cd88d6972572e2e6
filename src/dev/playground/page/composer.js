// @ts-check
// The message box: a slash command typed and sent as the viewer, the pop-up that suggests how to go on (commands,
// options, the bot's autocomplete, a file picker for an attachment option), and the line under the box that says why
// a command was refused.

import * as api from './api.js';
import { $, el } from './dom.js';
import { scrollToBottom } from './messages.js';
import { state } from './state.js';

/** How long the box waits after a keystroke before asking for suggestions, so fast typing asks once. */
const SUGGEST_DELAY_MS = 60;
/** How long the pop-up stays after the box loses focus, so a click on a suggestion still lands. */
const CLOSE_ON_BLUR_MS = 150;

const input = () => $('input', HTMLInputElement);

export function showError(/** @type {string} */ text) {
	const node = $('composer-error');
	node.textContent = text;
	node.hidden = false;
}

/** Says so under the box when the bot did not answer a command in time, as Discord does. */
export function showIfUnanswered(/** @type {{ failed: boolean; label: string }} */ result) {
	if (result.failed)
		showError(
			`${state.world?.bot.name} did not respond to ${result.label} in time ("The application did not respond").`,
		);
}

export function hideError() {
	$('composer-error').hidden = true;
}

/** Sends the box's command as the viewer; a refusal puts the text back and says why under the box. */
async function send() {
	const box = input();
	const text = box.value.trim();
	if (!text) return;
	closeSuggestions();
	hideError();
	box.value = '';
	try {
		const result = await api.sendCommand({ as: state.viewer, channel: state.channel, text });
		showIfUnanswered(result);
	} catch (error) {
		if (!box.value) box.value = text;
		showError(api.messageOf(error));
	}
	scrollToBottom();
}

/** @type {number | undefined} */
let suggestTimer;

/** Asks, a moment after the last keystroke, what to suggest for the box's text; only a command gets suggestions. */
export function requestSuggestions() {
	clearTimeout(suggestTimer);
	const text = input().value;
	if (!text.startsWith('/')) {
		closeSuggestions();
		return;
	}
	suggestTimer = setTimeout(async () => {
		const seq = ++state.suggestions.seq;
		try {
			const result = await api.suggest({ as: state.viewer, channel: state.channel, text });
			if (seq !== state.suggestions.seq || input().value !== text) return;
			const choosable = result.items.some((i) => i.text !== undefined);
			state.suggestions = {
				...state.suggestions,
				forText: text,
				items: result.items,
				title: result.title,
				complete: result.complete,
				navigated: false,
				active: choosable && !result.complete ? result.items.findIndex((i) => i.text !== undefined) : -1,
				upload: result.upload,
			};
			renderSuggestions();
		} catch {
			closeSuggestions();
		}
	}, SUGGEST_DELAY_MS);
}

function renderSuggestions() {
	const { items, active, title, upload } = state.suggestions;
	const box = $('suggestions');
	if (items.length === 0 && upload === undefined) {
		box.hidden = true;
		return;
	}
	box.hidden = false;
	box.replaceChildren(
		el('div', { class: 'suggestions-title' }, title),
		...(upload === undefined
			? []
			: [
					el(
						'div',
						{
							class: 'suggestion upload',
							role: 'option',
							'aria-selected': 'false',
							onmousedown: (/** @type {MouseEvent} */ event) => {
								event.preventDefault();
								openPicker(upload);
							},
						},
						el('span', { class: 'label' }, 'Upload a file…'),
						el('span', { class: 'description' }, 'from this computer'),
					),
				]),
		...items.map((item, i) =>
			el(
				'div',
				{
					class: `suggestion${i === active ? ' active' : ''}${item.text === undefined ? ' hint' : ''}`,
					role: 'option',
					'aria-selected': i === active ? 'true' : 'false',
					onmousedown: (/** @type {MouseEvent} */ event) => {
						// Keeps the focus in the box, which a blur would take away with the pop-up.
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

export function closeSuggestions() {
	clearTimeout(suggestTimer);
	const { upload: _closed, ...rest } = state.suggestions;
	state.suggestions = { ...rest, items: [], active: -1, seq: state.suggestions.seq + 1 };
	$('suggestions').hidden = true;
}

/** The box's text before the file being picked: the picker's answer comes after the pop-up has closed. */
let pickingFor = '';

/** Opens the browser's file picker for an attachment option; the file chosen is uploaded and named in the box. */
function openPicker(/** @type {string} */ head) {
	pickingFor = head;
	$('file-picker', HTMLInputElement).click();
}

/** A file's name as an option's value: quoted if it has spaces; by its id if a quote would break it. */
const fileValue = (/** @type {{ id: string, filename: string }} */ file) =>
	file.filename.includes('"') ? file.id : /\s/.test(file.filename) ? `"${file.filename}"` : file.filename;

async function uploadPicked() {
	const picker = $('file-picker', HTMLInputElement);
	const file = picker.files?.[0];
	picker.value = '';
	if (!file) return;
	hideError();
	try {
		const uploaded = await api.uploadFile({ as: state.viewer, file });
		const box = input();
		box.value = `${pickingFor}${fileValue(uploaded)} `;
		box.focus();
		requestSuggestions();
	} catch (error) {
		showError(api.messageOf(error));
	}
}

/** Puts a suggestion's text in the box, and asks what comes after it; a hint cannot be chosen. */
function choose(/** @type {number} */ index) {
	const item = state.suggestions.items[index];
	if (item?.text === undefined) return false;
	const box = input();
	box.value = item.text;
	box.focus();
	requestSuggestions();
	return true;
}

/** Moves the highlight `step` choosable suggestions down (or up), round the end. */
function move(/** @type {1 | -1} */ step) {
	const { items } = state.suggestions;
	const choosable = items.map((item, i) => (item.text === undefined ? -1 : i)).filter((i) => i >= 0);
	if (choosable.length === 0) return;
	const at = choosable.indexOf(state.suggestions.active);
	const next = choosable[(at + step + choosable.length) % choosable.length];
	state.suggestions.active = at === -1 && step < 0 ? choosable[choosable.length - 1] : next;
	state.suggestions.navigated = true;
	renderSuggestions();
}

/** Listens to the box: sending, typing, and the keys that drive the pop-up. */
export function setUpComposer() {
	$('composer').addEventListener('submit', (event) => {
		event.preventDefault();
		// send() shows its own failure in the page.
		void send();
	});

	input().addEventListener('input', () => {
		hideError();
		requestSuggestions();
	});

	input().addEventListener('keydown', (event) => {
		// Suggestions made for what the box held a keystroke ago must not decide what Enter does now.
		const open =
			!$('suggestions').hidden &&
			(state.suggestions.items.length > 0 || state.suggestions.upload !== undefined) &&
			state.suggestions.forText === input().value;
		if (!open) return;
		const { active, navigated, complete, upload } = state.suggestions;
		if ((event.key === 'Tab' || event.key === 'Enter') && upload !== undefined && active < 0 && !complete) {
			// An attachment option with no file yet: the key opens the picker, as clicking its line does.
			event.preventDefault();
			openPicker(upload);
			return;
		}
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

	// Back in the box before the pop-up closed (a click elsewhere, then typing at once): its answer must not be dropped.
	/** @type {number | undefined} */
	let closeOnBlur;
	input().addEventListener('blur', () => {
		closeOnBlur = setTimeout(closeSuggestions, CLOSE_ON_BLUR_MS);
	});
	input().addEventListener('focus', () => clearTimeout(closeOnBlur));
	$('file-picker').addEventListener('change', () => void uploadPicked());
}
