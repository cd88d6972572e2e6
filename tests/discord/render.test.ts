import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/dev/local-discord/checks.js';
import {
	type EmbedMessage,
	MAP_FILE,
	renderEnding,
	renderNotice,
	renderStoryList,
	renderVote,
} from '../../src/discord/render.js';
import { recapWords } from '../../src/discord/words/index.js';
import type { VoteView } from '../../src/sessions/ports.js';

const story = { id: 'x', title: 'Two Doors', description: 'd', color: 0x336699, contentHash: 'h' };
// What goes to Discord, through JSON as it is sent.
const json = (payload: EmbedMessage) => {
	const sent = JSON.parse(JSON.stringify(payload)) as EmbedMessage;
	return { embeds: sent.embeds, rows: (sent.components ?? []).map((r) => r.components) };
};

function vote(patch: Partial<VoteView> = {}): VoteView {
	return {
		story,
		sessionId: 'abcdefgh',
		channelId: '200000000000000001',
		round: 3,
		choices: [
			{ index: 0, text: 'Open the door', votes: 2 },
			{ index: 1, text: 'Wait', votes: 1 },
		],
		deadline: 1_800_000_000_000,
		state: 'open',
		winner: null,
		closedBy: null,
		ballots: 3,
		...patch,
	};
}

describe('rendering for Discord', () => {
	it('GIVEN an open vote WHEN rendered THEN each choice is a button with its tally and the closing time is a Discord timestamp', () => {
		const { embeds, rows } = json(renderVote(vote()));
		expect(embeds[0]?.description).toContain('**1. Open the door** — 2 votes');
		expect(embeds[0]?.description).toContain('Closes <t:1800000000:R> · 3 dreamers voted so far.');
		expect(rows[0]?.map((b) => [b.label, b.disabled])).toEqual([
			['1. Open the door', false],
			['2. Wait', false],
		]);
	});

	it('GIVEN a choice shown greyed out WHEN its vote is rendered THEN its button shows its text, disabled, beside the others', () => {
		const choices = [...vote().choices, { index: 2, text: 'Swim out', votes: 0, unclickable: true as const }];
		const { embeds, rows } = json(renderVote(vote({ choices })));
		expect(rows[0]?.map((b) => [b.label, b.disabled])).toEqual([
			['1. Open the door', false],
			['2. Wait', false],
			['3. Swim out', true],
		]);
		expect(embeds[0]?.description).toContain('3. Swim out');
	});

	it('GIVEN a closed vote WHEN rendered THEN the buttons are disabled and the winner is marked', () => {
		const { embeds, rows } = json(renderVote(vote({ state: 'closed', winner: 0, closedBy: 'everyone' })));
		expect(embeds[0]?.description).toContain('✅ **1. Open the door**');
		expect(embeds[0]?.description).toContain('Closed: everyone had voted.');
		expect(rows[0]?.every((b) => b.disabled)).toBe(true);
	});

	it('GIVEN 25 choices, as published ink can have at one point WHEN rendered THEN five rows of five buttons carry them, each labelled with its text, and Discord takes the message', () => {
		const choices = Array.from({ length: 25 }, (_, i) => ({ index: i, text: `Stall ${i + 1}`, votes: 0 }));
		const body = renderVote(vote({ choices }));
		const { embeds, rows } = json(body);
		expect(rows.map((r) => r.length)).toEqual([5, 5, 5, 5, 5]);
		expect(rows.flat().map((b) => b.label)).toEqual(choices.map((c) => `${c.index + 1}. ${c.text}`));
		expect(embeds[0]?.description).toContain('**25. Stall 25** — 0 votes');
		expect(checkMessage(JSON.parse(JSON.stringify(body)))).toEqual([]);
	});

	it('GIVEN a choice too long for a button WHEN rendered THEN the message shows its whole text and every button shows only its number', () => {
		const long =
			'Walk past the fishmongers and the flower sellers and the man who sells only left shoes, all the way to the far gate';
		const { embeds, rows } = json(
			renderVote(
				vote({
					choices: [
						{ index: 0, text: 'Buy bread', votes: 1 },
						{ index: 1, text: long, votes: 2 },
					],
				}),
			),
		);
		expect(embeds[0]?.description).toContain(`**2. ${long}** — 2 votes`);
		expect(embeds[0]?.description).toContain('**1. Buy bread** — 1 vote');
		expect(rows[0]?.map((b) => b.label)).toEqual(['1', '2']);
	});

	it('GIVEN 25 choices of paragraphs WHEN rendered THEN each is shortened alike so that all of them and the closing time fit the message', () => {
		const choices = Array.from({ length: 25 }, (_, i) => ({
			index: i,
			text: `${i + 1} ${'word '.repeat(130)}`,
			votes: i,
		}));
		const body = renderVote(vote({ choices }));
		const description = body.embeds[0]?.description ?? '';
		expect(description.length).toBeLessThanOrEqual(4096);
		expect(description).toContain('Closes <t:1800000000:R> · 3 dreamers voted so far.');
		for (const c of choices) expect(description).toContain(`**${c.index + 1}. ${c.index + 1} word`);
		expect(checkMessage(JSON.parse(JSON.stringify(body)))).toEqual([]);
	});

	it('GIVEN a point with one choice WHEN rendered THEN it is a "go on": the choice, when it goes on by itself, and one button with its text; gone on, the button is disabled', () => {
		const only = [{ index: 0, text: 'Go through the door', votes: 0 }];
		const open = json(renderVote(vote({ choices: only, ballots: 0 })));
		expect(open.embeds[0]).toMatchObject({
			title: 'The dream goes on',
			description: '**Go through the door**\n\nIt goes on <t:1800000000:R>, or as soon as someone clicks.',
		});
		expect(open.rows).toEqual([[expect.objectContaining({ label: 'Go through the door', style: 1 })]]);
		expect(open.rows[0]?.[0]?.disabled).toBeFalsy();
		const gone = json(renderVote(vote({ choices: only, state: 'closed', winner: 0, closedBy: 'everyone' })));
		expect(gone.embeds[0]).toMatchObject({
			title: 'The dream went on',
			description: '**Go through the door**\n\nIt went on.',
		});
		expect(gone.rows[0]?.[0]).toMatchObject({ disabled: true });
		const long = json(renderVote(vote({ choices: [{ index: 0, text: 'On and on '.repeat(12), votes: 0 }] })));
		expect(long.rows[0]?.[0]?.label).toBe('Go on');
	});

	it('GIVEN six or more choices and long texts WHEN rendered THEN rows hold five buttons and labels fit 80 characters', () => {
		const choices = Array.from({ length: 7 }, (_, i) => ({ index: i, text: 'x'.repeat(100), votes: 0 }));
		const { rows } = json(renderVote(vote({ choices })));
		expect(rows.map((r) => r.length)).toEqual([5, 2]);
		expect(rows.flat().every((b) => (b.label ?? '').length <= 80)).toBe(true);
		expect(new Set(rows.flat().map((b) => b.custom_id)).size).toBe(7);
	});

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
