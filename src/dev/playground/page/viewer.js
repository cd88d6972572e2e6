// @ts-check
// A picture opened full size, as Discord's client opens one that is clicked: over a dark backdrop, at its natural
// size (narrower only if the window is, and then "Actual size" shows every pixel), scrolled when it is larger than
// the window, with "Open in browser". Escape, the close button or a click beside the picture closes it, and focus
// goes back to what opened it.

import { el } from './dom.js';

const picture = el('img', { alt: '' });
/** Scrolled when the picture is larger than the window; it takes focus, so the keyboard scrolls it. */
const scroller = el('section', { class: 'viewer-scroller', 'aria-label': 'The picture at full size' }, picture);
const openInBrowser = el('a', { class: 'viewer-open', target: '_blank', rel: 'noreferrer' }, 'Open in browser');
const zoom = el('button', { type: 'button', class: 'viewer-zoom', 'aria-pressed': 'false', hidden: true });
const close = el('button', { type: 'button', class: 'viewer-close', 'aria-label': 'Close' }, '×');
const bar = el('div', { class: 'viewer-bar' }, openInBrowser, zoom);
const dialog = el('dialog', { class: 'picture-viewer', id: 'picture-viewer' }, scroller, bar, close);

/** What opened the viewer, to give focus back to when it closes. */
/** @type {HTMLElement | null} */
let opener = null;

/** Whether a picture is open (the page's own shortcuts wait while it is). */
export function viewing() {
	return dialog.open;
}

/**
 * Opens `src` full size. `from` is the element clicked: focus returns to it on closing, or to the picture's
 * button drawn anew in its place if the message was redrawn meanwhile.
 * @param {string} src
 * @param {string} alt
 * @param {HTMLElement} from
 */
export function openPicture(src, alt, from) {
	opener = from;
	dialog.classList.remove('actual-size', 'zoomable');
	dialog.setAttribute('aria-label', alt);
	picture.alt = alt;
	picture.src = src;
	openInBrowser.href = src;
	zoom.hidden = true;
	dialog.showModal();
	scroller.scrollTo(0, 0);
	scroller.focus();
	picture.decode().then(showZoom, showZoom);
}

/** The zoom button is there only when the window shows the picture narrower than it is, or it is at actual size. */
function showZoom() {
	const actual = dialog.classList.contains('actual-size');
	zoom.hidden = !actual && picture.naturalWidth <= picture.clientWidth;
	zoom.textContent = actual ? 'Fit to window' : 'Actual size';
	zoom.setAttribute('aria-pressed', String(actual));
	dialog.classList.toggle('zoomable', !zoom.hidden);
}

function toggleActualSize() {
	if (!dialog.classList.contains('actual-size') && !dialog.classList.contains('zoomable')) return;
	dialog.classList.toggle('actual-size');
	showZoom();
}

export function setUpViewer() {
	scroller.tabIndex = 0;
	document.body.append(dialog);
	close.addEventListener('click', () => dialog.close());
	zoom.addEventListener('click', toggleActualSize);
	picture.addEventListener('click', toggleActualSize);
	// A click on the backdrop or beside the picture closes it; one on the picture or the bar's controls does not.
	dialog.addEventListener('click', (event) => {
		if (event.target === dialog || event.target === scroller || event.target === bar) dialog.close();
	});
	dialog.addEventListener('close', () => {
		const back =
			opener?.isConnected === true
				? opener
				: [...document.querySelectorAll('#messages .embed-image-button, #messages .v2-picture')].find(
						(button) => button instanceof HTMLElement && button.dataset.src === openInBrowser.href,
					);
		if (back instanceof HTMLElement) back.focus();
		opener = null;
	});
	window.addEventListener('resize', () => {
		if (dialog.open) showZoom();
	});
}
