import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostsAhead } from '../../src/discord/posts-ahead.js';

/** Which of `channels` have been let prepare their post, after the promises settled. */
async function letGo(ahead: PostsAhead, channels: string[]) {
	const done = new Set<string>();
	for (const channelId of channels) void ahead.ready(channelId).then(() => done.add(channelId));
	await Promise.resolve();
	await Promise.resolve();
	return done;
}

afterEach(() => {
	vi.useRealTimers();
});

describe('dreams preparing their posts', () => {
	it('GIVEN more dreams going on than the limit WHEN they ask THEN only the limit prepare, and each post let out lets the next one in, in the order they asked', async () => {
		const ahead = new PostsAhead(2);
		const done = await letGo(ahead, ['a', 'b', 'c', 'd']);
		expect([...done]).toEqual(['a', 'b']);
		expect(ahead.waitingCount).toBe(2);
		ahead.posted('b');
		await Promise.resolve();
		expect([...done]).toEqual(['a', 'b', 'c']);
		// A channel that holds no place posting changes nothing.
		ahead.posted('z');
		await Promise.resolve();
		expect(done.has('d')).toBe(false);
		ahead.posted('a');
		await Promise.resolve();
		expect(done.has('d')).toBe(true);
	});

	it('GIVEN a dream let prepare whose post never comes WHEN its place has been kept long enough THEN the next dream goes', async () => {
		vi.useFakeTimers();
		const ahead = new PostsAhead(1, 10_000);
		const done = await letGo(ahead, ['a', 'b']);
		expect([...done]).toEqual(['a']);
		await vi.advanceTimersByTimeAsync(9_999);
		expect(done.has('b')).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(done.has('b')).toBe(true);
	});

	it('GIVEN dreams waiting WHEN this copy stops posting THEN every one of them goes on', async () => {
		const ahead = new PostsAhead(1);
		const done = await letGo(ahead, ['a', 'b', 'c']);
		ahead.letAllGo();
		await Promise.resolve();
		expect([...done].sort()).toEqual(['a', 'b', 'c']);
	});
});
