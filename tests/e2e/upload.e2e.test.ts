import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandOption, StoredMessage } from '../../src/dev/local-discord/server.js';
import type { WorldSpec } from '../../src/dev/local-discord/world.js';
import { FIXTURES, waitFor } from '../helpers.js';
import { addFile, finalAnswer, playToEnding } from './adding.js';
import { closeScene, layoutTexts, QUICK_TIMINGS, Scene, textOf } from './harness.js';

type Embed = { title?: string; fields?: { name: string; value: string }[] };
const embedsOf = (m: StoredMessage | undefined) => (m?.embeds ?? []) as Embed[];

const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

const ATTACHMENT = 11;
const SUBCOMMAND = 1;
const STRING = 3;

/** The Mill's project zipped as its author would: three ink files and two pictures. */
function millZip(): Buffer {
	const mill = (file: string) => new Uint8Array(fixture(`archives/the-mill/${file}`));
	return Buffer.from(
		zipSync({
			'the-mill.ink': mill('the-mill.ink'),
			chapters: { 'river.ink': mill('chapters/river.ink'), 'loft.ink': mill('chapters/loft.ink') },
			pictures: { 'mill.png': mill('pictures/mill.png'), 'pool.gif': mill('pictures/pool.gif') },
		}),
	);
}

/** The `story` option's choices offered to a member typing `typed` in `/dream <sub>`. */
async function offered(s: Scene, user: string, channel: string, sub: string, typed: string): Promise<string[]> {
	const options: CommandOption[] = [
		{ type: SUBCOMMAND, name: sub, options: [{ type: STRING, name: 'story', value: typed, focused: true }] },
	];
	const record = await s.discord.command({ user, channel, name: 'dream', options, autocomplete: true });
	return (record.autocomplete ?? []).map((c) => String(c.value));
}

describe("a server's own dreams, end to end", () => {
	it('GIVEN a running Reverie WHEN moderators and members add files of every kind THEN each gets its own private answer, and the one good story is listed, offered, played and kept across a restart', async () => {
		// An upload stuck in a loop is refused after 6 s rather than the sandbox's 12 s: its refusal is the point, not the
		// bound (which tests/engine/sandbox.test.ts and the story checker's tests hold). Not less: an endless recursion
		// fills the story's 64 MB in about 3 s on an idle machine, and beside a browser it once took over 4 s.
		const s = await Scene.open({ TEST_CHECK_SECONDS: '6' }, undefined, {
			timings: { ...QUICK_TIMINGS, voteSeconds: 60 },
		});
		scene = s;
		await s.startBot();

		// A plain member is refused, privately, before anything is downloaded.
		const member = await addFile(s, 'Alice', 'dreams', {
			filename: 'the-lantern.ink',
			content: fixture('uploads/the-lantern.ink'),
		});
		expect(textOf(s.answer(member.record))).toMatch(/moderator/i);
		expect(s.answer(member.record)?.visibleTo).toBeDefined();
		expect(s.discord.attachments.downloaded(member.attachment.id)).toBe(0);

		const added = await addFile(s, 'Carol', 'dreams', {
			filename: 'The Lantern.ink',
			content: fixture('uploads/the-lantern.ink'),
		});
		const addedText = await finalAnswer(s, added.record);
		expect(addedText).toContain('Added **The Lantern** (`the-lantern`): 2 branch points, 2 endings.');
		expect(s.answer(added.record)?.visibleTo).toBeDefined();

		const list = await s.dream('Bob', 'dreams', 'list');
		const listed = embedsOf(s.answer(list));
		expect(listed[1]?.fields?.map((f) => f.name)).toEqual(['The Lantern (the-lantern)']);
		expect(listed[1]?.fields?.[0]?.value).toContain('by A. Writer');
		expect(await offered(s, 'Bob', 'dreams', 'start', 'lant')).toEqual(['the-lantern']);
		expect(await offered(s, 'Carol', 'dreams', 'remove', '')).toEqual(['the-lantern']);

		// Oversized by its declared size: refused without a byte downloaded.
		const big = await addFile(s, 'Carol', 'dreams', {
			filename: 'big.ink',
			content: 'A small file that says it is big.\n-> END\n',
			declaredSize: 300 * 1024,
		});
		expect(await finalAnswer(s, big.record)).toContain('is 300 KB; a story may be at most 256 KB');
		expect(s.discord.attachments.downloaded(big.attachment.id)).toBe(0);

		const binary = await addFile(s, 'Carol', 'dreams', {
			filename: 'picture.ink',
			content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff]),
		});
		expect(await finalAnswer(s, binary.record)).toContain('is not a text file');

		const broken = await addFile(s, 'Carol', 'dreams', {
			filename: 'broken.ink',
			content: fixture('uploads/broken.ink'),
		});
		const brokenText = await finalAnswer(s, broken.record);
		expect(brokenText).toContain('was not added: the story has 2 errors');
		expect(brokenText).toMatch(/line 3: .*nowhere/);
		expect(brokenText).toMatch(/line 4: .*also_nowhere/);

		const recursive = await addFile(s, 'Carol', 'dreams', {
			filename: 'deeper.ink',
			content: fixture('sandbox/endless-recursion.ink'),
		});
		expect(await finalAnswer(s, recursive.record)).toMatch(/was not added: it (recurses without end|ran out of the)/);

		// The lantern is played in the lounge while an endless story is being checked: its clicks are answered meanwhile.
		await s.dream('Bob', 'lounge', 'start', [{ type: STRING, name: 'story', value: 'the-lantern' }]);
		const vote = await s.vote('lounge', 1);
		expect(s.beats('lounge')).toContain('A lantern sits by the door.');
		const spin = s.discord.attachments.upload({ filename: 'spin.ink', content: fixture('sandbox/endless-loop.ink') });
		let checked = false;
		const endless = s.dream('Carol', 'dreams', 'add', [{ type: ATTACHMENT, name: 'file', value: spin.id }]);
		void endless.then(() => {
			checked = true;
		});
		await waitFor(
			'the endless story to be downloaded for its check',
			() => s.discord.attachments.downloaded(spin.id) > 0,
		);
		const click = await s.click('Bob', 'lounge', vote, 0);
		expect(textOf(s.answer(click))).toMatch(/^Counted/);
		expect(checked).toBe(false);
		expect(await finalAnswer(s, await endless)).toMatch(
			/was not added: it runs more than \d+ s without reaching a line or a choice/,
		);

		// Kept across a restart: still listed, and the dream in the lounge goes on from its vote.
		await s.kill();
		await s.startBot();
		const after = await s.dream('Bob', 'dreams', 'list');
		expect(s.answer(after)?.embeds[1]).toMatchObject({ title: "This server's own dreams (1)" });
		await s.click('Dave', 'lounge', vote, 0);
		const skip = await s.dream('Carol', 'lounge', 'skip');
		expect(textOf(s.answer(skip))).toContain('Vote closed: “Light it” goes ahead.');
		await waitFor('the next beat', () => s.beats('lounge').includes('It hums awake.'), { timeoutMs: 30_000 });
		// The story's text names @everyone; nobody is pinged by it.
		await waitFor('the next beat', () => s.beats('lounge').some((b) => b.includes('@everyone')), { timeoutMs: 30_000 });
		const everyone = s.public('lounge').find((m) => textOf(m).includes('@everyone'));
		expect(everyone?.allowedMentions).toMatchObject({ parse: [] });
		s.expectClean();
	}, 120_000);

	it('GIVEN a moderator WHEN she adds a story too large to explore whole and a zip of a project in three files THEN the channels play each to an ending, and the counts shown are those of the sample plays', async () => {
		const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		const wood = await addFile(s, 'Carol', 'dreams', {
			filename: 'the-long-wood.ink',
			content: fixture('generated/the-long-wood.ink'),
		});
		const woodAdded = await finalAnswer(s, wood.record, 60_000);
		const sample = /\*\*The Long Wood\*\* \(`the-long-wood`\): (\d+) endings seen in ([\d,]+) sample plays/.exec(
			woodAdded,
		);
		if (!sample) throw new Error(`no sample in: ${woodAdded}`);
		const [endings, plays] = [Number(sample[1]), Number(sample[2]?.replace(/,/g, ''))];
		expect(endings).toBeGreaterThan(0);

		const zip = await addFile(s, 'Carol', 'dreams', { filename: 'The Mill.zip', content: millZip() });
		expect(await finalAnswer(s, zip.record)).toContain(
			'Added **The Mill** (`the-mill`): 3 branch points, 3 endings. It came with 3 ink files and 2 pictures.',
		);
		const hostile = await addFile(s, 'Carol', 'dreams', {
			filename: 'escape.zip',
			content: Buffer.from(
				zipSync({ 'escape.ink': new TextEncoder().encode('-> END'), '../up.ink': new Uint8Array(1) }),
			),
		});
		expect(await finalAnswer(s, hostile.record)).toContain('was not added: the path `../up.ink` leaves the archive');

		const [woodRecap, millRecap] = await Promise.all([
			playToEnding(s, 'dreams', 'the-long-wood'),
			playToEnding(s, 'lounge', 'the-mill'),
		]);
		expect(woodRecap).toContain(`of the ${endings} endings seen in ${plays.toLocaleString('en-US')} sample plays`);
		expect(millRecap).toContain('1 of 3 endings found');
		// Told through the file the main one INCLUDEs, to the ending written there.
		expect(s.beats('lounge')).toContain('The riverbed holds one pool, still as glass.');
		expect(layoutTexts(s.ending('lounge'))[1]).toBe('## The end: The older face');
		s.expectClean();
	}, 120_000);

	it('GIVEN two servers WHEN one adds a dream THEN the other neither lists, offers nor starts it, and removing it stops the channel dreaming it', async () => {
		const world: WorldSpec = {
			guilds: [
				{
					name: 'Dreamers',
					roles: [{ name: 'Moderator', permissions: ['ManageMessages'] }],
					channels: [{ name: 'dreams' }],
					members: [{ name: 'Alice' }, { name: 'Carol', roles: ['Moderator'] }],
				},
				{
					name: 'Elsewhere',
					channels: [{ name: 'elsewhere' }],
					members: [{ name: 'Erin' }],
				},
			],
		};
		// Commands registered globally, as a bot in many servers has them.
		const s = await Scene.open({ DISCORD_GUILD_ID: '' }, world, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		const added = await addFile(s, 'Carol', 'dreams', {
			filename: 'the-lantern.ink',
			content: fixture('uploads/the-lantern.ink'),
		});
		expect(await finalAnswer(s, added.record)).toContain('Added **The Lantern**');

		const list = await s.dream('Erin', 'elsewhere', 'list');
		expect(s.answer(list)?.embeds).toHaveLength(1);
		expect(await offered(s, 'Erin', 'elsewhere', 'start', 'lant')).toEqual([]);
		const start = await s.dream('Erin', 'elsewhere', 'start', [{ type: STRING, name: 'story', value: 'the-lantern' }]);
		expect(textOf(s.answer(start))).toContain('There is no dream called “the-lantern”');

		await s.dream('Alice', 'dreams', 'start', [{ type: STRING, name: 'story', value: 'the-lantern' }]);
		await s.vote('dreams', 1);
		const removed = await s.dream('Carol', 'dreams', 'remove', [{ type: STRING, name: 'story', value: 'the-lantern' }]);
		expect(await finalAnswer(s, removed)).toContain('Removed **The Lantern** (`the-lantern`)');
		expect(textOf(s.answer(removed))).toContain('1 channel was in it');
		await waitFor('the notice', () =>
			s.public('dreams').some((m) => textOf(m).includes('removed the dream “The Lantern”')),
		);
		const gone = await s.dream('Alice', 'dreams', 'list');
		expect(s.answer(gone)?.embeds).toHaveLength(1);
		s.expectClean();
	}, 120_000);
});
