import { describe, expect, it } from 'vitest';
import { type EmbedMessage, MAP_FILE, renderEnding, renderNotice, renderStoryList } from '../../src/discord/render.js';
import { recapWords } from '../../src/discord/words/index.js';

const story = { id: 'x', title: 'Two Doors', description: 'd', color: 0x336699, contentHash: 'h' };
// What goes to Discord, through JSON as it is sent.
const json = (payload: EmbedMessage) => {
	const sent = JSON.parse(JSON.stringify(payload)) as EmbedMessage;
	return { embeds: sent.embeds };
};

describe('rendering for Discord', () => {
	it('GIVEN a dream’s end WHEN rendered THEN the path the group took, its votes, the dreamers and the endings found are shown', () => {
		const end = {
			story,
			ending: 'The glass garden',
			found: { count: 2, total: { endings: 3, samplePlays: null }, newEnding: true },
			map: null,
			dreamers: 3,
			beatsTold: 6,
			history: [{ round: 1, choice: 'Take the key', votes: 2, ballots: 3, closedBy: 'deadline' as const }],
		};
		const { embeds } = json(renderEnding(end));
		expect(embeds[0]?.title).toBe('The end: The glass garden');
		expect(embeds[0]?.description).toContain('1. Take the key — 2 of 3 votes');
		expect(embeds[0]?.description).toContain('**A new ending for this server.** 2 of 3 endings found.');
		expect(embeds[0]?.description).toContain('3 dreamers took part · 6 beats told');
		expect(embeds[0]?.description).toContain('/dream start');
		const again = json(renderEnding({ ...end, found: { count: 2, total: null, newEnding: false } }));
		expect(again.embeds[0]?.description).toContain('This server had reached this ending before. 2 endings found.');
		const untitled = json(
			renderEnding({
				...end,
				ending: null,
				found: { count: 0, total: { endings: 1, samplePlays: null }, newEnding: false },
			}),
		);
		const sampled = json(
			renderEnding({ ...end, found: { count: 2, total: { endings: 5, samplePlays: 2000 }, newEnding: true } }),
		);
		expect(sampled.embeds[0]?.description).toContain(
			'**A new ending for this server.** 2 found of the 5 endings seen in 2,000 sample plays.',
		);
		expect(untitled.embeds[0]?.description).toContain('\n\n0 of 1 ending found.\n');
	});
});

describe('the map with the recap', () => {
	const end = {
		story,
		ending: 'Waking',
		found: { count: 1, total: { endings: 3, samplePlays: null }, newEnding: true },
		map: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
		dreamers: 1,
		beatsTold: 4,
		history: [],
	};

	it('GIVEN a map WHEN Reverie may attach files THEN the recap carries it as a file its embed shows', () => {
		const body = renderEnding(end);
		expect(body.files).toEqual([{ attachment: end.map, name: MAP_FILE }]);
		expect(body.embeds[0]?.image).toEqual({ url: `attachment://${MAP_FILE}` });
		expect(body.embeds[0]?.description).not.toContain(recapWords.noMap);
	});

	it('GIVEN a map WHEN Reverie may not attach files there THEN the recap goes without it and says so', () => {
		const body = renderEnding(end, { attach: false });
		expect(body.files).toBeUndefined();
		expect(body.embeds[0]?.image).toBeUndefined();
		expect(body.embeds[0]?.description).toContain(recapWords.noMap);
	});
});

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
