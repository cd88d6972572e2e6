import type { Client } from 'discord.js';
import { Events, MessageFlags } from 'discord.js';
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/dev/local-discord/server.js';
import { waitFor } from '../helpers.js';
import { readyClient } from './client.js';

const { Subcommand, Attachment, String: Text } = ApplicationCommandOptionType;

let discord: LocalDiscord;
let guildId: string;

beforeEach(async () => {
	discord = await LocalDiscord.start({
		world: { guilds: [{ name: 'G', channels: [{ name: 'dreams' }], members: [{ name: 'Alice' }] }] },
	});
	guildId = discord.guild('G').id;
});
afterEach(async () => {
	await discord.stop();
});

/** `/dream add file:` as the bot registers it: an attachment option inside a subcommand. */
const DREAM = {
	name: 'dream',
	description: 'Dreams',
	type: ApplicationCommandType.ChatInput,
	options: [
		{
			type: Subcommand,
			name: 'add',
			description: 'Add a dream',
			options: [{ type: Attachment, name: 'file', description: 'The .ink file', required: true }],
		},
	],
};

const register = (commands: unknown) =>
	fetch(`${discord.apiUrl}/v10/applications/${discord.applicationId}/guilds/${guildId}/commands`, {
		method: 'PUT',
		headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(commands),
	});

/** `/dream add file:<the attachment>` as Alice's client sends it. */
const addCommand = (attachmentId: string) =>
	discord.command({
		user: 'Alice',
		channel: 'dreams',
		name: 'dream',
		options: [{ name: 'add', type: Subcommand, options: [{ name: 'file', type: Attachment, value: attachmentId }] }],
	});

describe('attachment options in the local Discord', () => {
	it('GIVEN a command with an attachment option inside a subcommand WHEN registered THEN it is accepted as Discord accepts it', async () => {
		const response = await register([DREAM]);
		expect(response.status).toBe(200);
		expect(discord.commands.get(guildId)?.[0]?.options).toEqual(DREAM.options);
		expect(discord.violations).toEqual([]);
	});

	it.each([
		['an attachment option with choices', { choices: [{ name: 'a', value: 'a' }] }, /choices is only for string/],
		['an attachment option with autocomplete', { autocomplete: true }, /autocomplete is only for string/],
		['an attachment option with a max_length', { max_length: 10 }, /max_length is only for string/],
		['an option of no known type', { type: 99 }, /no such option type 99/],
		['an option named in capitals', { name: 'File' }, /not 1 to 32 lower-case/],
		['an option without a description', { description: '' }, /needs a description/],
	])(
		'GIVEN a registration with %s WHEN it is sent THEN it is refused whole, as Discord refuses it',
		async (_name, change, problem) => {
			const file = { ...DREAM.options[0]?.options[0], ...change };
			const response = await register([{ ...DREAM, options: [{ ...DREAM.options[0], options: [file] }] }]);
			expect(response.status).toBe(400);
			expect(((await response.json()) as { message: string }).message).toMatch(problem);
			expect(discord.violations.map((v) => v.detail).join('\n')).toMatch(problem);
			expect(discord.commands.get(guildId)).toBeUndefined();
		},
	);

	it('GIVEN subcommands mixed with an attachment option, or a required option after an optional one WHEN registered THEN each is refused', async () => {
		const file = { type: Attachment, name: 'file', description: 'A file' };
		const mixed = await register([{ ...DREAM, options: [...DREAM.options, file] }]);
		expect(await mixed.text()).toMatch(/mixes subcommands with other options/);
		const text = { type: Text, name: 'note', description: 'A note' };
		const order = await register([{ ...DREAM, options: [text, { ...file, required: true }] }]);
		expect(await order.text()).toMatch(/required options come before optional ones/);
	});

	it('GIVEN an upload WHEN its url is fetched THEN it gives the same bytes and counts the download; an unknown or unsigned link is a 404', async () => {
		const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
		const attachment = discord.attachments.upload({ filename: 'night sky.ink', content: bytes });
		expect(attachment).toMatchObject({ filename: 'night sky.ink', size: bytes.length });
		expect(attachment.content_type).toBeUndefined();
		expect(discord.attachments.downloaded(attachment.id)).toBe(0);

		const response = await fetch(attachment.url);
		expect(response.status).toBe(200);
		expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
		expect(Buffer.from(await (await fetch(attachment.proxy_url)).arrayBuffer())).toEqual(bytes);
		expect(discord.attachments.downloaded(attachment.id)).toBe(2);

		expect((await fetch(attachment.url.replace(attachment.id, '1234'))).status).toBe(404);
		expect((await fetch(attachment.url.split('?')[0] ?? '')).status).toBe(404);
		expect((await fetch(`http://127.0.0.1:${discord.port}/ephemeral-attachments/1/x.ink`)).status).toBe(404);
		expect(discord.attachments.downloaded(attachment.id)).toBe(2);
	});

	it('GIVEN a file over the 8 MiB a member may upload WHEN uploaded THEN the client refuses it; a declared size stands for the bytes', () => {
		expect(() =>
			discord.attachments.upload({ filename: 'big.ink', content: Buffer.alloc(8 * 1024 * 1024 + 1) }),
		).toThrow(/over the 8388608 bytes/);
		const declared = discord.attachments.upload({ filename: 'a.ink', content: 'tiny', declaredSize: 300 * 1024 });
		expect(declared.size).toBe(300 * 1024);
	});

	it('GIVEN an attachment option WHEN its value was never uploaded, or the command has no such option THEN no client could send it', async () => {
		await register([DREAM]);
		await expect(addCommand('999')).rejects.toThrow(/no attachment 999 was uploaded/);
		const attachment = discord.attachments.upload({ filename: 'a.ink', content: 'x' });
		await expect(
			discord.command({
				user: 'Alice',
				channel: 'dreams',
				name: 'dream',
				options: [
					{ name: 'add', type: Subcommand, options: [{ name: 'story', type: Attachment, value: attachment.id }] },
				],
			}),
		).rejects.toThrow(/\/dream add has no attachment option story/);
	});

	describe('with discord.js connected', () => {
		let client: Client;
		beforeEach(async () => {
			client = await readyClient(discord.apiUrl, discord.token);
		});
		afterEach(async () => {
			await client.destroy();
		});

		it('GIVEN /dream add with a file WHEN it reaches discord.js THEN getAttachment gives its name, size and url, and the url downloads its bytes once', async () => {
			await register([DREAM]);
			const story = 'Once upon a time.\n-> END\n';
			const seen: { name: string; size: number; url: string; contentType: string | null }[] = [];
			const downloaded: string[] = [];
			client.on(Events.InteractionCreate, async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				const file = interaction.options.getAttachment('file', true);
				seen.push({ name: file.name, size: file.size, url: file.url, contentType: file.contentType });
				await interaction.deferReply({ flags: MessageFlags.Ephemeral });
				downloaded.push(await (await fetch(file.url)).text());
				await interaction.editReply(`got ${file.name}`);
			});
			const attachment = discord.attachments.upload({
				filename: 'once.ink',
				content: story,
				contentType: 'text/plain; charset=utf-8',
			});
			const record = await addCommand(attachment.id);
			await waitFor('the reply', () => discord.responseOf(record)?.content === 'got once.ink');
			expect(seen).toEqual([
				{
					name: 'once.ink',
					size: Buffer.byteLength(story),
					url: attachment.url,
					contentType: 'text/plain; charset=utf-8',
				},
			]);
			expect(downloaded).toEqual([story]);
			expect(discord.attachments.downloaded(attachment.id)).toBe(1);
			expect(discord.violations).toEqual([]);
		});

		it('GIVEN a file declared over a bot limit WHEN the bot refuses it by its size THEN the local Discord counts no download', async () => {
			await register([DREAM]);
			client.on(Events.InteractionCreate, async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				const file = interaction.options.getAttachment('file', true);
				if (file.size > 256 * 1024) await interaction.reply({ content: 'too big', flags: MessageFlags.Ephemeral });
				else await interaction.reply({ content: await (await fetch(file.url)).text(), flags: MessageFlags.Ephemeral });
			});
			const big = discord.attachments.upload({
				filename: 'big.ink',
				content: 'small really',
				declaredSize: 300 * 1024,
			});
			const record = await addCommand(big.id);
			expect(discord.responseOf(record)?.content).toBe('too big');
			expect(discord.attachments.downloaded(big.id)).toBe(0);
		});
	});
});
