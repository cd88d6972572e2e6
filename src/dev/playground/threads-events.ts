/**
 * The server's threads and scheduled events as the page shows them, and what a member or a moderator does to them in
 * Discord's own interface: archive, lock or delete a thread; mark themself interested in an event, cancel or delete
 * one. Each action goes through the local Discord's own helpers (`discord.threads`, `discord.scheduledEvents`), so
 * the bot hears of it as it would from Discord.
 */
import { ChannelType, GuildScheduledEventStatus } from 'discord-api-types/v10';
import type { LocalDiscord, ScheduledEvent, Thread } from '../local-discord/server.js';
import { canView } from '../local-discord/thread-model.js';
import type { Guild } from '../local-discord/world.js';
import { RequestError } from './page-server.js';
import { holdsModeratorRole } from './world.js';

/** A thread as the page lists it, under its channel. */
export interface ThreadView {
	id: string;
	/** The text channel it is in. */
	parentId: string;
	name: string;
	/** Who started it. */
	ownerId: string;
	private: boolean;
	archived: boolean;
	locked: boolean;
	createdAt: string;
}

/** Discord's statuses of a scheduled event, by name. */
export type EventStatus = 'scheduled' | 'active' | 'completed' | 'canceled';

/** A scheduled event as the page lists it, for one member. */
export interface ScheduledEventView {
	id: string;
	name: string;
	description: string | null;
	/** ISO 8601. */
	start: string;
	end: string | null;
	status: EventStatus;
	/** Where it happens: an external event's location (Reverie names the channel). */
	location: string | null;
	/** How many members are interested in it (Discord's `user_count`). */
	interestedCount: number;
	/** Whether the member the page acts as is one of them. */
	interested: boolean;
}

/** An action of the page on a thread or an event, as its path names it. */
export type Action =
	| { on: 'thread'; id: string; verb: 'archived' | 'locked' | 'delete' }
	| { on: 'event'; id: string; verb: 'interested' | 'cancel' | 'delete' };

const STATUS: Record<GuildScheduledEventStatus, EventStatus> = {
	[GuildScheduledEventStatus.Scheduled]: 'scheduled',
	[GuildScheduledEventStatus.Active]: 'active',
	[GuildScheduledEventStatus.Completed]: 'completed',
	[GuildScheduledEventStatus.Canceled]: 'canceled',
};

const THREAD_ACTION = /^\/api\/threads\/([^/]+)\/(archived|locked|delete)$/;
const EVENT_ACTION = /^\/api\/scheduled-events\/([^/]+)\/(interested|cancel|delete)$/;

/** The action a POST's path names, or undefined for a path that is not one of these. */
export function actionOf(pathname: string): Action | undefined {
	const thread = THREAD_ACTION.exec(pathname);
	if (thread?.[1] && thread[2])
		return { on: 'thread', id: decodeURIComponent(thread[1]), verb: thread[2] as 'archived' | 'locked' | 'delete' };
	const event = EVENT_ACTION.exec(pathname);
	if (event?.[1] && event[2])
		return { on: 'event', id: decodeURIComponent(event[1]), verb: event[2] as 'interested' | 'cancel' | 'delete' };
	return undefined;
}

const byId = (a: { id: string }, b: { id: string }) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1);

export class ThreadsAndEvents {
	constructor(
		private readonly discord: LocalDiscord,
		private readonly guild: Guild,
	) {}

	/** The threads `viewer` sees (a private one only by its members), archived ones included, oldest first. */
	threads(viewer: string): ThreadView[] {
		return this.guild.threads
			.filter((t) => canView(this.guild, t, viewer))
			.sort(byId)
			.map((t) => ({
				id: t.id,
				parentId: t.parentId,
				name: t.name,
				ownerId: t.ownerId,
				private: t.type === ChannelType.PrivateThread,
				archived: t.archived,
				locked: t.locked,
				createdAt: t.createdAt,
			}));
	}

	/** The server's scheduled events (finished ones included), soonest first, as `viewer` sees them. */
	events(viewer: string): ScheduledEventView[] {
		return [...this.guild.scheduledEvents]
			.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || byId(a, b))
			.map((e) => ({
				id: e.id,
				name: e.name,
				description: e.description,
				start: e.start,
				end: e.end,
				status: STATUS[e.status],
				location: e.location,
				interestedCount: e.subscribers.size,
				interested: e.subscribers.has(viewer),
			}));
	}

	/** A thread of this server that `viewer` sees, or undefined (none of that id, or a private one not theirs). */
	visibleThread(id: unknown, viewer: string): Thread | undefined {
		const thread = this.guild.threads.find((t) => t.id === id);
		return thread && canView(this.guild, thread, viewer) ? thread : undefined;
	}

	/** Whether `viewer` sees what is posted in a channel: any text channel, a thread only if they may view it. */
	sees(channelId: string, viewer: string): boolean {
		if (this.guild.channels.some((c) => c.id === channelId)) return true;
		return this.visibleThread(channelId, viewer) !== undefined;
	}

	/** Does what the page asked, as `user`; answers the thread or the event as it now is (or that it is gone). */
	act(action: Action, user: string, body: Record<string, unknown>) {
		return action.on === 'thread' ? this.onThread(action, user, body) : this.onEvent(action, user, body);
	}

	private onThread(action: Extract<Action, { on: 'thread' }>, user: string, body: Record<string, unknown>) {
		const thread = this.visibleThread(action.id, user);
		if (!thread) throw new RequestError(`There is no thread ${action.id}.`, 404);
		const moderator = holdsModeratorRole(this.guild, user);
		if (action.verb === 'delete') {
			if (!moderator) throw new RequestError('Only a moderator can delete a thread.', 403);
			this.discord.threads.delete(thread.id);
			return { id: thread.id, deleted: true };
		}
		const on = wanted(body);
		if (action.verb === 'locked') {
			if (!moderator) throw new RequestError('Only a moderator can lock or unlock a thread.', 403);
			this.discord.threads.lock(thread.id, on);
		} else {
			// As on Discord: its starter may close or reopen a thread, but only a moderator reopens a locked one.
			if (!moderator && thread.ownerId !== user)
				throw new RequestError('Only a moderator or the member who started a thread can archive it.', 403);
			if (!moderator && thread.locked && !on)
				throw new RequestError(`“${thread.name}” is locked: only a moderator can open it again.`, 403);
			if (on) this.discord.threads.archive(thread.id);
			else this.discord.threads.unarchive(thread.id);
		}
		return this.threads(user).find((t) => t.id === thread.id);
	}

	private onEvent(action: Extract<Action, { on: 'event' }>, user: string, body: Record<string, unknown>) {
		const event = this.guild.scheduledEvents.find((e) => e.id === action.id);
		if (!event) throw new RequestError(`There is no scheduled event ${action.id}.`, 404);
		const moderator = holdsModeratorRole(this.guild, user);
		if (action.verb === 'interested') {
			const on = wanted(body);
			if (finished(event)) throw new RequestError(`“${event.name}” is over: no one can mark interest in it now.`);
			this.discord.scheduledEvents.interested(event.id, user, on);
		} else if (!moderator) {
			throw new RequestError(`Only a moderator can ${action.verb} an event.`, 403);
		} else if (action.verb === 'cancel') {
			if (event.status !== GuildScheduledEventStatus.Scheduled)
				throw new RequestError(
					`“${event.name}” is ${STATUS[event.status]}: only an event that has not begun can be canceled.`,
				);
			this.discord.scheduledEvents.cancel(event.id);
		} else {
			this.discord.scheduledEvents.delete(event.id);
			return { id: event.id, deleted: true };
		}
		return this.events(user).find((e) => e.id === event.id);
	}
}

function finished(event: ScheduledEvent): boolean {
	return event.status === GuildScheduledEventStatus.Completed || event.status === GuildScheduledEventStatus.Canceled;
}

/** The `on` of a toggle's body: whether to set it or take it off. */
function wanted(body: Record<string, unknown>): boolean {
	if (typeof body.on !== 'boolean')
		throw new RequestError('Say whether to set it or take it off ("on": true or false).');
	return body.on;
}
