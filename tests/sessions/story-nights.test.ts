import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NightEventView, NightStartView, ServerEvents } from '../../src/sessions/ports.js';
import { SteeredBackend, steeredStore } from './backend.js';
import { type Bot, CHANNEL, GUILD, trackedBots } from './harness.js';

const tracked = trackedBots();
afterEach(async () => {
	vi.useRealTimers();
	await tracked.stopAll();
});

/** The server's events and threads as a chat keeps them, recorded for the test. */
class FakeEvents implements ServerEvents {
	readonly events = new Map<string, NightEventView & { status: 'scheduled' | 'active' | 'completed' | 'canceled' }>();
	readonly threads: { id: string; parentId: string; name: string }[] = [];
	readonly announced: { channelId: string; view: NightStartView }[] = [];
	interestedIn: string[] = [];
	private next = 1;
	async create(event: NightEventView) {
		const id = `e${this.next++}`;
		this.events.set(id, { ...event, status: 'scheduled' });
		return id;
	}
	async begin(_guildId: string, eventId: string) {
		this.set(eventId, 'active');
	}
	async end(_guildId: string, eventId: string) {
		this.set(eventId, 'completed');
	}
	async cancel(_guildId: string, eventId: string) {
		this.set(eventId, 'canceled');
	}
	async interested() {
		return this.interestedIn;
	}
	async openThread(channelId: string, name: string) {
		const id = String(300000000000000000n + BigInt(this.threads.length + 1));
		this.threads.push({ id, parentId: channelId, name });
		return id;
	}
	async announce(channelId: string, view: NightStartView) {
		this.announced.push({ channelId, view });
	}
	statusOf(eventId: string | null) {
		return eventId ? this.events.get(eventId)?.status : undefined;
	}
	private set(eventId: string, status: 'active' | 'completed' | 'canceled') {
		const event = this.events.get(eventId);
		if (event) event.status = status;
	}
}

/** A bot on a fake clock set to `at`, over a store in memory, with a server in `zone`. */
function botAt(at: string, zone: string, events: FakeEvents, store = steeredStore(new SteeredBackend())): Bot {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
	vi.setSystemTime(new Date(at));
	return tracked.bot({ url: '', store, voteMs: 60_000, events, defaults: { timeZone: zone } });
}

const plan = (b: Bot, when: string, options: { weekly?: boolean; thread?: boolean } = {}) =>
	b.sessions.planNight({
		guildId: GUILD,
		channelId: CHANNEL,
		storyId: 'branching',
		when,
		weekly: options.weekly ?? false,
		thread: options.thread ?? false,
		voting: {},
		userId: 'mod',
	});

describe('a story night planned ahead', () => {
	it('GIVEN a night planned for 20:00 in Paris WHEN its time comes THEN the dream begins there, the interested are named, its event goes active and, at the dream’s end, completed', async () => {
		const events = new FakeEvents();
		const b = botAt('2026-12-12T12:00:00Z', 'Europe/Paris', events);
		const planned = await plan(b, '2026-12-12 20:00');
		expect(planned).toMatchObject({ kind: 'planned', night: { local: '2026-12-12 20:00', zone: 'Europe/Paris' } });
		if (planned.kind !== 'planned') return;
		expect(planned.night.at).toBe(Date.parse('2026-12-12T19:00:00Z'));
		expect(events.statusOf(planned.night.eventId)).toBe('scheduled');
		events.interestedIn = ['alice', 'bob'];
		await vi.advanceTimersByTimeAsync(7 * 3600_000 - 1000);
		expect(b.channel.beats(CHANNEL)).toEqual([]);
		await vi.advanceTimersByTimeAsync(2000);
		expect(events.announced).toEqual([
			{
				channelId: CHANNEL,
				view: expect.objectContaining({ interested: ['alice', 'bob'], plannedBy: 'mod', threadId: null }),
			},
		]);
		expect(events.statusOf(planned.night.eventId)).toBe('active');
		expect(await b.sessions.nightsOf(GUILD)).toEqual([]);
		const status = await b.sessions.status(CHANNEL);
		expect(status).toMatchObject({ kind: 'status', view: { startedBy: 'mod' } });
		// The dream ends when a moderator resets it: the night is over.
		await b.sessions.reset(CHANNEL, 'mod');
		await vi.advanceTimersByTimeAsync(10);
		expect(events.statusOf(planned.night.eventId)).toBe('completed');
	});

	it('GIVEN a weekly night in a thread WHEN it begins THEN a thread named after the dream and the day holds it, and next week’s night is planned with a new event', async () => {
		const events = new FakeEvents();
		const b = botAt('2026-12-10T12:00:00Z', 'UTC', events);
		const planned = await plan(b, '2026-12-12 20:00', { weekly: true, thread: true });
		if (planned.kind !== 'planned') throw new Error(planned.kind);
		await vi.advanceTimersByTimeAsync(56 * 3600_000 + 1000);
		expect(events.threads).toEqual([{ id: expect.any(String), parentId: CHANNEL, name: 'Two Doors · 2026-12-12' }]);
		const thread = events.threads[0]?.id ?? '';
		expect(await b.sessions.status(thread)).toMatchObject({ kind: 'status' });
		expect(await b.sessions.status(CHANNEL)).toEqual({ kind: 'none' });
		const [next] = await b.sessions.nightsOf(GUILD);
		expect(next).toMatchObject({ id: planned.night.id, local: '2026-12-19 20:00', weekly: true });
		expect(next?.eventId).not.toBe(planned.night.eventId);
		expect(events.statusOf(next?.eventId ?? null)).toBe('scheduled');
	});

	it('GIVEN a weekly night at 20:00 in Paris WHEN the clocks go back between two nights THEN the next is still at 20:00 there, an hour later in UTC', async () => {
		const events = new FakeEvents();
		const b = botAt('2026-10-20T12:00:00Z', 'Europe/Paris', events);
		const planned = await plan(b, '2026-10-24 20:00', { weekly: true });
		if (planned.kind !== 'planned') throw new Error(planned.kind);
		expect(planned.night.at).toBe(Date.parse('2026-10-24T18:00:00Z'));
		await vi.advanceTimersByTimeAsync(Date.parse('2026-10-24T18:00:01Z') - Date.now());
		expect(events.announced).toHaveLength(1);
		const [next] = await b.sessions.nightsOf(GUILD);
		expect(next).toMatchObject({ local: '2026-10-31 20:00', at: Date.parse('2026-10-31T19:00:00Z') });
	});

	it('GIVEN a night planned WHEN Reverie restarts before its time THEN the new start arms it and it begins on time', async () => {
		const events = new FakeEvents();
		const backend = new SteeredBackend();
		const first = botAt('2026-12-12T19:00:00Z', 'UTC', events, steeredStore(backend));
		const planned = await plan(first, 'in 2 hours');
		if (planned.kind !== 'planned') throw new Error(planned.kind);
		await tracked.stop(first);
		const second = tracked.bot({ url: '', store: steeredStore(backend), voteMs: 60_000, events });
		expect(await second.sessions.resumeNights([GUILD])).toBe(1);
		await vi.advanceTimersByTimeAsync(2 * 3600_000 + 1000);
		expect(events.statusOf(planned.night.eventId)).toBe('active');
		expect(await second.sessions.status(CHANNEL)).toMatchObject({ kind: 'status' });
	});

	it('GIVEN a night WHEN its event is cancelled in the chat THEN it does not begin; WHEN cancelled with the command THEN its event is cancelled', async () => {
		const events = new FakeEvents();
		const b = botAt('2026-12-12T12:00:00Z', 'UTC', events);
		const once = await plan(b, 'in 1 hour');
		const other = await plan(b, 'in 3 hours');
		if (once.kind !== 'planned' || other.kind !== 'planned') throw new Error('not planned');
		await b.sessions.eventGone(GUILD, once.night.eventId ?? '');
		await vi.advanceTimersByTimeAsync(2 * 3600_000);
		expect(events.announced).toEqual([]);
		expect(await b.sessions.cancelNight(GUILD, other.night.id)).toMatchObject({ kind: 'cancelled' });
		expect(events.statusOf(other.night.eventId)).toBe('canceled');
		await vi.advanceTimersByTimeAsync(2 * 3600_000);
		expect(events.announced).toEqual([]);
		expect(await b.sessions.nightsOf(GUILD)).toEqual([]);
	});

	it('GIVEN a time in the past, or unreadable THEN nothing is planned and the problem is said as a value', async () => {
		const events = new FakeEvents();
		const b = botAt('2026-12-12T12:00:00Z', 'UTC', events);
		expect(await plan(b, '2026-12-01 20:00')).toMatchObject({ kind: 'bad-time', problem: { kind: 'in-the-past' } });
		expect(await plan(b, 'whenever')).toMatchObject({ kind: 'bad-time', problem: { kind: 'unreadable' } });
		expect(events.events.size).toBe(0);
	});
});
