// @ts-check
// The playground's actions, as JSON posts: each acts as a member through the local Discord (src/playground/http.ts).
// A refusal comes back as an Error whose message is the server's sentence, which the page shows as it is.

/** @import { ClickResult, CommandResult, MemberView, Suggestions, UploadedFile } from './types.js' */

/**
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<unknown>} the answer, typed by the functions below
 */
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

/** Runs a typed command line, e.g. `/dream start story:the-thread`, as `as` in `channel`. */
export const sendCommand = (/** @type {{ as: string | null, channel: string | null, text: string }} */ body) =>
	/** @type {Promise<CommandResult>} */ (post('/api/command', body));

/** A file's bytes as base64, as the upload routes take them. */
async function base64Of(/** @type {File} */ file) {
	const url = await new Promise((resolve, reject) => {
		const reader = new FileReader();
		reader.onload = () => resolve(String(reader.result));
		reader.onerror = () => reject(reader.error);
		reader.readAsDataURL(file);
	});
	return url.slice(url.indexOf(',') + 1);
}

/** Uploads a file as `as`, for a command's attachment option: the box then names it. */
export const uploadFile = async (/** @type {{ as: string | null, file: File }} */ { as, file }) =>
	/** @type {Promise<UploadedFile>} */ (
		post('/api/attachments', { as, filename: file.name, contentType: file.type, content: await base64Of(file) })
	);

/** Uploads a dropped .ink file and runs `/dream add file:<it>` as `as` in `channel`. */
export const addDreamFile = async (
	/** @type {{ as: string | null, channel: string | null, file: File }} */ { as, channel, file },
) =>
	/** @type {Promise<CommandResult>} */ (
		post('/api/dream-file', {
			as,
			channel,
			filename: file.name,
			contentType: file.type,
			content: await base64Of(file),
		})
	);

/** What the pop-up offers for the box's text. */
export const suggest = (/** @type {{ as: string | null, channel: string | null, text: string }} */ body) =>
	/** @type {Promise<Suggestions>} */ (post('/api/suggest', body));

/** Clicks a message's button. */
export const click = (
	/** @type {{ as: string | null, channel: string, messageId: string, customId: string | undefined }} */ body,
) => /** @type {Promise<ClickResult>} */ (post('/api/click', body));

export const addMember = (/** @type {string} */ name) =>
	/** @type {Promise<MemberView>} */ (post('/api/members', { name }));

/** Gives (`on`) or takes the Moderator role. */
export const setModerator = (/** @type {string} */ memberId, /** @type {boolean} */ on) =>
	post(`/api/members/${encodeURIComponent(memberId)}/moderator`, { on });

/** A caught error's sentence. */
export const messageOf = (/** @type {unknown} */ error) => (error instanceof Error ? error.message : String(error));
