/**
 * The time logic of a scheduled story night (`/dream schedule story:<id> when:<text> [repeat: weekly]`): reading what a
 * member typed as an instant, the server's time zone, a weekly night's next occurrence, and the local label shown
 * beside Discord's timestamp. Pure: no discord.js, no I/O, and no clock read; the current time is always passed in
 * (`now`, epoch milliseconds). Expected failures are typed values the Discord adapter words.
 *
 * Local times are resolved here, not by `DateTime.fromObject`: luxon guesses an ambiguous time's offset from the
 * clock (`Settings.now()`), so the same words could give another instant in another season, and it silently moves a
 * time in a spring-forward gap. Luxon's `IANAZone` gives the offsets and `DateTime` reads and formats wall clocks.
 */
import { DateTime, IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** The least lead a night may have: Discord refuses a scheduled event that starts in the past. */
export const MINIMUM_AHEAD_MS = MINUTE_MS;
/** The most lead a night may have: 365 days. */
export const MAXIMUM_AHEAD_MS = 365 * DAY_MS;

/** Why the words of `when:` give no time for a night. */
export type WhenProblem =
	/** Not one of the forms {@link parseWhen} reads (or a date that does not exist, such as `2026-02-30`). */
	| { kind: 'unreadable' }
	/** Before `now`. */
	| { kind: 'in-the-past'; at: number }
	/** Less than `minimumMs` ({@link MINIMUM_AHEAD_MS}) ahead of `now`. */
	| { kind: 'too-soon'; at: number; minimumMs: number }
	/** More than `maximumMs` ({@link MAXIMUM_AHEAD_MS}) ahead of `now`. */
	| { kind: 'too-far'; at: number; maximumMs: number }
	/** A local time the clocks skip in that zone (a spring-forward gap), as `YYYY-MM-DD HH:mm`. */
	| { kind: 'no-such-time'; local: string }
	/** The zone given is no IANA time zone. */
	| { kind: 'unknown-zone'; zone: string };

/** An instant (epoch milliseconds) at least a minute and at most 365 days ahead of `now`, or why not. */
export type WhenResult = { kind: 'ok'; at: number } | { kind: 'invalid'; reason: WhenProblem };

/** A date on a calendar, with no zone. */
interface LocalDate {
	year: number;
	month: number;
	day: number;
}

/** A wall-clock time, with no zone. */
interface LocalTime {
	hour: number;
	minute: number;
	second: number;
	millisecond: number;
}

type LocalDateTime = LocalDate & LocalTime;

/** A local time in a zone: one instant (the earlier of two in a fall-back hour), or none, in a gap. */
type Resolution = { kind: 'ok'; at: number } | { kind: 'gap'; firstAfter: number };

/**
 * Reads the `when:` of `/dream schedule` as an instant, `zone` being the server's time zone. Case and surrounding
 * spaces do not matter. The forms:
 *
 * - a date and a time: `2026-12-12 20:00`, `2026-12-12 8pm`, `2026-12-12T20:00`, `2026-12-12 at 8:30pm`;
 * - `today 8pm`, `tomorrow 20:00` (also with `at`);
 * - a weekday, full or in three letters (and `tues`, `thur`, `thurs`): `friday 20:00`, `fri 8pm`: the next such day,
 *   today only if that time today is still ahead of `now`;
 * - a time alone, `20:00` or `8pm`: today if that time today is still ahead of `now`, else tomorrow;
 * - a delay from `now`: `in 2 hours`, `in 90 minutes`, `in 1 hour 30 minutes`, `in 1h30m`, `in 2h`, `in 45m`,
 *   `in 3 days`, `in 2 weeks`, `in an hour` (weeks, days, hours, minutes, each at most once and in that order, whole
 *   numbers, optionally joined by `and` or a comma). A day is 24 hours, whatever the zone's clocks do;
 * - a Discord timestamp pasted back: `<t:1797000000:F>`, `<t:1797000000>` (any style letter).
 *
 * A time is `H:mm`/`HH:mm` on a 24-hour clock, or `H`/`H:mm` with `am`/`pm` on a 12-hour one (`12am` is midnight).
 * A bare number is not read, not even as unix seconds: it could mean too many things.
 *
 * A local time is in `zone`. One the clocks skip (a spring-forward gap) is `no-such-time`, not moved; one the clocks
 * show twice (the fall-back hour) is the earlier of its two instants. The zone is checked first, whatever the form
 * (a night is always kept with its zone): `europe/paris` is read as `Europe/Paris` ({@link normalizeZone}).
 */
export function parseWhen(text: string, now: number, zone: string, minimumMs = MINIMUM_AHEAD_MS): WhenResult {
	const name = normalizeZone(zone);
	if (name === null) return invalid({ kind: 'unknown-zone', zone });
	const words = text.trim().toLowerCase().replace(/\s+/g, ' ');
	const found = readInstant(words, now) ?? readLocal(words, now, IANAZone.create(name));
	if (found === null) return invalid({ kind: 'unreadable' });
	if ('gap' in found) return invalid({ kind: 'no-such-time', local: formatLocal(found.gap) });
	const { at } = found;
	if (at < now) return invalid({ kind: 'in-the-past', at });
	if (at - now < minimumMs) return invalid({ kind: 'too-soon', at, minimumMs });
	if (at - now > MAXIMUM_AHEAD_MS) return invalid({ kind: 'too-far', at, maximumMs: MAXIMUM_AHEAD_MS });
	return { kind: 'ok', at };
}

function invalid(reason: WhenProblem): WhenResult {
	return { kind: 'invalid', reason };
}

/** What a form found: an instant, or a local time that does not exist in the zone. */
type Found = { at: number } | { gap: LocalDateTime };

/** The forms that name an instant whatever the zone: a Discord timestamp, a delay from now. */
function readInstant(words: string, now: number): { at: number } | null {
	const stamp = /^<t:(-?\d{1,13})(?::[a-z])?>$/.exec(words);
	if (stamp) return { at: Number(stamp[1]) * 1000 };
	const delay = /^in (.+)$/.exec(words);
	const ms = delay?.[1] === undefined ? null : readDelay(delay[1]);
	return ms === null ? null : { at: now + ms };
}

/** Units of a delay, largest first: a delay names each at most once, in this order. */
const UNITS: ReadonlyMap<string, { rank: number; ms: number }> = new Map(
	(
		[
			[['w', 'wk', 'wks', 'week', 'weeks'], WEEK_MS],
			[['d', 'day', 'days'], DAY_MS],
			[['h', 'hr', 'hrs', 'hour', 'hours'], HOUR_MS],
			[['m', 'min', 'mins', 'minute', 'minutes'], MINUTE_MS],
		] as const
	).flatMap(([names, ms], rank) => names.map((name) => [name, { rank, ms }] as const)),
);

/** `2 hours`, `1 hour and 30 minutes`, `1h30m`, `an hour`: the delay in milliseconds, or null. */
function readDelay(text: string): number | null {
	// A space between every number and word, so that `1h30m` reads as `1 h 30 m`.
	const tokens = text
		.replace(/,/g, ' , ')
		.replace(/(\d)([a-z])/g, '$1 $2')
		.replace(/([a-z])(\d)/g, '$1 $2')
		.trim()
		.split(' ')
		.filter((token) => token !== '');
	let total = 0;
	let lastRank = -1;
	let i = 0;
	while (i < tokens.length) {
		if (i > 0 && tokens[i] === ',') i++;
		if (i > 0 && tokens[i] === 'and') i++;
		const count = readCount(tokens[i]);
		const unit = UNITS.get(tokens[i + 1] ?? '');
		if (count === null || unit === undefined || unit.rank <= lastRank) return null;
		total += count * unit.ms;
		lastRank = unit.rank;
		i += 2;
	}
	return lastRank < 0 ? null : total;
}

function readCount(token: string | undefined): number | null {
	if (token === 'a' || token === 'an') return 1;
	// Seven digits at most keeps the sum a finite instant (it is then `too-far`).
	return token !== undefined && /^\d{1,7}$/.test(token) ? Number(token) : null;
}

/** JavaScript's day numbers (Sunday 0), by the names members type. */
const WEEKDAYS: ReadonlyMap<string, number> = new Map(
	(
		[
			['sunday', 'sun'],
			['monday', 'mon'],
			['tuesday', 'tue', 'tues'],
			['wednesday', 'wed'],
			['thursday', 'thu', 'thur', 'thurs'],
			['friday', 'fri'],
			['saturday', 'sat'],
		] as const
	).flatMap((names, day) => names.map((name) => [name, day] as const)),
);

/** The forms that name a local time in the zone: a date, today, tomorrow, a weekday, or a time alone. */
function readLocal(words: string, now: number, zone: IANAZone): Found | null {
	const today = dateOf(wallAt(now, zone));
	const dated = /^(\d{4})-(\d{2})-(\d{2})(?:t| (?:at )?)(.+)$/.exec(words);
	if (dated) {
		const date = checkedDate(Number(dated[1]), Number(dated[2]), Number(dated[3]));
		const time = readTime(dated[4] ?? '');
		return date && time ? foundAt({ ...date, ...time }, zone) : null;
	}
	const named = /^([a-z]+) (?:at )?(.+)$/.exec(words);
	if (named) {
		const time = readTime(named[2] ?? '');
		if (time === null) return null;
		if (named[1] === 'today') return foundAt({ ...today, ...time }, zone);
		if (named[1] === 'tomorrow') return foundAt({ ...addDays(today, 1), ...time }, zone);
		const weekday = WEEKDAYS.get(named[1] ?? '');
		if (weekday === undefined) return null;
		// Today's weekday is today only while the time is ahead, else a week on.
		const first = stillAhead({ ...today, ...time }, now, zone) ? 0 : 1;
		const ahead = first + ((weekday - weekdayOf(addDays(today, first)) + 7) % 7);
		return foundAt({ ...addDays(today, ahead), ...time }, zone);
	}
	const time = readTime(words);
	if (time === null) return null;
	const day = stillAhead({ ...today, ...time }, now, zone) ? today : addDays(today, 1);
	return foundAt({ ...day, ...time }, zone);
}

/** `20:00`, `8:05` (24-hour clock), `8pm`, `8:30 am`, `12am` (midnight): the time, or null. */
function readTime(text: string): LocalTime | null {
	const clock = /^(\d{1,2}):(\d{2})$/.exec(text);
	if (clock) {
		const hour = Number(clock[1]);
		const minute = Number(clock[2]);
		return hour <= 23 && minute <= 59 ? { hour, minute, second: 0, millisecond: 0 } : null;
	}
	const halfDay = /^(\d{1,2})(?::(\d{2}))? ?([ap])m$/.exec(text);
	if (halfDay) {
		const hour = Number(halfDay[1]);
		const minute = Number(halfDay[2] ?? 0);
		if (hour < 1 || hour > 12 || minute > 59) return null;
		return { hour: (hour % 12) + (halfDay[3] === 'p' ? 12 : 0), minute, second: 0, millisecond: 0 };
	}
	return null;
}

/** Whether a local time is still ahead of `now`: a skipped one is, until its gap has begun. */
function stillAhead(local: LocalDateTime, now: number, zone: IANAZone): boolean {
	const resolved = resolveLocal(local, zone);
	return (resolved.kind === 'ok' ? resolved.at : resolved.firstAfter) > now;
}

function foundAt(local: LocalDateTime, zone: IANAZone): Found {
	const resolved = resolveLocal(local, zone);
	return resolved.kind === 'ok' ? { at: resolved.at } : { gap: local };
}

/**
 * The instant of a local time in a zone. Each offset the zone has within a day of it is tried; the ones that give
 * back that wall clock are its instants (two in a fall-back hour: the earlier is taken; none in a gap).
 */
function resolveLocal(local: LocalDateTime, zone: IANAZone): Resolution {
	const asUtc = utcMs(local);
	const before = zone.offset(asUtc - DAY_MS);
	const after = zone.offset(asUtc + DAY_MS);
	const instants = [asUtc - before * MINUTE_MS, asUtc - after * MINUTE_MS].filter(
		(at) => at + zone.offset(at) * MINUTE_MS === asUtc,
	);
	if (instants.length > 0) return { kind: 'ok', at: Math.min(...instants) };
	// In a gap: with the later offset it is before the change, with the earlier after; the change lies between.
	let lo = asUtc - after * MINUTE_MS;
	let hi = asUtc - before * MINUTE_MS;
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (zone.offset(mid) === before) lo = mid;
		else hi = mid;
	}
	return { kind: 'gap', firstAfter: hi };
}

/** The zone's wall clock at an instant. */
function wallAt(at: number, zone: IANAZone): LocalDateTime {
	const { year, month, day, hour, minute, second, millisecond } = DateTime.fromMillis(at, { zone });
	return { year, month, day, hour, minute, second, millisecond };
}

/** A wall clock read as if it were UTC: the instant a local time would be at offset zero. */
function utcMs(local: LocalDateTime): number {
	// Not `Date.UTC`, which reads years 0 to 99 as 1900 to 1999.
	const date = new Date(0);
	date.setUTCFullYear(local.year, local.month - 1, local.day);
	date.setUTCHours(local.hour, local.minute, local.second, local.millisecond);
	return date.getTime();
}

const MIDNIGHT: LocalTime = { hour: 0, minute: 0, second: 0, millisecond: 0 };

function dateOf(local: LocalDate): LocalDate {
	return { year: local.year, month: local.month, day: local.day };
}

/** The calendar's date `days` after `date` (days are counted on the calendar, not in hours). */
function addDays(date: LocalDate, days: number): LocalDate {
	const moved = new Date(utcMs({ ...dateOf(date), ...MIDNIGHT }) + days * DAY_MS);
	return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

function weekdayOf(date: LocalDate): number {
	return new Date(utcMs({ ...dateOf(date), ...MIDNIGHT })).getUTCDay();
}

/** The date, if it is on the calendar (not `2026-02-30`). */
function checkedDate(year: number, month: number, day: number): LocalDate | null {
	const date = addDays({ year, month, day }, 0);
	return date.year === year && date.month === month && date.day === day ? date : null;
}

/** `YYYY-MM-DD HH:mm`, the form members type back. */
function formatLocal(local: LocalDateTime): string {
	const pad = (n: number, width = 2) => String(n).padStart(width, '0');
	return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)} ${pad(local.hour)}:${pad(local.minute)}`;
}

/**
 * The next night of a weekly series whose first night was at `at`: the first occurrence strictly after `after` (`at`
 * itself when it is after `after`). Each night keeps the first one's weekday and wall-clock time in `zone`, so 20:00
 * in Paris stays 20:00 in Paris across a daylight-saving change, and the UTC instant moves by the change. A night
 * whose time falls in the fall-back hour is at the earlier of its two instants; one whose time the clocks skip that
 * day (a spring-forward gap) is at the first instant after the gap (03:00 for 02:30 in Paris), neither dropped nor
 * moved by the gap's length.
 *
 * @throws RangeError when `zone` is no time zone ({@link isZone}) or `at`/`after` are not finite: a night is kept
 *   with a checked zone, so either is a mistake in the caller.
 */
export function nextWeekly(at: number, zone: string, after: number): number {
	const tz = zoneOrThrow(zone);
	if (!Number.isFinite(at) || !Number.isFinite(after)) throw new RangeError(`not an instant: ${at}, ${after}`);
	if (at > after) return at;
	const first = wallAt(at, tz);
	// Start a week before the estimate: the offsets move each night by an hour or so, never by a week.
	for (let weeks = Math.max(1, Math.floor((after - at) / WEEK_MS) - 1); ; weeks++) {
		const resolved = resolveLocal({ ...first, ...addDays(first, 7 * weeks) }, tz);
		const night = resolved.kind === 'ok' ? resolved.at : resolved.firstAfter;
		if (night > after) return night;
	}
}

/**
 * The wall clock of `at` in `zone` as `YYYY-MM-DD HH:mm` (e.g. `2026-12-12 20:00`): the form members type in
 * `when:`, shown beside Discord's timestamp in the list of scheduled nights.
 *
 * @throws RangeError when `zone` is no time zone ({@link isZone}).
 */
export function localLabel(at: number, zone: string): string {
	return formatLocal(wallAt(at, zoneOrThrow(zone)));
}

function zoneOrThrow(zone: string): IANAZone {
	const name = normalizeZone(zone);
	if (name === null) throw new RangeError(`unknown time zone: ${zone}`);
	return IANAZone.create(name);
}

let listed: { names: readonly string[]; byLowerCase: ReadonlyMap<string, string> } | undefined;

/** The runtime's IANA zones and `UTC`, sorted, built once. */
function listedZones(): NonNullable<typeof listed> {
	if (listed === undefined) {
		const names = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
		listed = { names, byLowerCase: new Map(names.map((name) => [name.toLowerCase(), name])) };
	}
	return listed;
}

/** Whether `zone` names an IANA time zone, in any case (see {@link normalizeZone}). */
export function isZone(zone: string): boolean {
	return normalizeZone(zone) !== null;
}

/**
 * The canonical name of an IANA time zone typed in any case: `europe/paris` gives `Europe/Paris`, `utc` gives `UTC`;
 * null when it names none. Surrounding spaces are ignored. A name the runtime's list leaves out but knows as a link
 * (`US/Eastern`, or `Asia/Kolkata` on Node 20) gives the runtime's canonical name for it (`America/New_York`,
 * `Asia/Calcutta`). Fixed offsets such as `+02:00` are no IANA zone and give null.
 */
export function normalizeZone(zone: string): string | null {
	const wanted = zone.trim();
	const named = listedZones().byLowerCase.get(wanted.toLowerCase());
	if (named !== undefined) return named;
	// IANA names begin with a letter; newer runtimes also accept offsets such as `+02:00`, which are not zones.
	if (!/^[a-z]/i.test(wanted)) return null;
	try {
		return new Intl.DateTimeFormat('en-US', { timeZone: wanted }).resolvedOptions().timeZone;
	} catch {
		return null;
	}
}

/**
 * Zone names for the autocomplete of a zone option: at most `limit` of the runtime's IANA zones and `UTC`, sorted,
 * first those whose name begins with `prefix`, then those with a later part beginning with it (`paris` finds
 * `Europe/Paris`). Case does not matter, and a space stands for `_` (`new york`). An empty prefix lists from the top.
 */
export function zonesMatching(prefix: string, limit = 25): string[] {
	const wanted = prefix.trim().toLowerCase().replace(/ /g, '_');
	const { names } = listedZones();
	const starting = names.filter((name) => name.toLowerCase().startsWith(wanted));
	const within = names.filter(
		(name) =>
			!name.toLowerCase().startsWith(wanted) &&
			name
				.toLowerCase()
				.split('/')
				.slice(1)
				.some((part) => part.startsWith(wanted)),
	);
	return [...starting, ...within].slice(0, Math.max(0, limit));
}
