import { deflateSync } from 'node:zlib';
import { type Client, DiscordAPIError, Events, MessageFlags, type TextChannel } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/dev/local-discord/server.js';
import { readyClient } from './client.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** A real PNG, grey, of the size asked: what the map of the night is, in small. */
function png(width: number, height: number): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
	const rows = Buffer.alloc((width + 1) * height, 0x80);
	for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // each row's filter byte
	return Buffer.concat([
		PNG_SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

let discord: LocalDiscord;
let dreams: string;
let noFiles: string;

beforeEach(async () => {
	discord = await LocalDiscord.start({
		world: {
			guilds: [
				{
					name: 'G',
					channels: [{ name: 'dreams' }, { name: 'no-files', overwrites: [{ for: '@bot', deny: ['AttachFiles'] }] }],
					members: [{ name: 'Alice' }],
				},
			],
		},
	});
	dreams = discord.channel('dreams').channel.id;
	noFiles = discord.channel('no-files').channel.id;
});
afterEach(async () => {
	await discord.stop();
});

/** A post as discord.js makes it with files: `payload_json` and `files[n]` parts. */
function postForm(
	channelId: string,
	payload: unknown,
	files: { name: string; bytes: Buffer; type?: string; field?: string }[],
) {
	const form = new FormData();
	files.forEach((file, n) => {
		form.append(file.field ?? `files[${n}]`, new Blob([file.bytes], { type: file.type ?? '' }), file.name);
	});
	form.append('payload_json', JSON.stringify(payload));
	return fetch(`${discord.apiUrl}/v10/channels/${channelId}/messages`, {
		method: 'POST',
		headers: { authorization: `Bot ${discord.token}` },
		body: form,
	});
}

const details = () => discord.violations.map((v) => v.detail).join('\n');

describe('files posted in messages', () => {
	describe('with discord.js connected', () => {
		let client: Client;
		const channel = (id: string) => client.channels.cache.get(id) as TextChannel;

		beforeEach(async () => {
			client = await readyClient(discord.apiUrl, discord.token);
		});
		afterEach(async () => {
			await client.destroy();
		});

		it('GIVEN a PNG posted with an embed showing attachment://night-map.png WHEN discord.js sends it THEN the message keeps the file, its url serves the bytes, and the embed image points at it', async () => {
			const map = png(64, 48);
			const sent = await channel(dreams).send({
				embeds: [{ title: 'The night', image: { url: 'attachment://night-map.png' } }],
				files: [{ attachment: map, name: 'night-map.png' }],
				nonce: 'recap-1',
				enforceNonce: true,
			});

			const stored = discord.message(dreams, sent.id);
			const [file] = stored?.attachments ?? [];
			if (!file) throw new Error('the message has no attachment');
			expect(stored?.attachments).toHaveLength(1);
			expect(file).toMatchObject({
				filename: 'night-map.png',
				size: map.length,
				content_type: 'image/png',
				width: 64,
				height: 48,
			});
			expect(file.url).toContain(`/attachments/${dreams}/${file.id}/night-map.png?ex=`);
			expect(discord.attachments.bytes(file.id)?.equals(map)).toBe(true);

			const downloaded = Buffer.from(await (await fetch(file.url)).arrayBuffer());
			expect(downloaded.subarray(0, 8)).toEqual(PNG_SIGNATURE);
			expect(downloaded.length).toBe(map.length);
			expect(discord.attachments.downloaded(file.id)).toBe(1);
			expect((await fetch(file.url.split('?')[0] ?? '')).status).toBe(404);

			expect(stored?.embeds[0]?.image).toEqual({ url: file.url, proxy_url: file.proxy_url, width: 64, height: 48 });
			// What discord.js makes of the answer: the attachment, and the embed image at its url.
			expect(sent.attachments.first()).toMatchObject({ name: 'night-map.png', size: map.length, width: 64 });
			expect(sent.embeds[0]?.image?.url).toBe(file.url);
			expect(discord.violations).toEqual([]);
		});

		it('GIVEN a post with a file retried with the same nonce WHEN it arrives again THEN the first message is returned, with its one attachment', async () => {
			const map = png(8, 8);
			const post = () =>
				channel(dreams).send({
					files: [{ attachment: map, name: 'night-map.png' }],
					nonce: 'recap-2',
					enforceNonce: true,
				});
			const first = await post();
			const again = await post();
			expect(again.id).toBe(first.id);
			expect(again.attachments.first()?.id).toBe(first.attachments.first()?.id);
			const messages = discord.visibleMessages(dreams);
			expect(messages).toHaveLength(1);
			expect(messages[0]?.attachments).toHaveLength(1);
			expect(messages[0]?.content).toBe('');
		});

		it('GIVEN a channel where the bot is denied Attach Files WHEN it posts a file there THEN Missing Permissions (50013), the same post without the file goes through, and its interactions say so', async () => {
			discord.commands.set('global', [
				{ id: '1', application_id: discord.applicationId, version: '1', name: 'dream', type: 1 },
			]);
			const canAttach = new Map<string, boolean>();
			client.on(Events.InteractionCreate, async (interaction) => {
				if (!interaction.isChatInputCommand() || !interaction.channelId) return;
				canAttach.set(interaction.channelId, interaction.appPermissions.has(PermissionFlagsBits.AttachFiles));
				await interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
			});
			await discord.command({ user: 'Alice', channel: 'no-files', name: 'dream' });
			await discord.command({ user: 'Alice', channel: 'dreams', name: 'dream' });
			expect(Object.fromEntries(canAttach)).toEqual({ [noFiles]: false, [dreams]: true });

			const recap = { embeds: [{ title: 'The night', image: { url: 'attachment://night-map.png' } }] };
			const refused = channel(noFiles).send({ ...recap, files: [{ attachment: png(8, 8), name: 'night-map.png' }] });
			await expect(refused).rejects.toBeInstanceOf(DiscordAPIError);
			await expect(refused).rejects.toMatchObject({ status: 403, code: 50013 });
			expect(discord.visibleMessages(noFiles)).toEqual([]);
			expect(discord.violations.map((v) => v.kind)).toEqual(['permission']);
			expect(details()).toMatch(/the bot lacks AttachFiles, which it used in #no-files/);

			const plain = await channel(noFiles).send({ embeds: [{ title: 'The night' }] });
			expect(discord.message(noFiles, plain.id)?.embeds[0]?.title).toBe('The night');
		});

		it('GIVEN eleven files in one message WHEN discord.js sends them THEN it is a 400 and a violation, and nothing is posted', async () => {
			const files = Array.from({ length: 11 }, (_, i) => ({ attachment: png(4, 4), name: `map-${i}.png` }));
			await expect(channel(dreams).send({ content: 'too many', files })).rejects.toMatchObject({
				status: 400,
				code: 50035,
			});
			expect(details()).toMatch(/11 files \(limit 10\)/);
			expect(discord.visibleMessages(dreams)).toEqual([]);

			const ten = files.slice(0, 10);
			const sent = await channel(dreams).send({ content: 'ten', files: ten });
			expect(sent.attachments.size).toBe(10);
		});
	});

	it("GIVEN payload_json's attachments naming the parts WHEN posted THEN each file takes its entry's filename; an entry naming no part is a 400", async () => {
		const ok = await postForm(
			dreams,
			{ content: 'named', attachments: [{ id: 0, filename: 'night-map.png', description: 'The map' }] },
			[{ name: 'blob.bin', bytes: png(10, 20) }],
		);
		expect(ok.status).toBe(200);
		const answer = (await ok.json()) as { attachments: { filename: string; content_type?: string }[] };
		expect(answer.attachments).toMatchObject([
			{ filename: 'night-map.png', content_type: 'image/png', description: 'The map', width: 10, height: 20 },
		]);

		const stray = await postForm(dreams, { content: 'x', attachments: [{ id: 3, filename: 'gone.png' }] }, [
			{ name: 'a.png', bytes: png(1, 1) },
		]);
		expect(stray.status).toBe(400);
		expect(details()).toMatch(/attachments\[0\] \(id 3\) names no files\[n\] part/);
	});

	it('GIVEN an embed naming attachment://<file> WHEN no file of the message has that name, or the file is no image THEN it is refused', async () => {
		const missing = await postForm(dreams, { embeds: [{ image: { url: 'attachment://night-map.png' } }] }, [
			{ name: 'other.png', bytes: png(1, 1) },
		]);
		expect(missing.status).toBe(400);
		const json = await fetch(`${discord.apiUrl}/v10/channels/${dreams}/messages`, {
			method: 'POST',
			headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ embeds: [{ thumbnail: { url: 'attachment://night-map.png' } }] }),
		});
		expect(json.status).toBe(400);
		const text = await postForm(dreams, { embeds: [{ image: { url: 'attachment://notes.txt' } }] }, [
			{ name: 'notes.txt', bytes: Buffer.from('hello') },
		]);
		expect(text.status).toBe(400);
		expect(details()).toMatch(/embed 0 image attachment:\/\/night-map.png names no file of the message/);
		expect(details()).toMatch(/embed 0 thumbnail attachment:\/\/night-map.png names no file/);
		expect(details()).toMatch(/attachment:\/\/notes.txt is not a .jpg/);
		expect(discord.visibleMessages(dreams)).toEqual([]);
	});

	it('GIVEN a file over the 8 MiB a file may be, or a request over 25 MiB WHEN posted THEN 413 (40005), as Discord answers, and a violation', async () => {
		const big = await postForm(dreams, { content: 'big' }, [
			{ name: 'big.png', bytes: Buffer.alloc(8 * 1024 * 1024 + 1) },
		]);
		expect(big.status).toBe(413);
		expect(await big.json()).toMatchObject({ code: 40005 });
		const parts = Array.from({ length: 4 }, (_, i) => ({
			name: `part-${i}.bin`,
			bytes: Buffer.alloc(7 * 1024 * 1024),
		}));
		const many = await postForm(dreams, { content: 'many' }, parts);
		expect(many.status).toBe(413);
		expect(details()).toMatch(/big\.png is 8388609 bytes \(limit 8388608 a file\)/);
		expect(details()).toMatch(/the request is \d+ bytes \(limit 26214400\)/);
		expect(discord.visibleMessages(dreams)).toEqual([]);
	});

	it('GIVEN files sent to a route that takes none here (an interaction follow-up) WHEN posted THEN it is refused and recorded, not dropped', async () => {
		const form = new FormData();
		form.append('payload_json', JSON.stringify({ content: 'hi' }));
		form.append('files[0]', new Blob([png(1, 1)]), 'a.png');
		const response = await fetch(`${discord.apiUrl}/v10/webhooks/1/token`, { method: 'POST', body: form });
		expect(response.status).toBe(400);
		expect(discord.violations.map((v) => v.kind)).toEqual(['unknown']);
	});

	it('GIVEN a message with a file WHEN edited with attachments: [] THEN it loses the file; an edit without attachments keeps it', async () => {
		const posted = (await (
			await postForm(dreams, { content: 'with a map' }, [{ name: 'm.png', bytes: png(2, 2) }])
		).json()) as {
			id: string;
		};
		const edit = (body: unknown) =>
			fetch(`${discord.apiUrl}/v10/channels/${dreams}/messages/${posted.id}`, {
				method: 'PATCH',
				headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		expect((await edit({ content: 'still with a map' })).status).toBe(200);
		expect(discord.message(dreams, posted.id)?.attachments).toHaveLength(1);
		expect((await edit({ attachments: [] })).status).toBe(200);
		expect(discord.message(dreams, posted.id)?.attachments).toEqual([]);
	});
});
