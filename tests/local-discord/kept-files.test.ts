import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { APIMessage } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { KEPT_FILES_LIMIT, type KeptFiles, LocalDiscord } from '../../src/dev/local-discord/server.js';
import { tempDir } from '../helpers.js';

const WORLD = { guilds: [{ name: 'G', channels: [{ name: 'dreams' }], members: [{ name: 'Alice' }] }] };

const running: LocalDiscord[] = [];
afterEach(async () => {
	for (const discord of running.splice(0)) await discord.stop();
});

async function start(keepFiles?: Omit<KeptFiles, 'log'>): Promise<LocalDiscord> {
	const discord = await LocalDiscord.start({ world: WORLD, ...(keepFiles ? { keepFiles } : {}) });
	running.push(discord);
	return discord;
}

/** The bot posts `bytes` as `name` in #dreams, with an embed showing it, as discord.js sends a file. */
async function post(discord: LocalDiscord, name: string, bytes: Buffer): Promise<APIMessage> {
	const form = new FormData();
	form.append('files[0]', new Blob([bytes], { type: 'image/png' }), name);
	form.append('payload_json', JSON.stringify({ embeds: [{ title: name, image: { url: `attachment://${name}` } }] }));
	const response = await fetch(`${discord.apiUrl}/v10/channels/${discord.channel('dreams').channel.id}/messages`, {
		method: 'POST',
		headers: { authorization: `Bot ${discord.token}` },
		body: form,
	});
	expect(response.status).toBe(200);
	return (await response.json()) as APIMessage;
}

/** What a GET of `url` answers: its status and bytes. */
async function get(url: string): Promise<{ status: number; bytes: Buffer }> {
	const response = await fetch(url);
	return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The same link on another origin: what a page still holds after the local Discord restarted on a new port. */
const onOrigin = (url: string, discord: LocalDiscord) => {
	const moved = new URL(url);
	moved.port = String(discord.port);
	return moved.href;
};

const file = (fill: number, size = 1000) => Buffer.alloc(size, fill);

describe('files kept across restarts of the local Discord', () => {
	it('GIVEN a folder to keep files in WHEN the bot posts a file and the local Discord starts again on another port THEN the file is back with its id, name and signature, its old address is served on the new port, and relink gives a fresh link to it', async () => {
		const folder = path.join(tempDir(), 'kept');
		const first = await start({ folder });
		const message = await post(first, 'night-map.png', file(7));
		const posted = message.attachments[0];
		if (!posted) throw new Error('the message kept no file');
		expect(message.embeds[0]?.image?.url).toBe(posted.url);
		expect(readdirSync(folder).sort()).toEqual([`${posted.id}.bin`, `${posted.id}.json`]);
		await first.stop();

		const second = await start({ folder });
		expect(second.attachments.bytes(posted.id)).toEqual(file(7));
		expect(await get(onOrigin(posted.url, second))).toEqual({ status: 200, bytes: file(7) });
		expect((await get(onOrigin(posted.proxy_url, second))).status).toBe(200);

		const relinked = second.attachments.relink(posted.url);
		expect(new URL(relinked).origin).toBe(`http://127.0.0.1:${second.port}`);
		expect(new URL(relinked).pathname).toBe(new URL(posted.url).pathname);
		expect(new URL(relinked).searchParams.get('hm')).toBe(new URL(posted.url).searchParams.get('hm'));
		expect(await get(relinked)).toEqual({ status: 200, bytes: file(7) });
		expect(second.attachments.find(posted.id)).toMatchObject({ id: posted.id, filename: 'night-map.png', size: 1000 });
		// A link without its signature is still refused, and anything that is not this CDN's is left as it was.
		expect((await get(onOrigin(posted.url.split('?')[0] ?? '', second))).status).toBe(404);
		expect(second.attachments.relink('https://example.com/map.png')).toBe('https://example.com/map.png');
	});

	it('GIVEN files past the bound WHEN more are posted, across a restart too THEN the oldest are dropped first, from the folder and the CDN, and the newest stay', async () => {
		expect(KEPT_FILES_LIMIT).toBe(64 * 1024 * 1024);
		const folder = path.join(tempDir(), 'kept');
		const first = await start({ folder, limit: 3000 });
		const ids: string[] = [];
		for (const fill of [1, 2, 3]) ids.push((await post(first, `map-${fill}.png`, file(fill))).attachments[0]?.id ?? '');
		const urls = ids.map((id) => first.attachments.find(id)?.url ?? '');
		expect((await get(urls[0] ?? '')).status).toBe(200);

		ids.push((await post(first, 'map-4.png', file(4))).attachments[0]?.id ?? '');
		const kept = () => [...new Set(readdirSync(folder).map((name) => name.replace(/\.(bin|json)$/, '')))].sort();
		expect(kept()).toEqual(ids.slice(1).sort());
		expect(first.attachments.find(ids[0] ?? '')).toBeUndefined();
		expect((await get(urls[0] ?? '')).status).toBe(404);
		expect((await get(urls[1] ?? '')).status).toBe(200);
		await first.stop();

		// Read back oldest first: the next file past the bound drops the oldest of those kept, not the newest.
		const second = await start({ folder, limit: 3000 });
		ids.push((await post(second, 'map-5.png', file(5))).attachments[0]?.id ?? '');
		expect(kept()).toEqual(ids.slice(2).sort());
		expect(second.attachments.find(ids[1] ?? '')).toBeUndefined();
		for (const [n, id] of ids.slice(2).entries()) expect(second.attachments.bytes(id)).toEqual(file(n + 3));
		await second.stop();

		// A smaller bound at start drops the oldest at once.
		const third = await start({ folder, limit: 2000 });
		expect(kept()).toEqual(ids.slice(3).sort());
		expect(third.attachments.find(ids[2] ?? '')).toBeUndefined();
	});

	it('GIVEN no folder WHEN the bot posts a file THEN nothing is written, and a new local Discord does not have it', async () => {
		const first = await start();
		const posted = (await post(first, 'night-map.png', file(9))).attachments[0];
		await first.stop();
		const second = await start();
		expect(second.attachments.find(posted?.id ?? '')).toBeUndefined();
	});
});
