/**
 * Story nights planned ahead (`/dream schedule`): a dream that begins at a set time in a channel (or a thread of its
 * own), with the server's scheduled event for it, so members get the chat's own reminders and can say they will come.
 * The planner keeps a timer per night of the servers this process owns; at the time it opens the thread, starts the
 * dream, names who said they would come and marks the event begun; the dream's end marks it over. A weekly night moves
 * on a week as it begins, with a new event. The nights live in the store (`store/story-nights.ts`): a restart, or the
 * copy that takes the servers over, arms them again, and begins at once a night missed by less than {@link LATE_MS}.
 */
import { randomBytes } from 'node:crypto';
import type { StoryMeta } from '../engine/index.js';
import type { ChannelRecord, VotingRules } from '../store/records.js';
import { MAX_STORY_NIGHTS, type StoryNight, StoryNights } from '../store/story-nights.js';
import { meta, type SessionContext } from './context.js';
import { drive } from './driver.js';
import { metaOf } from './library.js';
import type { ServerEvents } from './ports.js';
import { startSession } from './requests.js';
import { localLabel, nextWeekly, parseWhen, type WhenProblem } from './schedule-time.js';

/** A night missed by less than this (the bot was down at its time) still begins, late; one missed by more is skipped. */
export const LATE_MS = 30 * 60_000;

/** The longest a timer may wait in Node; a night further off is looked at again then. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export interface PlanRequest {
	guildId: string;
	channelId: string;
	storyId: string;
	/** When, as a member typed it (see `parseWhen`), read in the server's time zone. */
	when: string;
	weekly: boolean;
	thread: boolean;
	voting: Partial<VotingRules>;
	userId: string;
}

/** A night as members are shown it. */
export interface NightView {
	id: string;
	story: StoryMeta | null;
	storyId: string;
	channelId: string;
	at: number;
	/** Its time as members type it, in its zone (`2026-12-12 20:00`). */
	local: string;
	zone: string;
	weekly: boolean;
	thread: boolean;
	eventId: string | null;
	createdBy: string;
}

export type PlanOutcome =
	| { kind: 'planned'; night: NightView }
	| { kind: 'bad-time'; problem: WhenProblem; zone: string }
	| { kind: 'unknown-story'; storyId: string; available: StoryMeta[] }
	| { kind: 'full'; max: number }
	/** The server's event could not be made (`detail` says what the chat said); nothing was planned. */
	| { kind: 'no-event'; detail: string };

export type CancelNightOutcome = { kind: 'cancelled'; night: NightView } | { kind: 'none' };

/** Why a night could not begin at its time; told in its channel. */
export type NightFailure = 'story-gone' | 'running' | 'no-thread' | 'no-start';

export class NightPlanner {
	private readonly nights: StoryNights;
	private readonly timers = new Map<string, NodeJS.Timeout>();
	private closed = false;

	constructor(
		private readonly ctx: SessionContext,
		private readonly events: ServerEvents | null,
	) {
		this.nights = new StoryNights(ctx.store);
	}

	/** Plans a night: checks its dream and time, makes the server's event, keeps it and arms its timer. */
	async plan(request: PlanRequest): Promise<PlanOutcome> {
		const { ctx } = this;
		const story = await ctx.library.find(request.guildId, request.storyId);
		if (!story) {
			const { builtIn, own } = await ctx.library.list(request.guildId);
			return { kind: 'unknown-story', storyId: request.storyId, available: [...builtIn.map(meta), ...own.map(metaOf)] };
		}
		const zone = (await ctx.settings.get(request.guildId)).timeZone;
		const when = parseWhen(request.when, ctx.now(), zone, ctx.options.nightLeadMs);
		if (when.kind === 'invalid') return { kind: 'bad-time', problem: when.reason, zone };
		if ((await this.nights.list(request.guildId)).length >= MAX_STORY_NIGHTS)
			return { kind: 'full', max: MAX_STORY_NIGHTS };
		let eventId: string | null = null;
		if (this.events) {
			try {
				eventId = await this.events.create({
					guildId: request.guildId,
					channelId: request.channelId,
					story: meta(story.meta),
					at: when.at,
					weekly: request.weekly,
					thread: request.thread,
				});
			} catch (error) {
				return { kind: 'no-event', detail: error instanceof Error ? error.message : String(error) };
			}
		}
		const night: StoryNight = {
			id: randomBytes(4).toString('base64url'),
			guildId: request.guildId,
			channelId: request.channelId,
			storyId: story.meta.id,
			at: when.at,
			zone,
			repeat: request.weekly ? 'weekly' : null,
			thread: request.thread,
			voting: request.voting,
			eventId,
			createdBy: request.userId,
			createdAt: ctx.now(),
		};
		const planned = await this.nights.plan(night);
		if (planned.kind === 'full') {
			if (eventId) await this.cancelEvent(night.guildId, eventId);
			return { kind: 'full', max: MAX_STORY_NIGHTS };
		}
		this.arm(night);
		ctx.log.info({ guildId: night.guildId, nightId: night.id, at: night.at }, 'story night planned');
		return { kind: 'planned', night: await this.view(night) };
	}

	/** The server's nights to come, soonest first. */
	async list(guildId: string): Promise<NightView[]> {
		return Promise.all((await this.nights.list(guildId)).map((n) => this.view(n)));
	}

	/** Cancels a night (a weekly one with all that would follow), and its event. */
	async cancel(guildId: string, nightId: string): Promise<CancelNightOutcome> {
		const changed = await this.nights.update(guildId, nightId, () => null);
		if (!changed) return { kind: 'none' };
		this.disarm(nightId);
		if (changed.before.eventId) await this.cancelEvent(guildId, changed.before.eventId);
		return { kind: 'cancelled', night: await this.view(changed.before) };
	}

	/**
	 * The server's event `eventId` was cancelled or deleted in the chat's own interface: the night it was for will not
	 * happen. A weekly night moves on to the next week, with a new event.
	 */
	async eventGone(guildId: string, eventId: string): Promise<void> {
		const night = (await this.nights.list(guildId)).find((n) => n.eventId === eventId);
		if (!night) return;
		this.ctx.log.info({ guildId, nightId: night.id }, "a story night's event was cancelled in the chat");
		// Its event is over already: only the night moves on.
		const next = await this.moveOn(night, this.ctx.now());
		if (next) this.arm(next);
		else this.disarm(night.id);
	}

	/** A dream ended (by its story or outside it): a night's event is marked over. */
	ended(record: ChannelRecord): void {
		const eventId = record.night?.eventId;
		if (!eventId || !this.events) return;
		const { events } = this;
		this.ctx.work.spawn(
			events.end(record.guildId, eventId).catch((error: unknown) => {
				this.ctx.log.warn({ err: error, guildId: record.guildId, eventId }, "could not mark a night's event over");
			}),
		);
	}

	/** Arms the nights of `guildIds` (a start, or a takeover of their servers); begins any missed by less than {@link LATE_MS}. */
	async resume(guildIds: Iterable<string>): Promise<number> {
		let armed = 0;
		for (const guildId of guildIds) {
			// Another copy took the servers over, or this one stops: the rest are not this planner's to arm.
			if (this.closed) break;
			let nights: StoryNight[];
			try {
				nights = await this.nights.list(guildId);
			} catch (error) {
				this.ctx.log.error({ err: error, guildId }, 'could not read the story nights');
				continue;
			}
			for (const night of nights) {
				this.arm(night);
				armed++;
			}
		}
		return armed;
	}

	/** Stops every timer: another process owns the servers now, or this one stops. */
	close(): void {
		this.closed = true;
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
	}

	private arm(night: StoryNight): void {
		if (this.closed) return;
		this.disarm(night.id);
		const wait = Math.min(Math.max(0, night.at - this.ctx.now()), LONGEST_TIMER_MS);
		const timer = setTimeout(() => {
			this.timers.delete(night.id);
			this.ctx.work.spawn(this.due(night.guildId, night.id));
		}, wait);
		this.timers.set(night.id, timer);
	}

	private disarm(nightId: string): void {
		clearTimeout(this.timers.get(nightId));
		this.timers.delete(nightId);
	}

	/** A night's timer fired: it begins if its time has come (late by less than {@link LATE_MS}), or is skipped. */
	private async due(guildId: string, nightId: string): Promise<void> {
		if (this.closed) return;
		const night = (await this.nights.list(guildId)).find((n) => n.id === nightId);
		if (!night) return;
		const now = this.ctx.now();
		if (night.at > now) return this.arm(night);
		if (now - night.at > LATE_MS) {
			this.ctx.log.warn({ guildId, nightId }, 'a story night was missed (Reverie was not running): skipped');
			return this.skip(night, now);
		}
		await this.begin(night, now);
	}

	/** The night will not happen: its event is cancelled; a weekly one moves on to its next week. */
	private async skip(night: StoryNight, now: number): Promise<void> {
		const next = await this.moveOn(night, now);
		if (night.eventId) await this.cancelEvent(night.guildId, night.eventId);
		if (next) this.arm(next);
	}

	/** Takes the night out of the list, or, weekly, moves it on to its next week with a new event. */
	private async moveOn(night: StoryNight, now: number): Promise<StoryNight | null> {
		const changed = await this.nights.update(night.guildId, night.id, (n) =>
			n.repeat === 'weekly' ? { ...n, at: nextWeekly(n.at, n.zone, now), eventId: null } : null,
		);
		const next = changed?.after ?? null;
		if (!next || !this.events) return next;
		const story = await this.ctx.library.find(next.guildId, next.storyId);
		if (!story) return next;
		try {
			const eventId = await this.events.create({
				guildId: next.guildId,
				channelId: next.channelId,
				story: meta(story.meta),
				at: next.at,
				weekly: true,
				thread: next.thread,
			});
			const kept = await this.nights.update(next.guildId, next.id, (n) => ({ ...n, eventId }));
			return kept?.after ?? next;
		} catch (error) {
			this.ctx.log.warn({ err: error, guildId: next.guildId, nightId: next.id }, "could not make a night's event");
			return next;
		}
	}

	/** The night's time has come: a thread if asked, the dream started, who said they would come, the event begun. */
	private async begin(night: StoryNight, now: number): Promise<void> {
		const { ctx } = this;
		const next = await this.moveOn(night, now);
		if (next) this.arm(next);
		const fail = async (why: NightFailure, where = night.channelId) => {
			ctx.log.warn({ guildId: night.guildId, nightId: night.id, why }, 'a story night could not begin');
			if (night.eventId) await this.cancelEvent(night.guildId, night.eventId);
			await ctx.notify(where, {
				story: null,
				storyId: night.storyId,
				notice: { kind: 'night-failed', why },
			});
		};
		const story = await ctx.library.find(night.guildId, night.storyId);
		if (!story) return fail('story-gone');
		let channelId = night.channelId;
		if (night.thread) {
			if (!this.events) return fail('no-thread');
			try {
				channelId = await this.events.openThread(night.channelId, threadName(story.meta.title, night.at, night.zone));
			} catch (error) {
				ctx.log.warn({ err: error, channelId: night.channelId }, 'could not open a thread for a story night');
				return fail('no-thread');
			}
		}
		const started = await startSession(ctx, {
			guildId: night.guildId,
			channelId,
			storyId: night.storyId,
			userId: night.createdBy,
			voting: night.voting,
			parentId: night.thread ? night.channelId : null,
			night: { scheduleId: night.id, eventId: night.eventId },
			deferTelling: true,
		});
		if (started.kind !== 'started') return fail(started.kind === 'already-running' ? 'running' : 'no-start', channelId);
		if (this.events && night.eventId) {
			const { events } = this;
			const eventId = night.eventId;
			const interested = await events.interested(night.guildId, eventId).catch(() => []);
			await events
				.announce(channelId, {
					story: started.story,
					plannedBy: night.createdBy,
					interested,
					threadId: night.thread ? channelId : null,
				})
				.catch((error: unknown) => ctx.log.warn({ err: error, channelId }, 'could not announce a story night'));
			await events
				.begin(night.guildId, eventId)
				.catch((error: unknown) => ctx.log.warn({ err: error, eventId }, "could not mark a night's event begun"));
		}
		ctx.log.info({ guildId: night.guildId, nightId: night.id, channelId }, 'story night began');
		ctx.work.spawn(drive(ctx, channelId));
	}

	private async cancelEvent(guildId: string, eventId: string): Promise<void> {
		await this.events
			?.cancel(guildId, eventId)
			.catch((error: unknown) => this.ctx.log.warn({ err: error, eventId }, "could not cancel a night's event"));
	}

	private async view(night: StoryNight): Promise<NightView> {
		const story = await this.ctx.library.find(night.guildId, night.storyId);
		return {
			id: night.id,
			story: story ? meta(story.meta) : null,
			storyId: night.storyId,
			channelId: night.channelId,
			at: night.at,
			local: localLabel(night.at, night.zone),
			zone: night.zone,
			weekly: night.repeat === 'weekly',
			thread: night.thread,
			eventId: night.eventId,
			createdBy: night.createdBy,
		};
	}
}

/** A dream's thread: its name and the day, in the server's zone (at most 100 characters, as threads' names are). */
export function threadName(title: string, at: number, zone: string): string {
	const day = localLabel(at, zone).slice(0, 10);
	const suffix = ` · ${day}`;
	return `${title.slice(0, 100 - suffix.length)}${suffix}`;
}
