// @ts-check
// What the page knows: the world and messages from the server's stream, and what this page's person is doing
// (who they act as, which channel they look at, which clicks are on their way). One object, changed by the stream
// and by the person's actions, and drawn from by the renderers.

/** @import { MessageView, ScheduledEventView, Suggestion, ThreadView, WorldView } from './types.js' */
/** @import { Names } from './markdown.js' */

/**
 * The suggestion pop-up over the message box.
 * @typedef {object} SuggestionsState
 * @property {Suggestion[]} items
 * @property {number} active the highlighted item, or -1
 * @property {boolean} navigated whether the arrows moved the highlight since the items came
 * @property {boolean} complete whether the box holds a command that can be sent
 * @property {number} seq counts requests, so an answer to an older one is dropped
 * @property {string} [forText] the box's text the items were made for
 * @property {string} [title]
 * @property {string} [upload] for an attachment option: the box's text before the file the picker completes
 */

export const state = {
	/** @type {WorldView | null} */
	world: null,
	/** The member this page acts as: remembered across reloads. */
	viewer: localStorage.getItem('reverie.viewer'),
	channel: localStorage.getItem('reverie.channel'),
	/** @type {Map<string, MessageView[]>} channel (or thread) id → messages in order, as the viewer sees them */
	messages: new Map(),
	/** @type {ThreadView[]} the threads the viewer sees, archived ones included */
	threads: [],
	/** @type {ScheduledEventView[]} the server's scheduled events, finished ones included */
	events: [],
	/** @type {string | null} the thread whose moderation menu is open */
	threadMenu: null,
	/** @type {string | null} what a first click on "Delete" asked to delete ("thread:<id>", "event:<id>") */
	confirming: null,
	/** @type {Set<string>} channels with messages the viewer has not looked at */
	unread: new Set(),
	/** @type {Map<string, { name: string, userId: string, until: number }>} channel id → who is typing there */
	typing: new Map(),
	/** @type {Map<string, string>} message id → text of a failed interaction under it */
	failures: new Map(),
	/** @type {Set<string>} "messageId customId" of buttons whose click is on its way */
	pending: new Set(),
	/** @type {Set<string>} ephemeral messages the viewer dismissed */
	dismissed: new Set(),
	/** @type {EventSource | null} */
	stream: null,
	/** @type {SuggestionsState} */
	suggestions: { items: [], active: -1, navigated: false, complete: false, seq: 0 },
};

/** The member this page acts as. */
export const me = () => state.world?.members.find((m) => m.id === state.viewer);

export const threadOf = (/** @type {string | null} */ id) => state.threads.find((t) => t.id === id);

/** A text channel or a thread, by id: both are places a member reads and acts in. */
export const channelOf = (/** @type {string | null} */ id) =>
	state.world?.channels.find((c) => c.id === id) ?? threadOf(id);

/** A member's or the bot's name; "someone" for one the world does not know. */
export function nameOf(/** @type {string} */ id) {
	if (id === state.world?.bot.id) return state.world.bot.name;
	return state.world?.members.find((m) => m.id === id)?.name ?? 'someone';
}

/** @type {Names} the names mentions are drawn with, as the world has them now */
export const names = {
	member: nameOf,
	role: (id) => state.world?.roles.find((r) => r.id === id)?.name,
	channel: (id) => channelOf(id)?.name,
};
