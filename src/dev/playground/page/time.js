// @ts-check
// Times as Discord writes them: a message's stamp, and the `<t:UNIX:STYLE>` timestamps Reverie puts in its text.
// No DOM here, so the markdown that uses it can be tested outside a browser.

export const EPOCH_SECOND = 1000;

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/** "in 12 seconds", "3 minutes ago": the `R` style, counted from now. */
export function relative(/** @type {Date} */ date) {
	const seconds = Math.round((date.getTime() - Date.now()) / 1000);
	const abs = Math.abs(seconds);
	if (abs < 60) return relativeFormat.format(seconds, 'second');
	if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute');
	if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
	if (abs < 30 * 86_400) return relativeFormat.format(Math.round(seconds / 86_400), 'day');
	if (abs < 365 * 86_400) return relativeFormat.format(Math.round(seconds / (30 * 86_400)), 'month');
	return relativeFormat.format(Math.round(seconds / (365 * 86_400)), 'year');
}

/** @type {Record<string, Intl.DateTimeFormatOptions>} */
const ABSOLUTE_STYLES = {
	t: { timeStyle: 'short' },
	T: { timeStyle: 'medium' },
	d: { dateStyle: 'short' },
	D: { dateStyle: 'long' },
	f: { dateStyle: 'long', timeStyle: 'short' },
	F: { dateStyle: 'full', timeStyle: 'short' },
};

/** The date in one of Discord's absolute styles (`t`, `T`, `d`, `D`, `f`, `F`), in the reader's locale. */
export function absolute(/** @type {Date} */ date, /** @type {string} */ style) {
	return date.toLocaleString(undefined, ABSOLUTE_STYLES[style]);
}

/** A message's stamp beside its author: "Today at 14:05", or the date for an older one. */
export function when(/** @type {string} */ iso) {
	const date = new Date(iso);
	const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
	const today = new Date().toDateString() === date.toDateString();
	return today ? `Today at ${time}` : `${date.toLocaleDateString()} ${time}`;
}
