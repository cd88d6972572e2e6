import { createHash } from 'node:crypto';
import {
	type APIGuildScheduledEventRecurrenceRule,
	GuildScheduledEventRecurrenceRuleFrequency as Frequency,
	GuildScheduledEventEntityType,
	GuildScheduledEventPrivacyLevel,
	GuildScheduledEventStatus,
	type RESTPatchAPIGuildScheduledEventJSONBody,
} from 'discord-api-types/v10';
import { FormChecks } from './form-checks.js';

/** A scheduled event's body as it arrives, create's and edit's fields in one shape, unchecked. */
export type EventBody = Partial<Record<keyof RESTPatchAPIGuildScheduledEventJSONBody, unknown>>;

/** What an event is when the edit is checked: its type, times and status now. */
export interface EventState {
	entityType: GuildScheduledEventEntityType;
	start: number;
	end: number | null;
	status: GuildScheduledEventStatus;
}

const ENTITY_TYPES = [
	GuildScheduledEventEntityType.StageInstance,
	GuildScheduledEventEntityType.Voice,
	GuildScheduledEventEntityType.External,
];

/**
 * The sets of weekdays a daily rule may keep to (Discord's docs: Monday to Friday, Tuesday to Saturday, Sunday to
 * Thursday, Friday and Saturday, Saturday and Sunday, Sunday and Monday), Monday being 0.
 */
const DAILY_WEEKDAY_SETS = ['0,1,2,3,4', '1,2,3,4,5', '0,1,2,3,6', '4,5', '5,6', '0,6'];

/**
 * Checks a new event's body as Discord does, or an edit's (`edited`, the event as it is). Besides each field's own
 * limits: the start must be ahead; an EXTERNAL event has no channel, a location and an end, a voice or stage one a
 * channel of that type (none here: the local Discord has text channels only); the end comes after the start.
 */
export function checkEventBody(body: EventBody, now: number, edited?: EventState): FormChecks {
	const checks = new FormChecks();
	const creating = edited === undefined;
	checks.string('name', body.name, 1, 100, { optional: !creating });
	if (creating && body.privacy_level === undefined) checks.required('privacy_level');
	checks.choice('privacy_level', body.privacy_level, [GuildScheduledEventPrivacyLevel.GuildOnly]);
	if (creating && body.entity_type === undefined) checks.required('entity_type');
	checks.choice('entity_type', body.entity_type, ENTITY_TYPES);
	checks.string('description', body.description, 0, 1000, { optional: true, nullable: true });
	let start = edited?.start;
	if (body.scheduled_start_time !== undefined) {
		start = checks.time('scheduled_start_time', body.scheduled_start_time);
		if (edited && edited.status !== GuildScheduledEventStatus.Scheduled)
			checks.add(
				'scheduled_start_time',
				'GUILD_SCHEDULED_EVENT_INVALID_START_BY_STATUS',
				'The start time of an event that has begun cannot change.',
			);
		else if (start !== undefined && start < now)
			checks.add('scheduled_start_time', 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', 'Cannot schedule event in the past.');
	} else if (creating) checks.required('scheduled_start_time');
	let end = edited?.end ?? null;
	if (body.scheduled_end_time === null) end = null;
	else if (body.scheduled_end_time !== undefined)
		end = checks.time('scheduled_end_time', body.scheduled_end_time) ?? null;
	if (end !== null && start !== undefined && end <= start)
		checks.add('scheduled_end_time', 'GUILD_SCHEDULED_EVENT_END_BEFORE_START', 'The end must come after the start.');
	const type = (body.entity_type ?? edited?.entityType) as GuildScheduledEventEntityType;
	const becomesExternal = body.entity_type !== undefined && type !== edited?.entityType;
	if (type === GuildScheduledEventEntityType.External) {
		if (body.channel_id !== undefined && body.channel_id !== null)
			checks.add('channel_id', 'BASE_TYPE_BAD_VALUE', 'An EXTERNAL event has no channel: channel_id must be null.');
		else if (becomesExternal && !creating && body.channel_id === undefined)
			checks.add('channel_id', 'BASE_TYPE_REQUIRED', 'Changing to EXTERNAL sets channel_id to null.');
		if (creating || becomesExternal || body.entity_metadata !== undefined) checkLocation(checks, body.entity_metadata);
		if (end === null || (becomesExternal && body.scheduled_end_time === undefined))
			checks.required('scheduled_end_time');
	} else if (ENTITY_TYPES.includes(type)) {
		if (body.channel_id === undefined || body.channel_id === null) {
			if (creating || body.channel_id === null) checks.required('channel_id');
		} else
			checks.add(
				'channel_id',
				'GUILD_SCHEDULED_EVENT_CHANNEL_TYPE_INVALID',
				'The channel must be a voice or a stage channel.',
			);
		// An edit drops entity_metadata for these silently (Discord's docs); a new event must not give one.
		if (creating && body.entity_metadata !== undefined && body.entity_metadata !== null)
			checks.add('entity_metadata', 'BASE_TYPE_BAD_VALUE', 'Only an EXTERNAL event has entity_metadata.');
	}
	if (
		body.image !== undefined &&
		body.image !== null &&
		!/^data:image\/(png|jpeg|gif|webp);base64,/.test(String(body.image))
	)
		checks.add('image', 'IMAGE_INVALID', 'Invalid image data.');
	if (body.recurrence_rule !== undefined && body.recurrence_rule !== null)
		checkRecurrence(checks, body.recurrence_rule);
	return checks;
}

function checkLocation(checks: FormChecks, metadata: unknown): void {
	const location =
		typeof metadata === 'object' && metadata !== null ? (metadata as { location?: unknown }).location : undefined;
	checks.string('entity_metadata.location', location, 1, 100);
}

type Rule = Partial<Record<keyof APIGuildScheduledEventRecurrenceRule, unknown>>;

const given = (value: unknown): value is unknown[] => value !== undefined && value !== null;

/**
 * A recurrence rule within what Discord takes (its docs' "system limitations"): `count`, `end` and `by_year_day`
 * are Discord's to set; `interval` is 1, or 2 for every other week; a weekly rule keeps to one weekday, a daily one to
 * one of the known sets; a monthly one to one nth weekday; a yearly one to one month and one day of it; and those
 * three ways of naming days exclude one another.
 */
function checkRecurrence(checks: FormChecks, value: unknown): void {
	if (typeof value !== 'object' || Array.isArray(value)) {
		checks.add('recurrence_rule', 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
		return;
	}
	const rule = value as Rule;
	const at = (field: string) => `recurrence_rule.${field}`;
	const invalid = (field: string, message: string) =>
		checks.add(at(field), 'GUILD_SCHEDULED_EVENT_RECURRENCE_RULE_INVALID', message);
	if (rule.start === undefined) checks.required(at('start'));
	else checks.time(at('start'), rule.start);
	for (const field of ['end', 'count', 'by_year_day'] as const)
		if (given(rule[field])) invalid(field, 'This field cannot be set by an application.');
	if (rule.frequency === undefined) checks.required(at('frequency'));
	checks.choice(at('frequency'), rule.frequency, [
		Frequency.Yearly,
		Frequency.Monthly,
		Frequency.Weekly,
		Frequency.Daily,
	]);
	if (rule.interval === undefined) checks.required(at('interval'));
	checks.integer(at('interval'), rule.interval, 1, 2);
	if (rule.interval === 2 && rule.frequency !== Frequency.Weekly)
		invalid('interval', 'Only a weekly rule may have an interval other than 1.');
	const ways = [given(rule.by_weekday), given(rule.by_n_weekday), given(rule.by_month) || given(rule.by_month_day)];
	if (ways.filter(Boolean).length > 1)
		invalid('by_weekday', 'by_weekday, by_n_weekday and by_month with by_month_day exclude one another.');
	const weekdays = given(rule.by_weekday) && Array.isArray(rule.by_weekday) ? rule.by_weekday : undefined;
	if (weekdays?.some((d) => !Number.isInteger(d) || (d as number) < 0 || (d as number) > 6))
		invalid('by_weekday', 'Weekdays are 0 (Monday) to 6 (Sunday).');
	switch (rule.frequency) {
		case Frequency.Weekly:
			if (weekdays?.length !== 1) invalid('by_weekday', 'A weekly rule keeps to exactly one weekday.');
			break;
		case Frequency.Daily:
			if (weekdays && !DAILY_WEEKDAY_SETS.includes([...(weekdays as number[])].sort().join(',')))
				invalid('by_weekday', 'A daily rule keeps to one of the known sets of weekdays.');
			break;
		case Frequency.Monthly: {
			const nth = Array.isArray(rule.by_n_weekday) ? (rule.by_n_weekday as { n?: unknown; day?: unknown }[]) : [];
			const [only] = nth;
			const fits = nth.length === 1 && Number.isInteger(only?.n) && Number.isInteger(only?.day);
			if (
				!fits ||
				(only?.n as number) < 1 ||
				(only?.n as number) > 5 ||
				(only?.day as number) < 0 ||
				(only?.day as number) > 6
			)
				invalid('by_n_weekday', 'A monthly rule keeps to one nth weekday (n 1 to 5, day 0 to 6).');
			break;
		}
		case Frequency.Yearly: {
			const month = Array.isArray(rule.by_month) ? rule.by_month : [];
			const day = Array.isArray(rule.by_month_day) ? rule.by_month_day : [];
			if (
				month.length !== 1 ||
				day.length !== 1 ||
				!(month[0] >= 1 && month[0] <= 12) ||
				!(day[0] >= 1 && day[0] <= 31)
			)
				invalid('by_month', 'A yearly rule keeps to one month (1 to 12) and one day of it (1 to 31).');
			break;
		}
	}
	if (rule.frequency !== Frequency.Weekly && rule.frequency !== Frequency.Daily && given(rule.by_weekday))
		invalid('by_weekday', 'Only daily and weekly rules name weekdays.');
	if (rule.frequency !== Frequency.Monthly && given(rule.by_n_weekday))
		invalid('by_n_weekday', 'Only monthly rules name an nth weekday.');
	if (rule.frequency !== Frequency.Yearly && (given(rule.by_month) || given(rule.by_month_day)))
		invalid('by_month', 'Only yearly rules name a month and a day of it.');
}

/** A body that is an object, or nothing to read (which the checks then find wanting). */
export const objectOf = (raw: unknown): EventBody =>
	typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as EventBody) : {};

/** Discord keeps an uploaded cover as a hash; null clears it. */
export const imageHash = (image: unknown): string | null =>
	typeof image === 'string' ? createHash('md5').update(image).digest('hex') : null;

/** A checked recurrence rule as Discord answers it: every field present, null where not set. */
export function recurrenceOf(rule: unknown): APIGuildScheduledEventRecurrenceRule | null {
	if (typeof rule !== 'object' || rule === null) return null;
	const r = rule as Partial<APIGuildScheduledEventRecurrenceRule>;
	return {
		start: new Date(String(r.start)).toISOString(),
		end: null,
		frequency: r.frequency as APIGuildScheduledEventRecurrenceRule['frequency'],
		interval: r.interval ?? 1,
		by_weekday: r.by_weekday ?? null,
		by_n_weekday: r.by_n_weekday ?? null,
		by_month: r.by_month ?? null,
		by_month_day: r.by_month_day ?? null,
		by_year_day: null,
		count: null,
	};
}
