import { describe, expect, it } from 'vitest';
import { renderNotice, renderStoryList } from '../../src/discord/render.js';

const story = { id: 'x', title: 'Two Doors', description: 'd', color: 0x336699, contentHash: 'h' };

describe('notices from Reverie', () => {
	it('GIVEN each notice the sessions give WHEN rendered THEN the channel reads what happened and what to do next', () => {
		const reset = renderNotice({ story, storyId: 'x', notice: { kind: 'reset', userId: '300000000000000009' } });
		expect(reset.embeds[0]).toEqual({
			color: story.color,
			author: { name: 'Two Doors' },
			description: "<@300000000000000009> reset this channel's dream. `/dream start` begins a new one.",
		});
		const changed = renderNotice({ story, storyId: 'x', notice: { kind: 'story-changed' } });
		expect(changed.embeds[0]?.description).toBe(
			'The dream “Two Doors” changed since this channel began it, and cannot go on from here. A moderator can `/dream reset` it, then `/dream start` begins it again.',
		);
		const gone = renderNotice({ story: null, storyId: 'lost-dream', notice: { kind: 'story-changed' } });
		expect(gone.embeds[0]?.description).toContain('The dream “lost-dream” changed');
		expect(gone.embeds[0]?.author).toBeUndefined();
		const unreadable = renderNotice({ story: null, storyId: null, notice: { kind: 'unreadable' } });
		expect(unreadable.embeds[0]?.description).toBe(
			"This channel's dream could not be read back and has been reset. `/dream start` begins a new one.",
		);
	});
});

describe('the list of dreams', () => {
	it('GIVEN dreams with and without an author or a description WHEN listed THEN each shows its title, id, description and author', () => {
		const [list] = renderStoryList(
			[
				{ ...story, author: 'A. Writer' },
				{ ...story, id: 'y', title: 'Quiet', description: '' },
			],
			[],
		);
		expect(list?.fields).toEqual([
			{ name: 'Two Doors (x)', value: 'd\nby A. Writer' },
			{ name: 'Quiet (y)', value: 'No description.' },
		]);
	});

	it("GIVEN built-in dreams and a server's 25 own with long descriptions WHEN listed THEN all are shown, the server's apart, within a message's 6,000 characters", () => {
		const long = 'A very long description of a dream. '.repeat(40);
		const builtIn = [story, { ...story, id: 'z', description: long }];
		const own = Array.from({ length: 25 }, (_, i) => ({
			...story,
			id: `dream-${i}`,
			title: `Dream ${i} ${'with a long title '.repeat(10)}`,
			description: long,
			author: 'Someone',
		}));
		const embeds = renderStoryList(builtIn, own);
		expect(embeds.map((e) => e.fields?.length)).toEqual([2, 25]);
		expect(embeds[1]?.title).toBe("This server's own dreams (25)");
		expect(embeds[1]?.fields?.[3]?.name).toMatch(/^Dream 3 /);
		const characters = embeds
			.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])
			.join('').length;
		expect(characters).toBeLessThanOrEqual(6000);
	});

	it('GIVEN no dreams at all WHEN listed THEN the list says there are none', () => {
		expect(renderStoryList([], [])).toEqual([
			expect.objectContaining({ description: 'There are no dreams to play yet.' }),
		]);
	});
});
