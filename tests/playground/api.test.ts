import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockFileFor, lockFolder } from '../../src/dev/playground/folder-lock.js';
import { PlaygroundError, startPlayground } from '../../src/dev/playground/index.js';
import { waitFor } from '../helpers.js';
import { buttons, commands, layoutTexts, openVote, playground, silent, tempStore } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Parameters<typeof playground>[1] = {}) {
	const store = tempStore();
	cleanups.push(store.remove);
	const pg = await playground(store.url, options);
	cleanups.push(pg.stop);
	return { pg, store };
}

/** Starts a dream in #dreams as Alice and waits for its first vote, as Bob sees it. */
async function dreamUpToVote(pg: Awaited<ReturnType<typeof setup>>['pg']) {
	const started = await pg.command('Alice', '/dream start story:the-corridor');
	expect(started.status).toBe(200);
	return waitFor('the first vote', async () => openVote(await pg.messages('dreams', 'Bob')));
}

describe('the playground server', () => {
	it('GIVEN a started playground WHEN the page and the world are asked for THEN it serves the Discord-like page and a server with two channels and three members', async () => {
		const { pg } = await setup();
		const page = await fetch(pg.url);
		expect(page.headers.get('content-type')).toContain('text/html');
		expect(await page.text()).toContain('Reverie playground');
		expect((await fetch(`${pg.url}/app.js`)).status).toBe(200);

		const world = await pg.world();
		expect(world.guild.name).toBe('Reverie Playground');
		expect(world.channels.map((c) => c.name)).toEqual(['dreams', 'another-dream']);
		expect(world.members.map((m) => [m.name, m.moderator])).toEqual([
			['Alice', true],
			['Bob', false],
			['Carol', false],
		]);
	});

	it('GIVEN Alice types /dream start WHEN the dream is told THEN everyone sees who began it, its beats, and a vote with a button per choice', async () => {
		const { pg } = await setup();
		const vote = await dreamUpToVote(pg);
		const seen = await pg.messages('dreams', 'Carol');
		const start = seen[0];
		expect(layoutTexts(start)[0]).toBe('### The Corridor');
		expect(start?.interaction).toMatchObject({ name: 'Alice', command: '/dream start' });
		expect(start?.ephemeral).toBe(false);
		expect(seen.length).toBeGreaterThan(2);
		expect(buttons(vote).length).toBeGreaterThanOrEqual(2);
		expect(layoutTexts(vote).at(-1)).toMatch(/Closes <t:\d+:R>/);
	});

	it('GIVEN an open vote WHEN Bob votes THEN his confirmation is shown to him alone and the tally counts his vote for everyone', async () => {
		const { pg } = await setup();
		const vote = await dreamUpToVote(pg);
		const choice = buttons(vote)[1];
		if (!choice) throw new Error('the vote has no second choice');
		const clicked = await pg.click('Bob', vote.id, choice.custom_id);
		expect(clicked.body).toMatchObject({ ok: true, failed: false });

		const bobs = await pg.messages('dreams', 'Bob');
		const confirmation = bobs.find((m) => m.ephemeral && m.content.startsWith('Counted'));
		// The second choice's text, as its section in the vote reads it ("**2. Its text** — 0 votes").
		const second = layoutTexts(vote).find((text) => text.startsWith('**2. '));
		const chosen = /^\*\*2\. (.+)\*\* — /.exec(second ?? '')?.[1];
		if (!chosen) throw new Error('the vote shows no second choice');
		expect(confirmation?.content).toContain(chosen);
		for (const other of ['Alice', 'Carol'])
			expect((await pg.messages('dreams', other)).some((m) => m.id === confirmation?.id)).toBe(false);

		await waitFor('the tally to show one vote', async () => {
			const current = (await pg.messages('dreams', 'Carol')).find((m) => m.id === vote.id);
			return layoutTexts(current).some((text) => /— 1 vote\b/.test(text)) && current?.edited;
		});
	});

	it('GIVEN a command typed with a mistake WHEN it is sent THEN the page gets a sentence saying what is wrong, and Reverie is not asked', async () => {
		const { pg } = await setup();
		const asked = pg.discord.interactions.size;
		const cases: [string, RegExp][] = [
			['/dream sart', /no subcommand “sart”.*Did you mean start\?/],
			['/dream', /needs a subcommand: start, recap, schedule, status, list, (.+, )?reset, skip, settings/],
			[
				'/dream start colour:red',
				/has no option “colour”\. Its options are: story, thread, mode, narrator, quick-close/,
			],
			['/dream settings vote-seconds:5', /vote-seconds must be at least 10/],
			['/dream settings vote-seconds:soon', /vote-seconds must be a whole number/],
			['/dream settings pace:glacial', /pace must be one of: slow, normal, fast/],
			['/dream settings moderator-role:@Gardeners', /no role “@Gardeners”/],
			['/dream settings clear-moderator-role:maybe', /must be true or false/],
			['/dream status now', /takes no options/],
			['/wish', /no “\/wish” command/],
			['hello there', /slash commands only/],
		];
		for (const [text, error] of cases) {
			const answer = await pg.command('Alice', text);
			expect(answer.status, text).toBe(400);
			expect(answer.body.error, text).toMatch(error);
		}
		expect(pg.discord.interactions.size).toBe(asked);
	});

	it("GIVEN a new playground WHEN a moderator asks for the settings THEN its dreams are told at the fast pace with 30-second votes, quicker than a server's defaults", async () => {
		const { pg } = await setup();
		const answer = await pg.command('Alice', '/dream settings');
		const reply = answer.body.reply as { embeds: { fields: { name: string; value: string }[] }[] };
		expect(reply.embeds[0]?.fields).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: 'Pace', value: 'fast' }),
				expect.objectContaining({ value: '30 seconds' }),
			]),
		);
	});

	it('GIVEN a moderator WHEN she sets the vote window, the pace and the moderator role in one command THEN the settings she alone sees show them', async () => {
		const { pg } = await setup();
		const answer = await pg.command('Alice', '/dream settings vote-seconds:20 pace:fast moderator-role:@Moderator');
		expect(answer.status).toBe(200);
		const reply = answer.body.reply as {
			ephemeral: boolean;
			content: string;
			embeds: { fields: { value: string }[] }[];
		};
		expect(reply.ephemeral).toBe(true);
		expect(reply.content).toContain('Saved');
		const moderatorRole = (await pg.world()).roles.find((r) => r.name === 'Moderator');
		expect(reply.embeds[0]?.fields.map((f) => f.value).slice(0, 3)).toEqual([
			'20 seconds',
			'fast',
			`<@&${moderatorRole?.id}>`,
		]);
		expect((await pg.messages('dreams', 'Bob')).some((m) => m.content.includes('Saved'))).toBe(false);
	});

	it('GIVEN Bob is not a moderator WHEN he is given the Moderator role THEN /dream skip, refused before, closes the vote', async () => {
		const { pg } = await setup();
		const vote = await dreamUpToVote(pg);
		const refused = await pg.command('Bob', '/dream skip');
		expect((refused.body.reply as { content: string }).content).toMatch(/Only moderators/);

		const given = await pg.post(`/api/members/Bob/moderator`, { on: true });
		expect(given.body).toMatchObject({ moderator: true });
		expect((await pg.world()).members.find((m) => m.name === 'Bob')?.moderator).toBe(true);
		const skipped = await pg.command('Bob', '/dream skip');
		expect((skipped.body.reply as { content: string }).content).toMatch(/Vote closed/);
		await waitFor('the vote to close', async () => {
			const current = (await pg.messages('dreams', 'Alice')).find((m) => m.id === vote.id);
			return current && layoutTexts(current)[0] === '### The dream chose' && buttons(current).every((b) => b.disabled);
		});
	});

	it('GIVEN a new member added from the page WHEN she votes THEN she counts as a dreamer like the others', async () => {
		const { pg } = await setup();
		const added = await pg.post('/api/members', { name: 'Dana' });
		expect(added.status).toBe(200);
		expect((await pg.post('/api/members', { name: 'dana' })).body.error).toMatch(/already a member called dana/);
		expect((await pg.post('/api/members', { name: '' })).status).toBe(400);
		const vote = await dreamUpToVote(pg);
		const choice = buttons(vote)[0];
		if (!choice) throw new Error('the vote has no choice');
		await pg.click('Dana', vote.id, choice.custom_id);
		expect((await pg.messages('dreams', 'Dana')).some((m) => m.ephemeral && m.content.startsWith('Counted'))).toBe(
			true,
		);
	});

	it('GIVEN Bob watches the live stream WHEN Alice gets a private answer and a dream starts THEN his stream carries the dream but not her answer', async () => {
		const { pg } = await setup();
		const world = await pg.world();
		const bob = world.members.find((m) => m.name === 'Bob');
		const controller = new AbortController();
		const response = await fetch(`${pg.url}/api/events?as=${bob?.id}`, { signal: controller.signal });
		expect(response.headers.get('content-type')).toContain('text/event-stream');
		let text = '';
		const reading = (async () => {
			const decoder = new TextDecoder();
			for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
				text += decoder.decode(chunk, { stream: true });
		})().catch(() => undefined);
		await waitFor('the snapshot', () => text.includes('event: snapshot'));
		expect(text).toContain(`"viewer":"${bob?.id}"`);

		await pg.command('Alice', '/dream status');
		await pg.command('Alice', '/dream start story:the-corridor');
		await waitFor('the first vote on the stream', () => text.includes('What happens next?'));
		expect(text).toContain('The Corridor');
		expect(text).not.toContain('No dream is running in this channel');
		controller.abort();
		await reading;
	});

	it('GIVEN the story option WHEN a member types part of a dream name THEN the pop-up offers the dreams Reverie autocompletes', async () => {
		const { pg } = await setup();
		const answer = await pg.post('/api/suggest', { as: 'Bob', channel: 'dreams', text: '/dream start story:stai' });
		expect(answer.body.items).toEqual([{ label: 'The Stair (the-stair)', text: '/dream start story:the-stair ' }]);
		const subcommands = await pg.post('/api/suggest', { as: 'Bob', channel: 'dreams', text: '/dream s' });
		expect((subcommands.body.items as { label: string }[]).map((i) => i.label)).toEqual([
			'/dream start',
			'/dream schedule',
			'/dream status',
			'/dream skip',
			'/dream settings',
		]);
	});

	it('GIVEN a playground stopped in the middle of a vote WHEN it starts again on the same store THEN the channel, its messages and the vote are back, and the vote still counts', async () => {
		const store = tempStore();
		cleanups.push(store.remove);
		const first = await playground(store.url);
		const vote = await (async () => {
			try {
				return await dreamUpToVote(first);
			} finally {
				await first.stop();
			}
		})();
		const before = first.discord.visibleMessages(first.discord.channel('dreams').channel.id);

		const second = await playground(store.url);
		cleanups.push(second.stop);
		expect(second.resumed).toBe(true);
		const after = await second.messages('dreams', 'Bob');
		expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
		expect(after[0]?.interaction?.command).toBe('/dream start');
		const choice = buttons(vote)[0];
		if (!choice) throw new Error('the vote has no choice');
		const clicked = await second.click('Bob', vote.id, choice.custom_id);
		expect(clicked.body).toMatchObject({ ok: true });
		expect((await second.messages('dreams', 'Bob')).at(-1)?.content).toMatch(/^Counted/);

		await second.stop();
		const fresh = await playground(store.url, { fresh: true });
		cleanups.push(fresh.stop);
		expect(fresh.resumed).toBe(false);
		expect(await fresh.messages('dreams', 'Bob')).toEqual([]);
	});
});

describe('two playgrounds in one folder', () => {
	it("GIVEN a playground running on a store WHEN a second one starts on the same store THEN it fails at once, naming the first one's process and page; once the first stops, it starts", async () => {
		const { pg, store } = await setup();
		const second = startPlayground({ commands, port: 0, storeUrl: store.url, log: silent });
		await expect(second).rejects.toBeInstanceOf(PlaygroundError);
		await expect(second).rejects.toThrow(`Another playground (process ${process.pid}) is using`);
		await expect(second).rejects.toThrow(`at ${pg.url}. Use that one, or stop it first.`);
		await pg.stop();
		expect(existsSync(lockFileFor(store.url) ?? '')).toBe(false);
		const after = await playground(store.url);
		cleanups.push(after.stop);
		expect(after.url).toMatch(/^http:/);
	});
});

describe("the lock on a playground's store", () => {
	it('GIVEN a lock left by a playground whose process is gone (a crash) WHEN a playground starts THEN it takes the store', async () => {
		const store = tempStore();
		cleanups.push(store.remove);
		const file = lockFileFor(store.url) ?? '';
		mkdirSync(path.dirname(file), { recursive: true });
		writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 7, url: 'http://127.0.0.1:3000', id: 'gone' }));
		const taken = lockFolder(store.url, 'http://127.0.0.1:4000', (pid) => pid !== 2 ** 22 + 7);
		expect(taken.kind).toBe('locked');
		expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:4000' });
		if (taken.kind === 'locked') taken.lock.release();
		expect(existsSync(file)).toBe(false);
	});
});

describe('the playground port', () => {
	it('GIVEN the port is taken WHEN a playground starts on it THEN it fails at once with a sentence naming the port and PLAYGROUND_PORT', async () => {
		const blocker = await listenAnywhere();
		cleanups.push(() => new Promise((resolve) => blocker.server.close(resolve)));
		const store = tempStore();
		cleanups.push(store.remove);
		const starting = startPlayground({ commands, port: blocker.port, storeUrl: store.url, log: silent });
		await expect(starting).rejects.toBeInstanceOf(PlaygroundError);
		await expect(starting).rejects.toThrow(
			new RegExp(`Port ${blocker.port} is already in use.*PLAYGROUND_PORT=${blocker.port + 1}.*PLAYGROUND_PORT=0`),
		);
	});

	it('GIVEN the port is taken WHEN npm run playground starts THEN it prints one clear line, no stack trace, and exits with 1', async () => {
		const blocker = await listenAnywhere();
		cleanups.push(() => new Promise((resolve) => blocker.server.close(resolve)));
		const store = tempStore();
		cleanups.push(store.remove);
		const child = spawn(process.execPath, ['--import', 'tsx/esm', 'src/index.ts', 'playground'], {
			cwd: ROOT,
			env: { ...process.env, PLAYGROUND_PORT: String(blocker.port), LOG_LEVEL: 'silent' },
		});
		let stderr = '';
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
		});
		const code = await new Promise((resolve) => child.on('exit', resolve));
		expect(code).toBe(1);
		expect(stderr.trim()).toMatch(new RegExp(`^The playground cannot start: Port ${blocker.port} is already in use`));
		expect(stderr).not.toMatch(/\n\s+at /);
	});

	it('GIVEN PLAYGROUND_PORT is not a port WHEN the playground starts THEN it says so by name', async () => {
		await expect(startPlayground({ commands, env: { PLAYGROUND_PORT: 'eighty' }, log: silent })).rejects.toThrow(
			/PLAYGROUND_PORT must be a port number from 0 to 65535/,
		);
	});
});

function listenAnywhere(): Promise<{ server: Server; port: number }> {
	const server = createServer();
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
		}),
	);
}
