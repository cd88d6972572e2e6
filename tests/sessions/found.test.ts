import { afterEach, describe, expect, it } from 'vitest';
import { mapView } from '../../src/sessions/night-map.js';
import { waitFor } from '../helpers.js';
import { sampleRecord } from '../store/contract.js';
import { type Bot, GUILD, sqliteUrl, trackedBots } from './harness.js';

const bots = trackedBots();
afterEach(() => bots.stopAll());
const bot = bots.bot;

/** Plays the two-doors dream in a channel, the group choosing by these texts, and returns its recap. */
async function play(b: Bot, channelId: string, choices: string[]) {
	await b.dreams.start({ guildId: GUILD, channelId, userId: 'u', storyId: 'branching' });
	for (const [i, text] of choices.entries()) {
		const vote = await waitFor(`vote ${i + 1}`, () => b.channel.votes(channelId).find((v) => v.view.round === i + 1));
		const choice = vote.view.choices.find((c) => c.text === text);
		if (!choice) throw new Error(`no choice ${text}`);
		await b.dreams.vote({
			channelId,
			sessionId: vote.view.sessionId,
			round: i + 1,
			choice: choice.index,
			userId: 'alice',
		});
	}
	return waitFor('the recap', () => b.channel.ending(channelId));
}

const GARDEN = ['Take the key', 'Unlock the left door'];
const LONG_DARK = ['Leave it', 'Go through the right door', 'Sit in the dark'];

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('endings found in a server', () => {
	it('GIVEN plays in several channels, a reset and a restart WHEN each ends THEN the recap says whether its ending is new and how many of the three are found', async () => {
		const url = sqliteUrl();
		const first = bot({ url, voteMs: 50 });
		expect((await play(first, 'c1', GARDEN)).view).toMatchObject({
			ending: 'The glass garden',
			found: { count: 1, total: 3, newEnding: true },
		});
		expect((await play(first, 'c2', GARDEN)).view.found).toEqual({ count: 1, total: 3, newEnding: false });
		await first.dreams.start({ guildId: GUILD, channelId: 'c3', userId: 'u', storyId: 'branching' });
		await first.dreams.reset('c3', 'moderator');
		await bots.stop(first);

		const second = bot({ url, voteMs: 50 });
		expect((await play(second, 'c4', LONG_DARK)).view.found).toEqual({ count: 2, total: 3, newEnding: true });
		expect((await second.dreams.list(GUILD)).found.branching).toEqual({ count: 2, total: 3 });
		await second.dreams.start({ guildId: GUILD, channelId: 'c6', userId: 'u', storyId: 'branching' });
		expect(await second.dreams.status('c6')).toMatchObject({ view: { found: { count: 2, total: 3 } } });
		// Another server has found nothing yet.
		expect((await second.dreams.list('100000000000000009')).found.branching).toEqual({ count: 0, total: 3 });
	});
});

describe('the map of the night', () => {
	it('GIVEN a dream under way and then ended WHEN its map is asked for, and with its recap THEN both are PNGs, the recap drawing the whole path', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 50 });
		expect(await b.dreams.map('c1')).toEqual({ kind: 'none' });
		await b.dreams.start({ guildId: GUILD, channelId: 'c1', userId: 'u', storyId: 'branching' });
		await waitFor('the first vote', () => b.channel.votes('c1')[0]);
		const sofar = await b.dreams.map('c1');
		expect(sofar).toMatchObject({ kind: 'map', story: { title: 'Two Doors' } });
		if (sofar.kind === 'map') expect(sofar.png.subarray(0, 8)).toEqual(PNG);
		const recap = await play(b, 'c2', GARDEN);
		expect(recap.view.map?.subarray(0, 8)).toEqual(PNG);
	});
});

describe('what a map shows', () => {
	const record = {
		scenes: ['The hall', 'The cellar'],
		history: [
			{ round: 1, choice: 'Leave it', votes: 2, ballots: 3, closedBy: 'deadline' as const, scene: 'The hall' },
			{ round: 2, choice: 'Go through the right door', votes: 1, ballots: 1, closedBy: 'skip' as const },
		],
	};

	it("GIVEN a path under way WHEN viewed THEN it is the scenes told, the votes in their scenes, and the server's finds as seen", () => {
		const view = mapView(
			{ ...sampleRecord('c1'), ...record, phase: 'voting', ended: false },
			{ endings: { Waking: { at: 1, channelId: 'c9' } }, scenes: ['The garden'] },
			{ title: 'Two Doors', color: 0x336699 },
		);
		expect(view).toEqual({
			title: 'Two Doors',
			color: 0x336699,
			path: ['The hall', 'The cellar'],
			votes: [{ scene: 'The hall', round: 1, choice: 'Leave it', votes: 2, ballots: 3 }],
			seen: ['The garden', 'Waking', 'The hall', 'The cellar'],
		});
	});

	it('GIVEN an ended dream WHEN viewed THEN its ending closes the path', () => {
		const ended = {
			...sampleRecord('c1'),
			...record,
			phase: 'ended' as const,
			ended: true,
			beats: [{ text: 'You sit.', ending: 'The long dark' }],
		};
		expect(mapView(ended, { endings: {}, scenes: [] }, { title: 'x', color: 0 }).path).toEqual([
			'The hall',
			'The cellar',
			'The long dark',
		]);
	});
});
