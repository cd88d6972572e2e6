import { describe, expect, it } from 'vitest';
import {
	isZone,
	localLabel,
	MAXIMUM_AHEAD_MS,
	MINIMUM_AHEAD_MS,
	nextWeekly,
	normalizeZone,
	parseWhen,
	zonesMatching,
} from '../../src/sessions/schedule-time.js';

const PARIS = 'Europe/Paris';
const NEW_YORK = 'America/New_York';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Wednesday 25 March 2026, 13:00 in Paris (winter time, UTC+1), four days before the clocks go forward. */
const NOW = Date.UTC(2026, 2, 25, 12, 0);
/** Saturday 12 December 2026, 20:00 in Paris. */
const DECEMBER_NIGHT = Date.UTC(2026, 11, 12, 19, 0);

function okAt(text: string, now = NOW, zone = PARIS): number {
	const result = parseWhen(text, now, zone);
	if (result.kind !== 'ok') throw new Error(`${text}: ${JSON.stringify(result.reason)}`);
	return result.at;
}

describe('reading when a night starts', () => {
	it('GIVEN a date and a time WHEN read THEN each written form gives that local time in the zone', () => {
		for (const text of [
			'2026-12-12 20:00',
			'2026-12-12 8pm',
			'2026-12-12 8 pm',
			'2026-12-12 8:00pm',
			'2026-12-12T20:00',
			'2026-12-12 at 20:00',
			'  2026-12-12   20:00 ',
			'2026-12-12 8PM',
		]) {
			expect(okAt(text), text).toBe(DECEMBER_NIGHT);
		}
	});

	it('GIVEN a 12-hour time WHEN read THEN 12am is midnight, 12pm noon, and minutes are kept', () => {
		expect(okAt('2026-12-12 12am')).toBe(Date.UTC(2026, 11, 11, 23, 0));
		expect(okAt('2026-12-12 12pm')).toBe(Date.UTC(2026, 11, 12, 11, 0));
		expect(okAt('2026-12-12 8:30am')).toBe(Date.UTC(2026, 11, 12, 7, 30));
		expect(okAt('2026-12-12 0:05')).toBe(Date.UTC(2026, 11, 11, 23, 5));
	});

	it('GIVEN today or tomorrow WHEN read THEN the day is the zone’s today or tomorrow, in any case', () => {
		expect(okAt('today 8pm')).toBe(Date.UTC(2026, 2, 25, 19, 0));
		expect(okAt('tomorrow 20:00')).toBe(Date.UTC(2026, 2, 26, 19, 0));
		expect(okAt('TOMORROW at 8pm')).toBe(Date.UTC(2026, 2, 26, 19, 0));
		// 23:30 UTC on the 25th is already the 26th in Paris: its today is the 26th.
		expect(okAt('today 8pm', Date.UTC(2026, 2, 25, 23, 30))).toBe(Date.UTC(2026, 2, 26, 19, 0));
	});

	it('GIVEN a time alone WHEN read THEN it is today while still ahead, else tomorrow', () => {
		expect(okAt('20:00')).toBe(Date.UTC(2026, 2, 25, 19, 0));
		expect(okAt('8pm')).toBe(Date.UTC(2026, 2, 25, 19, 0));
		expect(okAt('12:30')).toBe(Date.UTC(2026, 2, 26, 11, 30));
	});

	it('GIVEN a time alone less than a minute ahead WHEN read THEN it is still today, so too soon rather than tomorrow', () => {
		const now = Date.UTC(2026, 2, 25, 18, 59, 30);
		expect(parseWhen('20:00', now, PARIS)).toEqual({
			kind: 'invalid',
			reason: { kind: 'too-soon', at: Date.UTC(2026, 2, 25, 19, 0), minimumMs: MINIMUM_AHEAD_MS },
		});
	});

	it('GIVEN a weekday WHEN read THEN it is the next such day, today only while the time is still ahead', () => {
		const friday = Date.UTC(2026, 2, 27, 19, 0);
		expect(okAt('friday 20:00')).toBe(friday);
		expect(okAt('fri 8pm')).toBe(friday);
		expect(okAt('Fri at 8pm')).toBe(friday);
		expect(okAt('wednesday 14:00')).toBe(Date.UTC(2026, 2, 25, 13, 0));
		// Wednesday 12:00 has passed: next Wednesday, by then on summer time (UTC+2).
		expect(okAt('wed 12:00')).toBe(Date.UTC(2026, 3, 1, 10, 0));
		expect(okAt('tuesday 20:00')).toBe(Date.UTC(2026, 2, 31, 18, 0));
	});

	it('GIVEN a delay WHEN read THEN each written form counts from now', () => {
		const forms: [string, number][] = [
			['in 2 hours', 2 * HOUR],
			['in 90 minutes', 90 * MINUTE],
			['in 1 hour 30 minutes', 90 * MINUTE],
			['in 1 hour and 30 minutes', 90 * MINUTE],
			['in 1h30m', 90 * MINUTE],
			['in 1h 30m', 90 * MINUTE],
			['in 2h', 2 * HOUR],
			['in 45m', 45 * MINUTE],
			['in 45 mins', 45 * MINUTE],
			['in 3 days', 3 * DAY],
			['in 2 weeks', 2 * WEEK],
			['in an hour', HOUR],
			['IN 1 DAY, 2 HOURS', DAY + 2 * HOUR],
		];
		for (const [text, delay] of forms) expect(okAt(text), text).toBe(NOW + delay);
	});

	it('GIVEN a delay across a daylight-saving change WHEN read in any zone THEN it is the same instant, a day being 24 hours', () => {
		// Saturday 28 March 2026: Paris goes to summer time in the night.
		const now = Date.UTC(2026, 2, 28, 12, 0);
		for (const zone of [PARIS, NEW_YORK, 'UTC', 'Asia/Kathmandu', 'Australia/Lord_Howe']) {
			expect(okAt('in 1 day', now, zone), zone).toBe(now + DAY);
			expect(okAt('in 2h', now, zone), zone).toBe(now + 2 * HOUR);
		}
	});

	it('GIVEN a Discord timestamp pasted back WHEN read THEN it is that instant, whatever its style letter', () => {
		for (const text of ['<t:1797000000:F>', '<t:1797000000>', '<t:1797000000:R>', ' <t:1797000000:d> ']) {
			expect(okAt(text), text).toBe(1_797_000_000_000);
		}
	});

	it('GIVEN words in none of the forms WHEN read THEN they are unreadable', () => {
		for (const text of [
			'1797000000',
			'',
			'soon',
			'friday',
			'next friday 20:00',
			'25:00',
			'20:60',
			'13pm',
			'0am',
			'2026-02-30 20:00',
			'2026-12-12',
			'in 2',
			'in hours',
			'in 30m 1h',
			'in 1h 1h',
			'in 1.5 hours',
			'in 1 hour and',
			'<t:abc>',
			'at 8pm',
		]) {
			expect(parseWhen(text, NOW, PARIS), text).toEqual({ kind: 'invalid', reason: { kind: 'unreadable' } });
		}
	});

	it('GIVEN a time before now WHEN read THEN it is in the past, with the instant', () => {
		expect(parseWhen('2026-03-24 20:00', NOW, PARIS)).toEqual({
			kind: 'invalid',
			reason: { kind: 'in-the-past', at: Date.UTC(2026, 2, 24, 19, 0) },
		});
		expect(parseWhen('today 9am', NOW, PARIS)).toEqual({
			kind: 'invalid',
			reason: { kind: 'in-the-past', at: Date.UTC(2026, 2, 25, 8, 0) },
		});
	});

	it('GIVEN a time less than a minute ahead WHEN read THEN it is too soon; a minute ahead is enough', () => {
		const seconds = (at: number) => `<t:${at / 1000}>`;
		expect(parseWhen(seconds(NOW + 59_000), NOW, PARIS)).toEqual({
			kind: 'invalid',
			reason: { kind: 'too-soon', at: NOW + 59_000, minimumMs: MINUTE },
		});
		expect(parseWhen('in 0 minutes', NOW, PARIS)).toEqual({
			kind: 'invalid',
			reason: { kind: 'too-soon', at: NOW, minimumMs: MINUTE },
		});
		expect(okAt(seconds(NOW + MINUTE))).toBe(NOW + MINUTE);
	});

	it('GIVEN a time more than 365 days ahead WHEN read THEN it is too far; 365 days is not', () => {
		expect(MAXIMUM_AHEAD_MS).toBe(365 * DAY);
		expect(parseWhen('in 366 days', NOW, PARIS)).toEqual({
			kind: 'invalid',
			reason: { kind: 'too-far', at: NOW + 366 * DAY, maximumMs: 365 * DAY },
		});
		expect(parseWhen('2027-12-12 20:00', NOW, PARIS)).toMatchObject({ reason: { kind: 'too-far' } });
		expect(okAt('in 365 days')).toBe(NOW + 365 * DAY);
	});

	it('GIVEN a local time the clocks skip WHEN read THEN there is no such time, not a moved one', () => {
		expect(parseWhen('2026-03-29 02:30', NOW, PARIS)).toEqual({
			kind: 'invalid',
			reason: { kind: 'no-such-time', local: '2026-03-29 02:30' },
		});
		// Sunday is the 29th, the night of the change.
		expect(parseWhen('sunday 2:30am', NOW, PARIS)).toEqual({
			kind: 'invalid',
			reason: { kind: 'no-such-time', local: '2026-03-29 02:30' },
		});
		expect(parseWhen('2026-03-08 02:30', Date.UTC(2026, 2, 1), NEW_YORK)).toEqual({
			kind: 'invalid',
			reason: { kind: 'no-such-time', local: '2026-03-08 02:30' },
		});
		// Just after the gap the clocks run again.
		expect(okAt('2026-03-29 03:00')).toBe(Date.UTC(2026, 2, 29, 1, 0));
	});

	it('GIVEN a local time the clocks show twice WHEN read THEN it is the earlier instant, still on summer time', () => {
		expect(okAt('2026-10-25 02:30')).toBe(Date.UTC(2026, 9, 25, 0, 30));
		expect(okAt('2026-11-01 1:30am', NOW, NEW_YORK)).toBe(Date.UTC(2026, 10, 1, 5, 30));
	});

	it('GIVEN a zone that is none WHEN read THEN it is an unknown zone, whatever the words', () => {
		for (const text of ['20:00', 'in 2h', 'soon']) {
			expect(parseWhen(text, NOW, 'Mars/Olympus'), text).toEqual({
				kind: 'invalid',
				reason: { kind: 'unknown-zone', zone: 'Mars/Olympus' },
			});
		}
	});

	it('GIVEN a zone in other case WHEN a local time is read THEN it is read in that zone', () => {
		expect(okAt('2026-12-12 20:00', NOW, 'europe/paris')).toBe(DECEMBER_NIGHT);
		expect(okAt('2026-12-12 20:00', NOW, 'utc')).toBe(Date.UTC(2026, 11, 12, 20, 0));
		expect(okAt('2026-12-12 20:00', NOW, 'AMERICA/NEW_YORK')).toBe(Date.UTC(2026, 11, 13, 1, 0));
	});
});

describe('the time zones', () => {
	it('GIVEN zone names in any case WHEN normalised THEN they give the canonical name', () => {
		expect(normalizeZone('europe/paris')).toBe('Europe/Paris');
		expect(normalizeZone('Europe/Paris')).toBe('Europe/Paris');
		expect(normalizeZone('AMERICA/NEW_YORK')).toBe('America/New_York');
		expect(normalizeZone(' utc ')).toBe('UTC');
		expect(normalizeZone('US/Eastern')).toBe('America/New_York');
	});

	it('GIVEN names that are no zone WHEN checked THEN they are not zones', () => {
		for (const zone of ['Mars/Olympus', '', 'Paris', '+02:00', 'UTC+2']) {
			expect(normalizeZone(zone), zone).toBeNull();
			expect(isZone(zone), zone).toBe(false);
		}
		expect(isZone('europe/paris')).toBe(true);
		expect(isZone('UTC')).toBe(true);
	});

	it('GIVEN what a member typed WHEN zones are suggested THEN names beginning with it come first, then cities', () => {
		expect(zonesMatching('europe/pa')).toEqual(['Europe/Paris']);
		expect(zonesMatching('paris')).toEqual(['Europe/Paris']);
		expect(zonesMatching('new york')).toEqual(['America/New_York']);
		expect(zonesMatching('utc')[0]).toBe('UTC');
		expect(zonesMatching('zzz')).toEqual([]);
	});

	it('GIVEN a limit WHEN zones are suggested THEN at most that many, 25 unless told', () => {
		expect(zonesMatching('')).toHaveLength(25);
		const american = zonesMatching('america', 3);
		expect(american).toHaveLength(3);
		for (const zone of american) expect(zone.startsWith('America/')).toBe(true);
	});
});

describe('a weekly night', () => {
	function weeklyAcross(first: number, zone: string): { next: number; label: string } {
		const next = nextWeekly(first, zone, first);
		return { next, label: localLabel(next, zone) };
	}

	it('GIVEN a Sunday night in Paris WHEN the clocks go forward that Sunday THEN it stays at 20:00, an hour earlier in UTC', () => {
		const first = Date.UTC(2026, 2, 22, 19, 0);
		expect(localLabel(first, PARIS)).toBe('2026-03-22 20:00');
		expect(weeklyAcross(first, PARIS)).toEqual({ next: Date.UTC(2026, 2, 29, 18, 0), label: '2026-03-29 20:00' });
		expect(nextWeekly(first, PARIS, first) - first).toBe(WEEK - HOUR);
	});

	it('GIVEN a Sunday night in Paris WHEN the clocks go back that Sunday THEN it stays at 20:00, an hour later in UTC', () => {
		const first = Date.UTC(2026, 9, 18, 18, 0);
		expect(localLabel(first, PARIS)).toBe('2026-10-18 20:00');
		expect(weeklyAcross(first, PARIS)).toEqual({ next: Date.UTC(2026, 9, 25, 19, 0), label: '2026-10-25 20:00' });
		expect(nextWeekly(first, PARIS, first) - first).toBe(WEEK + HOUR);
	});

	it('GIVEN a Sunday night in New York WHEN the clocks go forward that Sunday THEN it stays at 20:00, an hour earlier in UTC', () => {
		const first = Date.UTC(2026, 2, 2, 1, 0);
		expect(localLabel(first, NEW_YORK)).toBe('2026-03-01 20:00');
		expect(weeklyAcross(first, NEW_YORK)).toEqual({ next: Date.UTC(2026, 2, 9, 0, 0), label: '2026-03-08 20:00' });
		expect(nextWeekly(first, NEW_YORK, first) - first).toBe(WEEK - HOUR);
	});

	it('GIVEN a Sunday night in New York WHEN the clocks go back that Sunday THEN it stays at 20:00, an hour later in UTC', () => {
		const first = Date.UTC(2026, 9, 26, 0, 0);
		expect(localLabel(first, NEW_YORK)).toBe('2026-10-25 20:00');
		expect(weeklyAcross(first, NEW_YORK)).toEqual({ next: Date.UTC(2026, 10, 2, 1, 0), label: '2026-11-01 20:00' });
		expect(nextWeekly(first, NEW_YORK, first) - first).toBe(WEEK + HOUR);
	});

	it('GIVEN a Friday night in Paris WHEN asked months later THEN it is the first Friday after, still at 20:00', () => {
		const first = Date.UTC(2026, 0, 2, 19, 0);
		const next = nextWeekly(first, PARIS, Date.UTC(2026, 6, 1, 12, 0));
		expect(next).toBe(Date.UTC(2026, 6, 3, 18, 0));
		expect(localLabel(next, PARIS)).toBe('2026-07-03 20:00');
	});

	it('GIVEN a night WHEN asked at an occurrence or before the first THEN it is strictly after, and the first night counts', () => {
		const first = Date.UTC(2026, 0, 2, 19, 0);
		expect(nextWeekly(first, PARIS, first - 1)).toBe(first);
		expect(nextWeekly(first, PARIS, first)).toBe(first + WEEK);
		expect(nextWeekly(first, PARIS, first + WEEK)).toBe(first + 2 * WEEK);
		expect(nextWeekly(first, PARIS, first + WEEK - 1)).toBe(first + WEEK);
	});

	it('GIVEN a night at 02:30 WHEN the clocks skip 02:30 that day THEN it starts as the gap ends, and 02:30 again the week after', () => {
		const first = Date.UTC(2026, 2, 22, 1, 30);
		expect(localLabel(first, PARIS)).toBe('2026-03-22 02:30');
		const inGap = nextWeekly(first, PARIS, first);
		expect(inGap).toBe(Date.UTC(2026, 2, 29, 1, 0));
		expect(localLabel(inGap, PARIS)).toBe('2026-03-29 03:00');
		const after = nextWeekly(first, PARIS, inGap);
		expect(localLabel(after, PARIS)).toBe('2026-04-05 02:30');

		const american = nextWeekly(Date.UTC(2026, 2, 1, 7, 30), NEW_YORK, Date.UTC(2026, 2, 2));
		expect(localLabel(american, NEW_YORK)).toBe('2026-03-08 03:00');
	});

	it('GIVEN a night at 02:30 WHEN the clocks show 02:30 twice that day THEN it is the earlier of the two', () => {
		const first = Date.UTC(2026, 9, 18, 0, 30);
		const next = nextWeekly(first, PARIS, first);
		expect(next).toBe(Date.UTC(2026, 9, 25, 0, 30));
		expect(localLabel(next, PARIS)).toBe('2026-10-25 02:30');
	});

	it('GIVEN a zone in other case WHEN the next night is found THEN it is found in that zone', () => {
		const first = Date.UTC(2026, 2, 22, 19, 0);
		expect(nextWeekly(first, 'europe/paris', first)).toBe(Date.UTC(2026, 2, 29, 18, 0));
	});

	it('GIVEN a zone that is none WHEN the next night or a label is asked THEN it is a mistake of the caller', () => {
		expect(() => nextWeekly(DECEMBER_NIGHT, 'Mars/Olympus', DECEMBER_NIGHT)).toThrow(RangeError);
		expect(() => localLabel(DECEMBER_NIGHT, 'Mars/Olympus')).toThrow(RangeError);
	});
});

describe('the local label', () => {
	it('GIVEN an instant WHEN labelled THEN it is the wall clock of the zone, in the form members type', () => {
		expect(localLabel(DECEMBER_NIGHT, PARIS)).toBe('2026-12-12 20:00');
		expect(localLabel(DECEMBER_NIGHT, 'UTC')).toBe('2026-12-12 19:00');
		expect(localLabel(DECEMBER_NIGHT, NEW_YORK)).toBe('2026-12-12 14:00');
		expect(localLabel(DECEMBER_NIGHT, 'asia/kathmandu')).toBe('2026-12-13 00:45');
	});

	it('GIVEN a label WHEN typed back THEN it reads as the same instant', () => {
		for (const zone of [PARIS, NEW_YORK, 'UTC', 'Asia/Kathmandu']) {
			expect(okAt(localLabel(DECEMBER_NIGHT, zone), NOW, zone), zone).toBe(DECEMBER_NIGHT);
		}
	});
});
