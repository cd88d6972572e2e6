// @ts-check
// The playground's actions, as JSON posts: each acts as a member through the local Discord (src/playground/http.ts).
// A refusal comes back as an Error whose message is the server's sentence, which the page shows as it is.

/** @import { ClickResult, CommandResult, MemberView, MessageView, Suggestions, UploadedFile } from './types.js' */

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

/** A channel's or a thread's messages as `as` sees them: for a thread that came into view after the snapshot. */
export async function messagesOf(/** @type {string} */ channel, /** @type {string | null} */ as) {
	const response = await fetch(
		`/api/channels/${encodeURIComponent(channel)}/messages?as=${encodeURIComponent(as ?? '')}`,
	);
	const value = await response.json();
	if (!response.ok) throw new Error(value.error ?? `The playground answered ${response.status}.`);
	return /** @type {MessageView[]} */ (value);
}

/** Archives a thread (`on`) or opens it again, as `as`: its starter or a moderator. */
export const setThreadArchived = (
	/** @type {string} */ id,
	/** @type {string | null} */ as,
	/** @type {boolean} */ on,
) => post(`/api/threads/${encodeURIComponent(id)}/archived`, { as, on });

/** Locks a thread (`on`) or unlocks it, as `as`, a moderator. */
export const setThreadLocked = (/** @type {string} */ id, /** @type {string | null} */ as, /** @type {boolean} */ on) =>
	post(`/api/threads/${encodeURIComponent(id)}/locked`, { as, on });

/** Deletes a thread, as `as`, a moderator. */
export const deleteThread = (/** @type {string} */ id, /** @type {string | null} */ as) =>
	post(`/api/threads/${encodeURIComponent(id)}/delete`, { as });

/** Marks `as` interested in a scheduled event (`on`), or no longer. */
export const setInterested = (/** @type {string} */ id, /** @type {string | null} */ as, /** @type {boolean} */ on) =>
	post(`/api/scheduled-events/${encodeURIComponent(id)}/interested`, { as, on });

/** Cancels a scheduled event that has not begun, as `as`, a moderator. */
export const cancelEvent = (/** @type {string} */ id, /** @type {string | null} */ as) =>
	post(`/api/scheduled-events/${encodeURIComponent(id)}/cancel`, { as });

/** Deletes a scheduled event, as `as`, a moderator. */
export const deleteEvent = (/** @type {string} */ id, /** @type {string | null} */ as) =>
	post(`/api/scheduled-events/${encodeURIComponent(id)}/delete`, { as });

/** A caught error's sentence. */
export const messageOf = (/** @type {unknown} */ error) => (error instanceof Error ? error.message : String(error));
