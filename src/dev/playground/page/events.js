// @ts-check
// The server's scheduled events, in a panel under the channel list: each one's name, when it starts (in the
// viewer's time), its status and how many are interested; the member the page acts as marks themself interested
// or not, and a moderator cancels one that has not begun, or deletes one, as Discord's own interface lets them.

import * as api from './api.js';
import { $, el } from './dom.js';
import { toast } from './notices.js';
import { me, state } from './state.js';
import { absolute } from './time.js';

/** @import { EventStatus, ScheduledEventView } from './types.js' */

/** @type {Record<EventStatus, string>} */
const STATUS_LABELS = { scheduled: 'Scheduled', active: 'Active', completed: 'Completed', canceled: 'Canceled' };

/** Draws the panel, its count in its heading. */
export function renderEvents() {
	const { events } = state;
	$('events-count').textContent = String(events.length);
	$('events').replaceChildren(
		...(events.length > 0
			? events.map(eventItem)
			: [el('li', { class: 'events-empty' }, 'No events. /dream schedule plan makes one for a story night.')]),
	);
}

function eventItem(/** @type {ScheduledEventView} */ event) {
	const moderator = Boolean(me()?.moderator);
	const finished = event.status === 'completed' || event.status === 'canceled';
	const confirming = state.confirming === `event:${event.id}`;
	const start = new Date(event.start);
	return el(
		'li',
		{ class: `event ${event.status}`, dataset: { event: event.name } },
		el(
			'div',
			{ class: 'event-head' },
			el('span', { class: `event-status ${event.status}` }, STATUS_LABELS[event.status]),
			el('time', { class: 'event-start', datetime: event.start, title: start.toString() }, absolute(start, 'f')),
		),
		el('div', { class: 'event-name' }, event.name),
		event.location ? el('div', { class: 'event-location' }, event.location) : null,
		el(
			'div',
			{ class: 'event-actions' },
			el(
				'button',
				{
					class: `event-interested${event.interested ? ' on' : ''}`,
					type: 'button',
					'aria-pressed': event.interested ? 'true' : 'false',
					disabled: finished,
					title: finished
						? 'This event is over'
						: event.interested
							? 'You are interested: click to no longer be'
							: 'Mark yourself interested',
					onclick: () => act(api.setInterested(event.id, state.viewer, !event.interested)),
				},
				el('span', { class: 'star', 'aria-hidden': 'true' }, event.interested ? '★' : '☆'),
				' Interested',
			),
			el('span', { class: 'interested-count' }, `${event.interestedCount} interested`),
		),
		moderator
			? el(
					'div',
					{ class: 'event-moderation' },
					event.status === 'scheduled'
						? el(
								'button',
								{ class: 'event-cancel', type: 'button', onclick: () => act(api.cancelEvent(event.id, state.viewer)) },
								'Cancel',
							)
						: null,
					el(
						'button',
						{
							class: `event-delete${confirming ? ' confirming' : ''}`,
							type: 'button',
							'data-confirm': true,
							onclick: () => {
								if (confirming) void act(api.deleteEvent(event.id, state.viewer));
								else {
									state.confirming = `event:${event.id}`;
									renderEvents();
								}
							},
						},
						confirming ? 'Click again to delete' : 'Delete',
					),
				)
			: null,
	);
}

/** Sends the action; the stream brings the event as it now is. */
async function act(/** @type {Promise<unknown>} */ request) {
	state.confirming = null;
	try {
		await request;
	} catch (error) {
		toast(api.messageOf(error), 'error');
		renderEvents();
	}
}
