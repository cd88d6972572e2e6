import {
	type Client,
	type DiscordAPIError,
	Events,
	GatewayDispatchEvents,
	type GatewayDispatchPayload,
	GatewayIntentBits,
	type Guild,
	GuildScheduledEventEntityType,
	GuildScheduledEventPrivacyLevel,
	GuildScheduledEventRecurrenceRuleFrequency,
	GuildScheduledEventRecurrenceRuleWeekday,
	GuildScheduledEventStatus,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/dev/local-discord/server.js';
import type { PermissionName } from '../../src/dev/local-discord/world.js';
import { waitFor } from '../helpers.js';
import { readyClient, restCall } from './client.js';

let discord: LocalDiscord;
let client: Client;
let guild: Guild;
let packets: GatewayDispatchPayload[];

const HOUR = 3_600_000;

async function start(botPermissions?: PermissionName[]) {
	discord = await LocalDiscord.start({
		world: {
			guilds: [
				{
					name: 'G',
					channels: [{ name: 'dreams' }],
					members: [{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }],
					...(botPermissions ? { botPermissions } : {}),
				},
			],
		},
	});
	client = await readyClient(discord.apiUrl, discord.token, [
		GatewayIntentBits.Guilds,
		GatewayIntentBits.GuildScheduledEvents,
	]);
	guild = client.guilds.cache.first() as Guild;
	packets = [];
	client.on(Events.Raw, (packet: GatewayDispatchPayload) => packets.push(packet));
}

beforeEach(async () => start());
afterEach(async () => {
	await client.destroy();
	await discord.stop();
});

const call = (method: string, path: string, body?: unknown) =>
	restCall(discord.apiUrl, discord.token)(method, path, body);
const idOf = (name: string) => discord.member(discord.guild('G'), name).user.id;
/** A dream night, as Reverie would announce it: an EXTERNAL event in a channel's name, an hour from now. */
const night = (overrides: Record<string, unknown> = {}) => ({
	name: 'A night of dreams',
	privacy_level: 2,
	entity_type: 3,
	entity_metadata: { location: '#dreams' },
	scheduled_start_time: new Date(Date.now() + HOUR).toISOString(),
	scheduled_end_time: new Date(Date.now() + 2 * HOUR).toISOString(),
	...overrides,
});
const createNight = () =>
	guild.scheduledEvents.create({
		name: 'A night of dreams',
		privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
		entityType: GuildScheduledEventEntityType.External,
		entityMetadata: { location: '#dreams' },
		scheduledStartTime: Date.now() + HOUR,
		scheduledEndTime: Date.now() + 2 * HOUR,
		description: 'Bring a story',
	});
/** The data of each dispatch of that event the bot's client heard. */
const heard = (event: GatewayDispatchEvents) =>
	packets.filter((p) => p.t === event).map((p) => p.d as unknown as Record<string, unknown>);
type FormAnswer = { code: number; errors: Record<string, { _errors?: { code: string }[] } & Record<string, unknown>> };

describe('guild scheduled events in the local Discord', () => {
	it('GIVEN a bot with Manage Events WHEN it creates an EXTERNAL event THEN Discord answers it scheduled, made by the bot, and the gateway says GUILD_SCHEDULED_EVENT_CREATE', async () => {
		const event = await createNight();
		expect(event).toMatchObject({
			name: 'A night of dreams',
			description: 'Bring a story',
			status: GuildScheduledEventStatus.Scheduled,
			entityType: GuildScheduledEventEntityType.External,
			channelId: null,
			creatorId: client.user?.id,
			userCount: 0,
			entityMetadata: { location: '#dreams' },
		});
		expect(event.creator?.id).toBe(client.user?.id);
		await waitFor('CREATE', () => heard(GatewayDispatchEvents.GuildScheduledEventCreate).length === 1);
		expect(discord.scheduledEvents.list('G')).toEqual([expect.objectContaining({ id: event.id, user_count: 0 })]);
		expect(discord.violations).toEqual([]);
	});

	it('GIVEN a bot that identified without the Guild Scheduled Events intent WHEN events change THEN it hears none of it', async () => {
		const deaf = await readyClient(discord.apiUrl, discord.token);
		const theirs: GatewayDispatchPayload[] = [];
		deaf.on(Events.Raw, (packet: GatewayDispatchPayload) => theirs.push(packet));
		try {
			const event = await createNight();
			discord.scheduledEvents.interested(event.id, 'Alice');
			await waitFor(
				'the listening client hears',
				() => heard(GatewayDispatchEvents.GuildScheduledEventUserAdd).length === 1,
			);
			expect(theirs.filter((p) => p.t.startsWith('GUILD_SCHEDULED_EVENT'))).toEqual([]);
		} finally {
			await deaf.destroy();
		}
	});

	it.each([
		[
			'a start in the past',
			{ scheduled_start_time: new Date(Date.now() - 60_000).toISOString() },
			'scheduled_start_time',
			'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST',
		],
		['no name', { name: undefined }, 'name', 'BASE_TYPE_REQUIRED'],
		['a name over 100', { name: 'n'.repeat(101) }, 'name', 'BASE_TYPE_BAD_LENGTH'],
		['a description over 1,000', { description: 'd'.repeat(1001) }, 'description', 'BASE_TYPE_BAD_LENGTH'],
		['a public privacy level', { privacy_level: 1 }, 'privacy_level', 'BASE_TYPE_CHOICES'],
		['no end for an EXTERNAL event', { scheduled_end_time: undefined }, 'scheduled_end_time', 'BASE_TYPE_REQUIRED'],
		[
			'an end before the start',
			{ scheduled_end_time: new Date(Date.now() + 60_000).toISOString() },
			'scheduled_end_time',
			'GUILD_SCHEDULED_EVENT_END_BEFORE_START',
		],
		['a channel for an EXTERNAL event', { channel_id: '1' }, 'channel_id', 'BASE_TYPE_BAD_VALUE'],
	])(
		'GIVEN an event with %s WHEN created THEN 400 Invalid Form Body names the field',
		async (_name, overrides, field, code) => {
			const response = await call('POST', `/guilds/${guild.id}/scheduled-events`, night(overrides));
			expect(response.status).toBe(400);
			const answer = (await response.json()) as FormAnswer;
			expect(answer.code).toBe(50035);
			expect(answer.errors[field]?._errors?.[0]?.code).toBe(code);
			expect(discord.violations.map((v) => v.kind)).toEqual(['limit']);
			expect(discord.scheduledEvents.list('G')).toEqual([]);
		},
	);

	it('GIVEN a location over 100, or a voice event in a text channel WHEN created THEN 400 names entity_metadata.location, or channel_id', async () => {
		const long = await call(
			'POST',
			`/guilds/${guild.id}/scheduled-events`,
			night({ entity_metadata: { location: 'l'.repeat(101) } }),
		);
		const answer = (await long.json()) as FormAnswer;
		expect(answer.errors.entity_metadata).toEqual({
			location: { _errors: [expect.objectContaining({ code: 'BASE_TYPE_BAD_LENGTH' })] },
		});
		const dreams = discord.channel('dreams').channel.id;
		const voice = await call(
			'POST',
			`/guilds/${guild.id}/scheduled-events`,
			night({ entity_type: 2, channel_id: dreams, entity_metadata: null }),
		);
		expect(((await voice.json()) as FormAnswer).errors.channel_id?._errors?.[0]?.code).toBe(
			'GUILD_SCHEDULED_EVENT_CHANNEL_TYPE_INVALID',
		);
	});

	it.each([
		[
			'weekly on Wednesdays',
			{
				frequency: GuildScheduledEventRecurrenceRuleFrequency.Weekly,
				interval: 1,
				byWeekday: [GuildScheduledEventRecurrenceRuleWeekday.Wednesday],
			},
			true,
		],
		[
			'every other Wednesday',
			{ frequency: GuildScheduledEventRecurrenceRuleFrequency.Weekly, interval: 2, byWeekday: [2] },
			true,
		],
		[
			'every weekday',
			{ frequency: GuildScheduledEventRecurrenceRuleFrequency.Daily, interval: 1, byWeekday: [0, 1, 2, 3, 4] },
			true,
		],
		[
			'monthly on the fourth Wednesday',
			{ frequency: GuildScheduledEventRecurrenceRuleFrequency.Monthly, interval: 1, byNWeekday: [{ n: 4, day: 2 }] },
			true,
		],
		[
			'yearly on July 24',
			{ frequency: GuildScheduledEventRecurrenceRuleFrequency.Yearly, interval: 1, byMonth: [7], byMonthDay: [24] },
			true,
		],
		[
			'weekly on two days',
			{ frequency: GuildScheduledEventRecurrenceRuleFrequency.Weekly, interval: 1, byWeekday: [1, 3] },
			false,
		],
		['weekly on no day', { frequency: GuildScheduledEventRecurrenceRuleFrequency.Weekly, interval: 1 }, false],
		['daily every other day', { frequency: GuildScheduledEventRecurrenceRuleFrequency.Daily, interval: 2 }, false],
		[
			'daily on Monday and Wednesday',
			{ frequency: GuildScheduledEventRecurrenceRuleFrequency.Daily, interval: 1, byWeekday: [0, 2] },
			false,
		],
	])(
		'GIVEN a recurrence %s WHEN the event is created THEN Discord takes it only within its documented limits',
		async (_name, rule, takes) => {
			const made = await guild.scheduledEvents
				.create({
					name: 'Every night',
					privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
					entityType: GuildScheduledEventEntityType.External,
					entityMetadata: { location: '#dreams' },
					scheduledStartTime: Date.now() + HOUR,
					scheduledEndTime: Date.now() + 2 * HOUR,
					recurrenceRule: { startAt: Date.now() + HOUR, ...rule } as never,
				})
				.then(
					(event) => event,
					(error: unknown) => error,
				);
			if (takes) expect(made).toMatchObject({ recurrenceRule: expect.objectContaining({ frequency: rule.frequency }) });
			else expect((made as DiscordAPIError).code).toBe(50035);
		},
	);

	it('GIVEN a recurrence rule with a count WHEN created THEN refused: count, end and by_year_day are Discord’s to set', async () => {
		const rule = {
			start: new Date(Date.now() + HOUR).toISOString(),
			frequency: 2,
			interval: 1,
			by_weekday: [2],
			count: 3,
		};
		const response = await call('POST', `/guilds/${guild.id}/scheduled-events`, night({ recurrence_rule: rule }));
		const answer = (await response.json()) as FormAnswer;
		expect(answer.errors.recurrence_rule).toMatchObject({ count: { _errors: [expect.anything()] } });
	});

	it('GIVEN a scheduled event WHEN the bot edits it and moves it through its statuses THEN only Discord’s transitions pass, and a finished event takes no edit', async () => {
		const event = await createNight();
		const renamed = await event.edit({ name: 'A longer night' });
		expect(renamed.name).toBe('A longer night');
		const skipped = await event.setStatus(GuildScheduledEventStatus.Completed).catch((e: DiscordAPIError) => e);
		expect((skipped as DiscordAPIError).code).toBe(50035);
		const active = await event.setStatus(GuildScheduledEventStatus.Active);
		expect(active.status).toBe(GuildScheduledEventStatus.Active);
		const moved = await call('PATCH', `/guilds/${guild.id}/scheduled-events/${event.id}`, {
			scheduled_start_time: new Date(Date.now() + 3 * HOUR).toISOString(),
		});
		expect(moved.status).toBe(400);
		await event.setStatus(GuildScheduledEventStatus.Completed);
		const after = await event.edit({ name: 'too late' }).catch((e: DiscordAPIError) => e);
		expect([(after as DiscordAPIError).status, (after as DiscordAPIError).code]).toEqual([400, 180000]);
		await waitFor('the updates', () => heard(GatewayDispatchEvents.GuildScheduledEventUpdate).length === 3);
		// A finished event leaves the guild's list; it can still be fetched by id.
		expect((await guild.scheduledEvents.fetch()).size).toBe(0);
		expect((await guild.scheduledEvents.fetch(event.id)).status).toBe(GuildScheduledEventStatus.Completed);
	});

	it('GIVEN members interested in an event WHEN the bot asks who THEN it gets them by user id, paged, with their member when asked, and USER_ADD/REMOVE came over the gateway', async () => {
		const event = await createNight();
		for (const name of ['Alice', 'Bob', 'Carol']) discord.scheduledEvents.interested(event.id, name);
		discord.scheduledEvents.interested(event.id, 'Bob', false);
		const ids = [idOf('Alice'), idOf('Carol')].sort((a, b) => (BigInt(a) > BigInt(b) ? 1 : -1));
		const subscribers = await event.fetchSubscribers({ withMember: true });
		expect([...subscribers.keys()]).toEqual(ids);
		expect(subscribers.first()?.member?.id).toBe(ids[0]);
		const page = (await call(
			'GET',
			`/guilds/${guild.id}/scheduled-events/${event.id}/users?limit=1&after=${ids[0]}`,
		).then((r) => r.json())) as { user: { id: string }; guild_scheduled_event_id: string }[];
		expect(page).toEqual([
			expect.objectContaining({ user: expect.objectContaining({ id: ids[1] }), guild_scheduled_event_id: event.id }),
		]);
		expect((await call('GET', `/guilds/${guild.id}/scheduled-events/${event.id}/users?limit=101`)).status).toBe(400);
		expect(
			(await guild.scheduledEvents.fetch({ guildScheduledEvent: event.id, withUserCount: true, force: true }))
				.userCount,
		).toBe(2);
		await waitFor('the gateway', () => heard(GatewayDispatchEvents.GuildScheduledEventUserRemove).length === 1);
		expect(heard(GatewayDispatchEvents.GuildScheduledEventUserAdd)).toHaveLength(3);
	});

	it('GIVEN an event WHEN a moderator cancels one and deletes another in Discord THEN the bot hears UPDATE (canceled) and DELETE', async () => {
		const first = await createNight();
		const second = await createNight();
		discord.scheduledEvents.cancel(first.id);
		discord.scheduledEvents.delete(second.id);
		await waitFor('both', () => heard(GatewayDispatchEvents.GuildScheduledEventDelete).length === 1);
		expect(heard(GatewayDispatchEvents.GuildScheduledEventUpdate)).toEqual([
			expect.objectContaining({ id: first.id, status: 4 }),
		]);
		expect(guild.scheduledEvents.cache.has(second.id)).toBe(false);
		expect(discord.scheduledEvents.list('G').map((e) => [e.id, e.status])).toEqual([[first.id, 4]]);
		expect(() => discord.scheduledEvents.cancel(first.id)).toThrow(/only a scheduled event/);
	});

	it('GIVEN an EXTERNAL event due in a moment WHEN its start and end come THEN it begins and ends on its own, as Discord’s docs say', async () => {
		const response = await call(
			'POST',
			`/guilds/${guild.id}/scheduled-events`,
			night({
				scheduled_start_time: new Date(Date.now() + 300).toISOString(),
				scheduled_end_time: new Date(Date.now() + 900).toISOString(),
			}),
		);
		const { id } = (await response.json()) as { id: string };
		await waitFor(
			'it begins',
			() => heard(GatewayDispatchEvents.GuildScheduledEventUpdate).some((d) => d.status === 2),
			{ timeoutMs: 3000 },
		);
		await waitFor('it ends', () => discord.scheduledEvents.find(id).event.status === 3, { timeoutMs: 3000 });
	});

	it('GIVEN events WHEN a bot connects THEN GUILD_CREATE carries those to come', async () => {
		const event = await createNight();
		const later = await readyClient(discord.apiUrl, discord.token);
		try {
			expect(later.guilds.cache.first()?.scheduledEvents.cache.has(event.id)).toBe(true);
		} finally {
			await later.destroy();
		}
	});
});

describe('the permissions events need', () => {
	it('GIVEN a bot without Manage Events or Create Events WHEN it creates an event THEN 403 50013, recorded', async () => {
		await client.destroy();
		await discord.stop();
		await start(['ViewChannel', 'SendMessages']);
		const refused = await createNight().catch((e: DiscordAPIError) => e);
		expect([(refused as DiscordAPIError).status, (refused as DiscordAPIError).code]).toEqual([403, 50013]);
		expect(discord.violations.map((v) => v.kind)).toEqual(['permission']);
	});

	it('GIVEN a bot with Create Events only WHEN it creates and edits its own event THEN both pass', async () => {
		await client.destroy();
		await discord.stop();
		await start(['ViewChannel', 'CreateEvents']);
		const event = await createNight();
		await event.edit({ description: 'Mine to change' });
		await event.delete();
		expect(discord.scheduledEvents.list('G')).toEqual([]);
	});
});
