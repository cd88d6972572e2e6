import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../src/dev/playground/http.js';
import { dreamToItsRecap, LANTERN, mapUrlOf, playground, recapOf, tempStore, watchingDreamAdd } from './support.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A playground whose `/dream add` is watched (see `watchingDreamAdd`). */
async function setup(mode: 'watch' | 'without' = 'watch') {
	const store = tempStore();
	cleanups.push(store.remove);
	const watching = watchingDreamAdd(mode);
	const pg = await playground(store.url, { commands: watching.commands });
	cleanups.push(pg.stop);
	return { pg, ...watching };
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const replyText = (reply: MessageView | undefined) =>
	[reply?.content, ...(reply?.embeds ?? []).map((e) => JSON.stringify(e))].join('\n');

describe('files in the playground', () => {
	it('GIVEN Alice uploads a file WHEN she types /dream add file:<its name> THEN the bot gets the attachment, whose url gives its bytes', async () => {
		const { pg, seen } = await setup();
		const uploaded = await pg.post('/api/attachments', {
			as: 'Alice',
			filename: 'lantern.ink',
			content: base64(LANTERN.source),
		});
		expect(uploaded.status).toBe(200);
		expect(uploaded.body).toMatchObject({ filename: 'lantern.ink', size: Buffer.byteLength(LANTERN.source) });

		const sent = await pg.command('Alice', '/dream add file:lantern.ink');
		expect(sent.status).toBe(200);
		expect(sent.body).toMatchObject({ ok: true, label: '/dream add' });
		expect(seen).toEqual([{ name: 'lantern.ink', size: Buffer.byteLength(LANTERN.source), url: expect.any(String) }]);
		const bytes = await (await fetch(seen[0]?.url ?? '')).text();
		expect(bytes).toBe(LANTERN.source);
	});

	it('GIVEN a file Bob uploaded WHEN Alice names it THEN it is not hers to send, as in Discord, and the bot is not asked', async () => {
		const { pg, seen } = await setup();
		await pg.post('/api/attachments', { as: 'Bob', filename: 'bobs.ink', content: base64('x') });
		const sent = await pg.command('Alice', '/dream add file:bobs.ink');
		expect(sent.status).toBe(400);
		expect(sent.body.error).toMatch(/“bobs.ink” is not a file you uploaded/);
		expect(seen).toEqual([]);
	});

	it('GIVEN an .ink file dropped on the channel WHEN it is posted THEN /dream add runs as the member with it, and the private answer comes back', async () => {
		const { pg, seen } = await setup();
		const dropped = await pg.post('/api/dream-file', {
			as: 'Alice',
			channel: 'dreams',
			filename: 'lantern.ink',
			content: base64(LANTERN.source),
		});
		expect(dropped.status).toBe(200);
		expect(dropped.body).toMatchObject({ ok: true, failed: false, label: '/dream add' });
		expect(seen.map((f) => f.name)).toEqual(['lantern.ink']);
		const reply = dropped.body.reply as MessageView | undefined;
		expect(reply?.ephemeral).toBe(true);
		expect(reply?.interaction).toMatchObject({ name: 'Alice', command: '/dream add' });
		expect(replyText(reply)).toContain(LANTERN.title);
		const others = await pg.messages('dreams', 'Bob');
		expect(others.some((m) => m.id === reply?.id)).toBe(false);
	});

	it('GIVEN a file that is not .ink WHEN dropped THEN a sentence says so and nothing is uploaded or asked', async () => {
		const { pg, seen } = await setup();
		const asked = pg.discord.interactions.size;
		const dropped = await pg.post('/api/dream-file', {
			as: 'Alice',
			channel: 'dreams',
			filename: 'notes.txt',
			content: base64('hello'),
		});
		expect(dropped.status).toBe(400);
		expect(dropped.body.error).toMatch(
			/^Only an \.ink file can be dropped here to add a dream: notes\.txt is not one\./,
		);
		expect(pg.discord.interactions.size).toBe(asked);
		expect(seen).toEqual([]);
	});

	it('GIVEN a Reverie without /dream add WHEN an .ink file is dropped THEN a sentence says the command is not registered', async () => {
		const { pg } = await setup('without');
		const dropped = await pg.post('/api/dream-file', {
			as: 'Alice',
			channel: 'dreams',
			filename: 'lantern.ink',
			content: base64(LANTERN.source),
		});
		expect(dropped.status).toBe(409);
		expect(dropped.body.error).toMatch(/no \/dream add command with a file option registered/);
	});

	it('GIVEN uploads that are not files WHEN posted THEN each is refused with a sentence', async () => {
		const { pg } = await setup();
		const cases: [unknown, number, RegExp][] = [
			[{ as: 'Alice', content: base64('x') }, 400, /Say which file/],
			[{ as: 'Alice', filename: 'a.ink', content: 'not base64!' }, 400, /must be sent as base64/],
			[{ as: 'Nobody', filename: 'a.ink', content: '' }, 400, /no member Nobody/],
			[
				{ as: 'Alice', filename: 'big.ink', content: Buffer.alloc(8 * 1024 * 1024 + 1).toString('base64') },
				413,
				/Discord takes files up to 8\.0 MB/,
			],
		];
		for (const [body, status, error] of cases) {
			const answer = await pg.post('/api/attachments', body);
			expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(status);
			expect(answer.body.error).toMatch(error);
		}
	});

	it("GIVEN a file Discord declares over 256 KB WHEN it is given to Reverie's /dream add THEN Reverie refuses it without downloading a byte", async () => {
		const { pg } = await setup();
		const { discord } = pg;
		const big = discord.attachments.upload({ filename: 'huge.ink', content: LANTERN.source, declaredSize: 300 * 1024 });
		const record = await discord.command({
			user: 'Alice',
			channel: 'dreams',
			name: 'dream',
			options: [
				{
					name: 'add',
					type: ApplicationCommandOptionType.Subcommand,
					options: [{ name: 'file', type: ApplicationCommandOptionType.Attachment, value: big.id }],
				},
			],
		});
		expect(record.failed).toBeFalsy();
		expect(discord.responseOf(record)?.content).toMatch(/huge\.ink/);
		expect(discord.attachments.downloaded(big.id)).toBe(0);
	});

	it("GIVEN a recap with the map of the night WHEN the playground restarts on the same store THEN the recap's map is served by the new local Discord, from the files kept beside the snapshot; --fresh removes them", async () => {
		const store = tempStore();
		cleanups.push(store.remove);
		const first = await playground(store.url);
		const recap = await (async () => {
			try {
				return await dreamToItsRecap(first);
			} finally {
				await first.stop();
			}
		})();
		const kept = path.join(store.dir, 'playground.attachments');
		expect(readdirSync(kept)).toHaveLength(2);

		const second = await playground(store.url);
		cleanups.push(second.stop);
		const shown = recapOf(await second.messages('dreams', 'Bob'));
		expect(shown?.id).toBe(recap.id);
		const url = mapUrlOf(shown) ?? '';
		expect(new URL(url).port).toBe(String(second.discord.port));
		const answer = await fetch(url);
		expect(answer.status).toBe(200);
		const bytes = Buffer.from(await answer.arrayBuffer());
		const id = /\/attachments\/\d+\/(\d+)\//.exec(url)?.[1] ?? '';
		expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
		expect(bytes).toEqual(second.discord.attachments.bytes(id));
		await second.stop();

		const fresh = await playground(store.url, { fresh: true });
		cleanups.push(fresh.stop);
		expect(existsSync(kept)).toBe(false);
	}, 60_000);
});
