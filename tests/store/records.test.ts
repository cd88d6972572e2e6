import { describe, expect, it } from 'vitest';
import { parseChannelRecord, RECORD_VERSION } from '../../src/store/records.js';
import { stopReasonOfNote } from '../../src/store/stop-reasons.js';
import { sampleRecord } from './contract.js';

/** A record as version 1 stored it: `note`, an English sentence, where version 2 has `stopReason`. */
function versionOne(note: string | null) {
	const { stopReason: _, ...rest } = sampleRecord('c1', { phase: 'stuck' });
	return { ...rest, v: 1, note };
}

describe('channel records of version 1', () => {
	it.each([
		['ended', { kind: 'ending', ending: null }],
		['ended: The Lighthouse', { kind: 'ending', ending: 'The Lighthouse' }],
		['the channel or its messages are gone (Unknown Channel)', { kind: 'channel-gone', detail: 'Unknown Channel' }],
		['the channel or its messages are gone (the vote message was deleted)', { kind: 'vote-deleted' }],
		['a moderator removed the dream "tides" from this server', { kind: 'story-removed', storyId: 'tides' }],
		['the dream "tides" is no longer one this server has', { kind: 'story-gone', storyId: 'tides' }],
		[
			'the dream changed and cannot resume here (no knot "cellar" (at x))',
			{ kind: 'story-changed', detail: 'no knot "cellar" (at x)' },
		],
		[
			'the saved place could not be read (save format 9 is newer)',
			{ kind: 'bad-save', detail: 'save format 9 is newer' },
		],
		['choice 3 is not open (2 are)', { kind: 'invalid-choice', index: 3, available: 2 }],
		['the dream broke off (ran out of content)', { kind: 'story-error', detail: 'ran out of content' }],
		['the moon fell', { kind: 'other', text: 'the moon fell' }],
		['', { kind: 'other', text: '' }],
	])('GIVEN the note %j WHEN read THEN it is the stop reason it stood for', (note, reason) => {
		expect(stopReasonOfNote(note)).toEqual(reason);
		expect(parseChannelRecord(versionOne(note))).toEqual({
			ok: true,
			value: { ...sampleRecord('c1', { phase: 'stuck' }), stopReason: reason },
		});
	});

	it('GIVEN a running dream (no note) WHEN read THEN it is a record of this version with no stop reason', () => {
		const read = parseChannelRecord(versionOne(null));
		expect(read).toEqual({ ok: true, value: sampleRecord('c1', { phase: 'stuck' }) });
		expect(read.ok && read.value.v).toBe(RECORD_VERSION);
	});

	it('GIVEN a version 1 record that is damaged WHEN read THEN it is unreadable, with where', () => {
		expect(parseChannelRecord({ ...versionOne(null), phase: 'dreaming' })).toMatchObject({
			ok: false,
			reason: expect.stringContaining('phase'),
		});
		expect(parseChannelRecord({ ...versionOne(null), note: 7 })).toMatchObject({ ok: false });
	});

	it('GIVEN a record of this version with an old note instead of a stop reason WHEN read THEN it is unreadable', () => {
		const { stopReason: _, ...rest } = sampleRecord('c1');
		expect(parseChannelRecord({ ...rest, note: 'ended' })).toMatchObject({ ok: false });
	});
});
