import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Zippable, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerStories } from '../../src/store/server-stories.js';
import { FIXTURES, waitFor } from '../helpers.js';
import { type Bot, CHANNEL, GUILD, sqliteUrl, trackedBots, voteOpen } from './harness.js';

const MODERATOR = 'moderator';
const MILL = path.join(FIXTURES, 'archives/the-mill');
const read = (file: string) => new Uint8Array(readFileSync(path.join(MILL, file)));
const text = (value: string) => new TextEncoder().encode(value);

const bots = trackedBots();
afterEach(() => bots.stopAll());
const bot = bots.bot;

/** The Mill's project as its author zips it: three ink files, two pictures, and a read-me. */
const mill = (more: Zippable = {}) =>
	zipSync({
		'the-mill.ink': read('the-mill.ink'),
		chapters: { 'river.ink': read('chapters/river.ink'), 'loft.ink': read('chapters/loft.ink') },
		pictures: { 'mill.png': read('pictures/mill.png'), 'pool.gif': read('pictures/pool.gif') },
		'README.txt': text('Play it in Inky.'),
		...more,
	});

const add = (b: Bot, fileName: string, bytes: Uint8Array) =>
	b.sessions.add({ guildId: GUILD, userId: MODERATOR, fileName, bytes });

describe("a server's own dream of several files, added as a zip", () => {
	it('GIVEN a zip of three ink files and two pictures WHEN a moderator adds it THEN it is checked whole, kept with its pictures, and plays through its included files to an ending, after a restart too', async () => {
		const url = sqliteUrl();
		const first = bot({ url, voteMs: 100 });
		const added = await add(first, 'The Mill.zip', mill());
		expect(added).toMatchObject({
			kind: 'added',
			story: { id: 'the-mill', title: 'The Mill', branchPoints: 3, endings: 3 },
			files: { ink: 3, images: 2, skipped: ['README.txt'] },
		});
		const images = await new ServerStories(first.store).images(GUILD, 'the-mill');
		expect(Object.keys(images).sort()).toEqual(['pictures/mill.png', 'pictures/pool.gif']);
		expect(Buffer.from(images['pictures/pool.gif']?.base64 ?? '', 'base64')).toEqual(
			Buffer.from(read('pictures/pool.gif')),
		);
		await bots.stop(first);

		const b = bot({ url, voteMs: 100 });
		expect(
			await b.sessions.start({ guildId: GUILD, channelId: CHANNEL, userId: 'u', storyId: 'the-mill' }),
		).toMatchObject({ kind: 'started', story: { title: 'The Mill' } });
		await (await voteOpen(b, 1))('alice', 0);
		await (await voteOpen(b, 2))('alice', 1);
		const ending = await waitFor('the ending', () => b.channel.ending(CHANNEL));
		expect(ending.view.ending).toBe('The stopped wheel');
		expect(b.channel.beats(CHANNEL)).toContain('The riverbed holds one pool, still as glass.');
	});

	it('GIVEN hostile zips WHEN added THEN each is refused with its reason and nothing of them is kept', async () => {
		const b = bot({ url: sqliteUrl() });
		const refusals = [
			await add(b, 'the-mill.zip', mill({ '../escape.ink': text('-> END') })),
			await add(b, 'the-mill.zip', mill({ pictures: { 'mill.png': text('not a picture') } })),
			await add(b, 'the-mill.zip', mill({ 'inner.zip': zipSync({ 'x.ink': text('-> END') }) })),
			await add(b, 'the-mill.zip', zipSync({ 'the-mill.ink': new Uint8Array(24 * 1024 * 1024) })),
		].map((outcome) => (outcome.kind === 'archive-refused' ? outcome.refusal.kind : outcome.kind));
		expect(refusals).toEqual(['path-leaves', 'not-an-image', 'nested-archive', 'unpacked-too-big']);
		// An INCLUDE of a file the zip does not hold is the story's error, as Inky reports a missing file.
		const missing = await add(b, 'lonely.zip', zipSync({ 'lonely.ink': text('INCLUDE gone.ink\nHello.\n-> END\n') }));
		expect(missing).toMatchObject({ kind: 'invalid', errors: [{ message: expect.stringContaining('gone.ink') }] });
		expect((await b.sessions.list(GUILD)).own).toEqual([]);
		expect(await new ServerStories(b.store).images(GUILD, 'the-mill')).toEqual({});
	});

	it('GIVEN a dream added as a zip with pictures WHEN replaced by a version of one file, then removed THEN no picture of it is left', async () => {
		const b = bot({ url: sqliteUrl() });
		await add(b, 'the-mill.zip', mill());
		const stories = new ServerStories(b.store);
		expect(Object.keys(await stories.images(GUILD, 'the-mill'))).toHaveLength(2);
		expect(await add(b, 'the-mill.ink', text('# title: The Mill\nThe wheel is still.\n-> END\n'))).toMatchObject({
			kind: 'added',
			files: null,
		});
		expect(await stories.images(GUILD, 'the-mill')).toEqual({});
		await add(b, 'the-mill.zip', mill());
		await b.sessions.remove(GUILD, 'the-mill', MODERATOR);
		expect(await stories.images(GUILD, 'the-mill')).toEqual({});
	});
});
