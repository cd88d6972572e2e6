import { defaultDeserialize, defaultSerialize } from '@keyv/serialize';
import { describe, expect, it } from 'vitest';
import { deserialize, serialize, writtenAs } from '../../src/store/backends/stored-form.js';
import { sampleRecord } from './contract.js';

/** Values as Keyv hands them to the serializer: the stored value wrapped with its expiry. */
const values = [
	{ value: sampleRecord('c1'), expires: undefined },
	{
		value: sampleRecord('c2', {
			beats: [{ text: ':wave: hi' }, { text: '::x' }],
			stopReason: { kind: 'other', text: ':base64:aGk=' },
		}),
		expires: 5,
	},
	{ value: { voteSeconds: 30, pace: 'fast', moderatorRoleId: null } },
	{ value: { nested: [[':a', 'b'], { c: ':' }], empty: '' } },
	{ value: [':lead', 'in:side', { ':key': ':value' }], expires: null },
	':top',
];

describe("the store's stored form", () => {
	it('GIVEN values with and without texts that begin with ":" WHEN written THEN the text is what Keyv itself writes', () => {
		for (const value of values) expect(serialize(value)).toBe(defaultSerialize(value as never));
	});

	it('GIVEN text Keyv itself wrote (records from before) WHEN read THEN the values are what Keyv itself reads', () => {
		for (const value of values) {
			const text = defaultSerialize(value as never);
			expect(deserialize(text)).toEqual(defaultDeserialize(text));
		}
	});

	it('GIVEN a record with texts that begin with ":" WHEN written and read THEN it is unchanged', () => {
		const record = values[1];
		expect(deserialize(serialize(record))).toEqual(JSON.parse(JSON.stringify(record)));
	});

	it('GIVEN values written with their text already made (as the store writes records) WHEN written THEN the text is still what Keyv itself writes', () => {
		for (const wrapped of values) {
			if (typeof wrapped !== 'object' || typeof wrapped.value !== 'object') continue;
			const value = { ...wrapped, value: writtenAs(structuredClone(wrapped.value), JSON.stringify(wrapped.value)) };
			expect(serialize(value)).toBe(defaultSerialize(wrapped as never));
		}
	});
});
