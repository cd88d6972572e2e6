import { afterEach, describe, expect, it, vi } from 'vitest';
import { bucketOf, ChannelBudgets } from '../../src/discord/channel-budgets.js';

const headers = (remaining: string, resetAfter: string) => ({
	get: (name: string) => ({ 'x-ratelimit-remaining': remaining, 'x-ratelimit-reset-after': resetAfter })[name] ?? null,
});
const POSTS = 'POST /channels/42/messages';
const EDITS = 'PATCH /channels/42/messages';

describe("a channel's budgets as Discord's answers tell them", () => {
	afterEach(() => vi.useRealTimers());

	it('GIVEN requests by address or path WHEN bucketed THEN a post and an edit of a channel each have their bucket, and nothing else has one', () => {
		expect(bucketOf('POST', 'https://discord.com/api/v10/channels/42/messages')).toBe(POSTS);
		expect(bucketOf('post', '/channels/42/messages')).toBe(POSTS);
		expect(bucketOf('PATCH', 'http://127.0.0.1:4000/api/v10/channels/42/messages/7?x=1')).toBe(EDITS);
		expect(bucketOf('GET', '/channels/42/messages')).toBeNull();
		expect(bucketOf('PATCH', '/channels/42/messages')).toBeNull();
		expect(bucketOf('POST', '/channels/42/typing')).toBeNull();
		expect(bucketOf('POST', '/interactions/1/token/callback')).toBeNull();
	});

	it('GIVEN buckets used by the copy before WHEN it hands them over and the next copy takes them over THEN that copy spends only what was left, then waits until the budget is whole, and no longer', () => {
		let now = 1_000_000;
		const before = new ChannelBudgets(() => now);
		before.note('POST', '/api/v10/channels/42/messages', headers('1', '2.5'));
		before.note('PATCH', '/api/v10/channels/42/messages/7', headers('0', '4'));
		before.note('GET', '/api/v10/channels/42', headers('0', '9'));
		expect(before.handOver()).toEqual({
			[POSTS]: { left: 1, until: 1_002_500 },
			[EDITS]: { left: 0, until: 1_004_000 },
		});

		const after = new ChannelBudgets(() => now);
		expect(after.book(POSTS)).toBe(0);
		after.takeOver(before.handOver());
		// One post was left: it goes; the next waits for the budget to be whole again.
		expect(after.book(POSTS)).toBe(0);
		expect(after.book(POSTS)).toBe(2500);
		expect(after.book(EDITS)).toBe(4000);
		now += 1000;
		expect(after.book(POSTS)).toBe(1500);
		// Its own answer says what is left now.
		after.note('POST', '/api/v10/channels/42/messages', headers('4', '5'));
		expect(after.book(POSTS)).toBe(0);
		now += 4000;
		expect(after.book(EDITS)).toBe(0);
		expect(after.handOver()).toEqual({ [POSTS]: { left: 3, until: 1_006_000 } });
	});

	it('GIVEN buckets whose time is past WHEN handed over THEN they are not, and nothing waits on them', () => {
		let now = 0;
		const budgets = new ChannelBudgets(() => now);
		budgets.note('POST', '/channels/42/messages', headers('0', '1'));
		now = 1000;
		expect(budgets.handOver()).toEqual({});
		expect(budgets.book(POSTS)).toBe(0);
	});
});
