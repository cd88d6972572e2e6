import { afterEach, describe, expect, it } from 'vitest';
import type { CommandOption } from '../../src/dev/local-discord/members.js';
import { waitFor } from '../helpers.js';
import { finalAnswer, playOn } from './adding.js';
import { closeScene, layoutTexts, QUICK_TIMINGS, Scene, textOf } from './harness.js';

const STRING = 3;
const BOOLEAN = 5;
const SUBCOMMAND = 1;
const GROUP = 2;

/** A story night may be planned a few seconds ahead here (tests only), so its time comes within the test. */
const LEAD = { TEST_NIGHT_LEAD_SECONDS: '2' };

let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

/** A member runs `/dream schedule <sub>` in a channel. */
const schedule = (s: Scene, user: string, sub: string, options: CommandOption[] = []) =>
	s.discord.command({
		user,
		channel: 'dreams',
		name: 'dream',
		options: [{ type: GROUP, name: 'schedule', options: [{ type: SUBCOMMAND, name: sub, options }] }],
	});

/** Carol, a moderator, plans The Stair in #dreams for `when`, once, in the channel itself. */
const planStair = (s: Scene, when: string) =>
	schedule(s, 'Carol', 'plan', [
		{ type: STRING, name: 'story', value: 'the-stair' },
		{ type: STRING, name: 'when', value: when },
	]);

/** A Discord timestamp `seconds` from now, as a member pastes one. */
const inSeconds = (seconds: number) => `<t:${Math.ceil(Date.now() / 1000) + seconds}:F>`;

const eventsOf = (s: Scene) => s.discord.scheduledEvents.list(s.guildId);

describe('story nights', () => {
	it('GIVEN a weekly night planned in a thread and Reverie restarted before its time WHEN the time comes THEN the dream begins in a thread naming who is interested, its event is active, then completed at the ending, and next week’s is planned', async () => {
		const s = await Scene.open(LEAD, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		const planned = await schedule(s, 'Carol', 'plan', [
			{ type: STRING, name: 'story', value: 'the-corridor' },
			{ type: STRING, name: 'when', value: inSeconds(8) },
			{ type: STRING, name: 'repeat', value: 'weekly' },
			{ type: BOOLEAN, name: 'thread', value: true },
		]);
		const said = await finalAnswer(s, planned);
		expect(said).toMatch(
			/^Planned: \*\*The Corridor\*\* in <#\d+> <t:\d+:F> \(<t:\d+:R>\), \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\), every week, in a thread of its own\./,
		);
		const [event] = eventsOf(s);
		expect(event).toMatchObject({ name: 'Story night: The Corridor', status: 1, entity_type: 3 });
		expect(event?.entity_metadata?.location).toBe('#dreams');
		if (!event) throw new Error('no event');
		s.discord.scheduledEvents.interested(event.id, 'Bob');

		// Reverie restarts before the time: the night is kept in the store and armed again.
		expect(await s.stopBot()).toBe(0);
		await s.startBot();

		const thread = await waitFor(
			'the night’s thread',
			() => s.discord.threads.of(s.guildId).find((t) => t.name.startsWith('The Corridor')),
			{ timeoutMs: 30_000, intervalMs: 100 },
		);
		const bob = s.discord.member(s.discord.guild('Dreamers'), 'Bob').user.id;
		const announced = await waitFor('the announcement', () =>
			s.public(thread.id).find((m) => layoutTexts(m).some((t) => t.includes('Story night: The Corridor'))),
		);
		expect(textOf(announced)).toContain(`Said they would come: <@${bob}>`);
		// The event is marked active just after the announcement goes out.
		await waitFor('the event active', () => s.discord.scheduledEvents.find(event.id).event.status === 2);

		const ending = await playOn(s, thread.id);
		expect(ending).toMatch(/The end/);
		await waitFor('the event completed', () => s.discord.scheduledEvents.find(event.id).event.status === 3);

		// Next week's night, with an event of its own, a week later to the minute (UTC has no daylight saving).
		const next = eventsOf(s).find((e) => e.id !== event.id);
		expect(next).toMatchObject({ status: 1, name: 'Story night: The Corridor' });
		expect(Date.parse(next?.scheduled_start_time ?? '') - Date.parse(event.scheduled_start_time)).toBe(7 * 86_400_000);
		const list = await schedule(s, 'Dave', 'list');
		expect(await finalAnswer(s, list)).toContain('**The Corridor** in <#');
		s.expectClean();
	});

	it('GIVEN a night planned WHEN its event is cancelled in Discord THEN the night is cancelled; WHEN a moderator cancels one with the command THEN its event is cancelled', async () => {
		const s = await Scene.open(LEAD, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		const plan = (when: string) => planStair(s, when);
		await finalAnswer(s, await plan('in 1 hour'));
		await finalAnswer(s, await plan('in 2 hours'));
		const [soon, later] = eventsOf(s).toSorted((a, b) => a.scheduled_start_time.localeCompare(b.scheduled_start_time));
		if (!soon || !later) throw new Error('two events expected');
		s.discord.scheduledEvents.cancel(soon.id);
		await waitFor('the night to leave the list', async () => {
			const answer = await finalAnswer(s, await schedule(s, 'Dave', 'list'));
			return answer.split('\n').length === 2 ? answer : undefined;
		});
		// That it then does not begin at its time is the sessions' test (on a fake clock, tests/sessions/story-nights).

		const listed = await finalAnswer(s, await schedule(s, 'Dave', 'list'));
		const id = /`([A-Za-z0-9_-]+)`/.exec(listed)?.[1] ?? '';
		const notModerator = await schedule(s, 'Dave', 'cancel', [{ type: STRING, name: 'night', value: id }]);
		expect(await finalAnswer(s, notModerator)).toMatch(/moderator/i);
		const cancelled = await schedule(s, 'Carol', 'cancel', [{ type: STRING, name: 'night', value: id }]);
		expect(await finalAnswer(s, cancelled)).toMatch(/^Cancelled: \*\*The Stair\*\*/);
		expect(s.discord.scheduledEvents.find(later.id).event.status).toBe(4);
		expect(await finalAnswer(s, await schedule(s, 'Dave', 'list'))).toContain('No story nights are planned');
		s.expectClean();
	});

	it('GIVEN a time members mistype or one already past WHEN planned THEN the moderator is told how to write it, and nothing is planned', async () => {
		const s = await Scene.open(LEAD, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		const plan = (when: string) => planStair(s, when);
		expect(await finalAnswer(s, await plan('next blue moon'))).toContain(
			'I could not read that time. Try `2026-12-12 20:00`',
		);
		expect(await finalAnswer(s, await plan('2020-01-01 20:00'))).toContain('has already passed');
		expect(eventsOf(s)).toEqual([]);
		s.expectClean();
	});
});
