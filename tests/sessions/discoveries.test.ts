import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderEnding } from '../../src/discord/recap-layout.js';
import { loadCatalogue } from '../../src/engine/index.js';
import type { StoryChecker } from '../../src/sessions/library.js';
import { mapView } from '../../src/sessions/night-map.js';
import { FADED_ENDING } from '../../src/sessions/sessions.js';
import { FIXTURES, tempDir, waitFor } from '../helpers.js';
import { sampleRecord } from '../store/contract.js';
import { type Bot, checkerOnThisThread, GUILD, sqliteUrl, trackedBots } from './harness.js';

const bots = trackedBots();
afterEach(() => bots.stopAll());
const bot = bots.bot;

/** Plays the two-doors dream in a channel, the group choosing by these texts, and returns its recap. */
async function play(b: Bot, channelId: string, choices: string[]) {
	await b.sessions.start({ guildId: GUILD, channelId, userId: 'u', storyId: 'branching' });
	for (const [i, text] of choices.entries()) {
		const vote = await waitFor(`vote ${i + 1}`, () => b.channel.votes(channelId).find((v) => v.view.round === i + 1));
		const choice = vote.view.choices.find((c) => c.text === text);
		if (!choice) throw new Error(`no choice ${text}`);
		await b.sessions.vote({
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

/** The fixture's three endings, all of them explored. */
const THREE = { endings: 3, samplePlays: null };

describe('endings found in a server', () => {
	it('GIVEN plays in several channels, a reset and a restart WHEN each ends THEN the recap says whether its ending is new and how many of the three are found', async () => {
		const url = sqliteUrl();
		const first = bot({ url, voteMs: 50 });
		expect((await play(first, 'c1', GARDEN)).view).toMatchObject({
			ending: 'The glass garden',
			found: { count: 1, total: THREE, newEnding: true },
		});
		expect((await play(first, 'c2', GARDEN)).view.found).toEqual({ count: 1, total: THREE, newEnding: false });
		await first.sessions.start({ guildId: GUILD, channelId: 'c3', userId: 'u', storyId: 'branching' });
		await first.sessions.reset('c3', 'moderator');
		await bots.stop(first);

		const second = bot({ url, voteMs: 50 });
		expect((await play(second, 'c4', LONG_DARK)).view.found).toEqual({ count: 2, total: THREE, newEnding: true });
		expect((await second.sessions.list(GUILD)).found.branching).toEqual({ count: 2, total: THREE });
		await second.sessions.start({ guildId: GUILD, channelId: 'c6', userId: 'u', storyId: 'branching' });
		expect(await second.sessions.status('c6')).toMatchObject({ view: { found: { count: 2, total: THREE } } });
		// Another server has found nothing yet.
		expect((await second.sessions.list('100000000000000009')).found.branching).toEqual({ count: 0, total: THREE });
	});
});

/** The checker on this thread, whose explorations finish only when the test lets them, and which counts them. */
function gatedChecker() {
	let open!: () => void;
	const gate = new Promise<void>((resolve) => {
		open = resolve;
	});
	const explored: string[] = [];
	const checker: StoryChecker = {
		check: checkerOnThisThread.check,
		unpack: checkerOnThisThread.unpack,
		graph: async (fileName, source) => {
			explored.push(fileName);
			await gate;
			return checkerOnThisThread.graph(fileName, source);
		},
	};
	return { checker, explored, open };
}

describe("counting a dream's endings", () => {
	it('GIVEN endings still being counted WHEN /dream list and /dream status are asked THEN they answer without the count rather than wait for it, and with it once it is done', async () => {
		const { checker, explored, open } = gatedChecker();
		const b = bot({ url: sqliteUrl(), checker });
		await b.sessions.start({ guildId: GUILD, channelId: 'c1', userId: 'u', storyId: 'branching' });
		// Neither waits for the exploration past a moment: it has not finished (the gate is shut).
		expect((await b.sessions.list(GUILD)).found.branching).toEqual({ count: 0, total: null });
		expect(await b.sessions.status('c1')).toMatchObject({ view: { found: { count: 0, total: null } } });
		open();
		await waitFor(
			'the endings counted',
			async () => (await b.sessions.list(GUILD)).found.branching?.total?.endings === 3,
		);
		expect(await b.sessions.status('c1')).toMatchObject({ view: { found: { count: 0, total: THREE } } });
		expect(explored).toEqual(['branching.ink']);
	});

	it('GIVEN a Reverie just started WHEN it explores the built-in dreams THEN the first /dream list finds their endings counted, each explored once', async () => {
		const { checker, explored, open } = gatedChecker();
		const b = bot({ url: sqliteUrl(), checker });
		open();
		await b.sessions.exploreBuiltIns();
		expect(explored).toEqual(['branching.ink']);
		expect((await b.sessions.list(GUILD)).found.branching).toEqual({ count: 0, total: THREE });
		expect(explored).toHaveLength(1);
	});

	it('GIVEN the endings counted by an earlier start WHEN Reverie starts again on the same store THEN /dream list has the count at once, before its own exploration is done', async () => {
		const url = sqliteUrl();
		const first = gatedChecker();
		const before = bot({ url, checker: first.checker });
		first.open();
		await before.sessions.exploreBuiltIns();
		await bots.stop(before);

		const second = gatedChecker();
		const after = bot({ url, checker: second.checker });
		expect((await after.sessions.list(GUILD)).found.branching).toEqual({ count: 0, total: THREE });
		second.open();
	});

	it('GIVEN an exploration cut short by its bound WHEN Reverie starts again THEN its count is not taken for the whole', async () => {
		const url = sqliteUrl();
		const cut: StoryChecker = {
			check: checkerOnThisThread.check,
			unpack: checkerOnThisThread.unpack,
			graph: async (fileName, source) => {
				const whole = await checkerOnThisThread.graph(fileName, source);
				if (whole.kind !== 'graph') return whole;
				const nodes = whole.graph.nodes.filter((n) => n.kind === 'scene' || n.name === 'The glass garden');
				return { kind: 'graph', graph: { ...whole.graph, nodes, truncated: true } };
			},
		};
		const before = bot({ url, checker: cut });
		await before.sessions.exploreBuiltIns();
		expect((await before.sessions.list(GUILD)).found.branching?.total).toEqual({ endings: 1, samplePlays: null });
		await bots.stop(before);

		const { checker, open } = gatedChecker();
		const after = bot({ url, checker });
		expect((await after.sessions.list(GUILD)).found.branching).toEqual({ count: 0, total: null });
		open();
	});
});

describe('the map of the night', () => {
	it('GIVEN a dream under way and then ended WHEN its map is asked for, and with its recap THEN both are PNGs, the recap drawing the whole path', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 50 });
		expect(await b.sessions.map('c1')).toEqual({ kind: 'none' });
		await b.sessions.start({ guildId: GUILD, channelId: 'c1', userId: 'u', storyId: 'branching' });
		await waitFor('the first vote', () => b.channel.votes('c1')[0]);
		const sofar = await b.sessions.map('c1');
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

describe('a dream whose story runs out of content', () => {
	it('GIVEN a path with no -> END WHEN the group takes it THEN the dream fades there: told as an ending, counted among those found, and the recap says it fades', async () => {
		const b = bot({
			url: sqliteUrl(),
			voteMs: 50,
			catalogue: loadCatalogue(path.join(FIXTURES, 'inky')),
		});
		await b.sessions.start({ guildId: GUILD, channelId: 'c1', userId: 'u', storyId: 'fades' });
		const vote = await waitFor('the vote', () => b.channel.votes('c1')[0]);
		const dark = vote.view.choices.find((c) => c.text === 'Leave it');
		if (!dark) throw new Error('no choice to leave the lantern');
		await b.sessions.vote({
			channelId: 'c1',
			sessionId: vote.view.sessionId,
			round: 1,
			choice: dark.index,
			userId: 'u',
		});
		const recap = await waitFor('the recap', () => b.channel.ending('c1'));
		expect(recap.view.ending).toBe(FADED_ENDING);
		// Its three endings: the two it writes and the one where it fades, which this server has now found.
		expect(recap.view.found).toEqual({ count: 1, total: THREE, newEnding: true });
		expect(JSON.stringify(renderEnding(recap.view).components)).toContain('"## The dream fades here"');
		expect(await b.sessions.status('c1')).toMatchObject({ view: { phase: 'ended' } });
	});
});

describe('a built-in dream of several files', () => {
	it('GIVEN a built-in dream that INCLUDEs a file beside it WHEN its endings are counted THEN the included file’s endings count too', async () => {
		const dir = tempDir();
		mkdirSync(path.join(dir, 'parts'));
		const tower = readFileSync(path.join(FIXTURES, 'inky/two-files/the-bell-tower.ink'), 'utf8');
		writeFileSync(path.join(dir, 'the-bell-tower.ink'), tower.replace('INCLUDE crypt.ink', 'INCLUDE parts/crypt.ink'));
		copyFileSync(path.join(FIXTURES, 'inky/two-files/crypt.ink'), path.join(dir, 'parts/crypt.ink'));
		const b = bot({ url: sqliteUrl(), catalogue: loadCatalogue(dir) });
		const total = await waitFor('the count of endings', async () => {
			const found = (await b.sessions.list(GUILD)).found['the-bell-tower'];
			return found?.total ?? undefined;
		});
		expect(total).toEqual({ endings: 3, samplePlays: null });
	});
});
