import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	type Client,
	ContainerBuilder,
	Events,
	FileBuilder,
	MediaGalleryBuilder,
	MessageFlags,
	SectionBuilder,
	SeparatorBuilder,
	SeparatorSpacingSize,
	type TextChannel,
	TextDisplayBuilder,
	ThumbnailBuilder,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/dev/local-discord/checks.js';
import { COMPONENTS_V2_LIMITS, IS_COMPONENTS_V2 } from '../../src/dev/local-discord/layout-checks.js';
import { LocalDiscord } from '../../src/dev/local-discord/server.js';
import { readyClient } from './client.js';

const V2 = MessageFlags.IsComponentsV2;

let discord: LocalDiscord;
let dreams: string;

beforeEach(async () => {
	discord = await LocalDiscord.start({
		world: { guilds: [{ name: 'G', channels: [{ name: 'dreams' }], members: [{ name: 'Alice' }] }] },
		// Not a test of pacing: a test here may post more than Discord's 5 messages in 5 s to one channel.
		channelRate: { limit: 100, windowMs: 1000 },
	});
	dreams = discord.channel('dreams').channel.id;
});
afterEach(async () => {
	await discord.stop();
});

const call = (method: string, path: string, body?: unknown) =>
	fetch(`${discord.apiUrl}/v10${path}`, {
		method,
		headers: { 'content-type': 'application/json', authorization: `Bot ${discord.token}` },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
const post = (body: unknown) => call('POST', `/channels/${dreams}/messages`, body);
const patch = (id: string, body: unknown) => call('PATCH', `/channels/${dreams}/messages/${id}`, body);

/** A post as discord.js makes it with files: `payload_json` and `files[n]` parts. */
function postForm(payload: unknown, files: { name: string; bytes: Buffer }[]) {
	const form = new FormData();
	files.forEach((file, n) => {
		form.append(`files[${n}]`, new Blob([file.bytes]), file.name);
	});
	form.append('payload_json', JSON.stringify(payload));
	return fetch(`${discord.apiUrl}/v10/channels/${dreams}/messages`, {
		method: 'POST',
		headers: { authorization: `Bot ${discord.token}` },
		body: form,
	});
}

const details = () => discord.violations.map((v) => v.detail).join('\n');

/** Expects the refusal Discord gives a body (400, 50035), with the problem recorded as a violation. */
async function expectRefused(response: Response, problem: RegExp) {
	expect(response.status).toBe(400);
	expect(await response.json()).toMatchObject({ code: 50035 });
	expect(discord.violations.map((v) => v.kind)).toContain('limit');
	expect(details()).toMatch(problem);
}

async function posted(response: Response): Promise<string> {
	expect(response.status).toBe(200);
	return ((await response.json()) as { id: string }).id;
}

// Components as the bot sends them, in JSON, so the server (not a builder in the test) is what refuses them.
type Json = Record<string, unknown>;
const text = (content: string) => ({ type: 10, content });
const button = (custom_id: string, label = 'Go') => ({ type: 2, style: 1, custom_id, label });
const row = (...buttons: Json[]) => ({ type: 1, components: buttons });
const container = (...components: Json[]) => ({ type: 17, components });
const section = (texts: Json[], accessory?: Json) => ({
	type: 9,
	components: texts,
	...(accessory ? { accessory } : {}),
});
const thumbnail = (url: string, extra: Json = {}) => ({ type: 11, media: { url }, ...extra });
const gallery = (...urls: string[]) => ({ type: 12, items: urls.map((url) => ({ media: { url } })) });
const fileOf = (url: string) => ({ type: 13, file: { url } });
const separator = (extra: Json = {}) => ({ type: 14, ...extra });
const v2 = (...components: Json[]) => ({ flags: V2, components });
const WEB_IMAGE = 'https://example.com/moon.png';

describe('Components V2 messages (the IS_COMPONENTS_V2 flag)', () => {
	describe('with discord.js connected', () => {
		let client: Client;
		const channel = () => client.channels.cache.get(dreams) as TextChannel;

		beforeEach(async () => {
			client = await readyClient(discord.apiUrl, discord.token);
		});
		afterEach(async () => {
			await client.destroy();
		});

		it("GIVEN a layout built with discord.js's builders (a coloured container, a section with a thumbnail of the map, a gallery, a file, a separator, buttons) WHEN sent with its files THEN it is posted with the flag and its components as sent, and discord.js reads the flag back", async () => {
			const layout = new ContainerBuilder()
				.setAccentColor(0x5865f2)
				.addSectionComponents(
					new SectionBuilder()
						.addTextDisplayComponents(new TextDisplayBuilder().setContent('# The night'))
						.setThumbnailAccessory(new ThumbnailBuilder().setURL('attachment://map.png').setDescription('The map')),
				)
				.addMediaGalleryComponents(new MediaGalleryBuilder().addItems((item) => item.setURL('attachment://map.png')))
				.addSeparatorComponents(new SeparatorBuilder().setSpacing(SeparatorSpacingSize.Large))
				.addFileComponents(new FileBuilder().setURL('attachment://notes.txt'))
				.addActionRowComponents(
					new ActionRowBuilder<ButtonBuilder>().addComponents(
						new ButtonBuilder().setCustomId('vote:1').setLabel('Go on').setStyle(ButtonStyle.Primary),
					),
				);
			const sent = await channel().send({
				components: [layout],
				flags: MessageFlags.IsComponentsV2,
				files: [
					{ attachment: Buffer.from('a map'), name: 'map.png' },
					{ attachment: Buffer.from('notes'), name: 'notes.txt' },
				],
			});

			expect(discord.violations).toEqual([]);
			expect(sent.flags.has(MessageFlags.IsComponentsV2)).toBe(true);
			const stored = discord.message(dreams, sent.id);
			expect((stored?.flags ?? 0) & IS_COMPONENTS_V2).toBe(IS_COMPONENTS_V2);
			expect(stored?.content).toBe('');
			expect(stored?.components).toEqual([layout.toJSON()]);
			expect(stored?.attachments?.map((a) => a.filename)).toEqual(['map.png', 'notes.txt']);
		});

		it('GIVEN a V2 message sent through discord.js WHEN the bot edits its components with message.edit THEN the flag stays and the new components are shown', async () => {
			const sent = await channel().send({
				components: [new TextDisplayBuilder().setContent('The first beat')],
				flags: MessageFlags.IsComponentsV2,
			});
			const edited = await sent.edit({ components: [new TextDisplayBuilder().setContent('The second beat')] });
			expect(edited.flags.has(MessageFlags.IsComponentsV2)).toBe(true);
			expect(discord.message(dreams, sent.id)?.components).toEqual([text('The second beat')]);
			expect(discord.violations).toEqual([]);
		});

		it("GIVEN a V2 message with a button beside a section's text WHEN a member clicks it THEN the bot gets the click and its V2 reply is shown to the member", async () => {
			client.on(Events.InteractionCreate, async (interaction) => {
				if (!interaction.isButton()) return;
				await interaction.reply({
					components: [new TextDisplayBuilder().setContent(`You chose ${interaction.customId}`)],
					flags: MessageFlags.IsComponentsV2 | MessageFlags.Ephemeral,
				});
			});
			const id = await posted(await post(v2(container(section([text('A door')], button('open'))))));
			const click = await discord.click({ user: 'Alice', channel: 'dreams', messageId: id, customId: 'open' });
			expect(click.failed).toBeUndefined();
			const reply = discord.responseOf(click);
			expect(reply?.components).toEqual([text('You chose open')]);
			expect((reply?.flags ?? 0) & IS_COMPONENTS_V2).toBe(IS_COMPONENTS_V2);
			expect(discord.violations).toEqual([]);
		});
	});

	it.each([
		['content beside its components', { ...v2(text('x')), content: 'hello' }, /content must be empty/],
		['an embed', { ...v2(text('x')), embeds: [{ title: 'old style' }] }, /1 embeds with IS_COMPONENTS_V2/],
		['no components', v2(), /needs at least one component/],
		['a thumbnail at the top', v2(thumbnail(WEB_IMAGE)), /components\[0\] is a thumbnail, which cannot go at the top/],
		['a button at the top', v2(button('b')), /components\[0\] is a button, which cannot go at the top/],
		[
			'a container in a container',
			v2(container(container(text('x')))),
			/components\[0\].components\[0\] is a container, which cannot go in a container/,
		],
		['an empty container', v2(container()), /is a container with no components/],
		['an accent colour over 0xFFFFFF', v2({ ...container(text('x')), accent_color: 0x1000000 }), /accent_color/],
		['a negative accent colour', v2({ ...container(text('x')), accent_color: -1 }), /accent_color -1/],
		['an accent colour as a string', v2({ ...container(text('x')), accent_color: '#fff' }), /accent_color "#fff"/],
		['a spoiler that is not a boolean', v2({ ...container(text('x')), spoiler: 'yes' }), /spoiler is not true/],
		['a section with no text', v2(section([], button('b'))), /has 0 text displays \(a section takes 1 to 3\)/],
		[
			'a section with four texts',
			v2(section([text('1'), text('2'), text('3'), text('4')], button('b'))),
			/has 4 text displays/,
		],
		['a section without an accessory', v2(section([text('x')])), /section without an accessory/],
		[
			'a text display as the accessory',
			v2(section([text('x')], text('y'))),
			/accessory is a text display, which cannot go as the accessory/,
		],
		['a button among a section’s texts', v2(section([button('b')], button('c'))), /cannot go in a section/],
		['a thumbnail without a url', v2(section([text('x')], { type: 11, media: {} })), /accessory.media has no url/],
		[
			'a thumbnail alt text of 1,025 characters',
			v2(section([text('x')], thumbnail(WEB_IMAGE, { description: 'd'.repeat(1025) }))),
			/description is 1025 characters \(limit 1024\)/,
		],
		['an empty media gallery', v2(gallery()), /has 0 items \(a media gallery takes 1 to 10\)/],
		['a gallery of 11 items', v2(gallery(...Array.from({ length: 11 }, () => WEB_IMAGE))), /has 11 items/],
		['a gallery item without media', v2({ type: 12, items: [{ description: 'x' }] }), /items\[0\].media has no url/],
		[
			'a gallery item alt text of 1,025 characters',
			v2({ type: 12, items: [{ media: { url: WEB_IMAGE }, description: 'd'.repeat(1025) }] }),
			/items\[0\] description is 1025 characters/,
		],
		['a gallery item at ftp://', v2(gallery('ftp://example.com/moon.png')), /neither an https:\/\/ url/],
		['a file component at an https url', v2(fileOf('https://example.com/notes.txt')), /is not attachment:\/\//],
		['a separator spacing of 3', v2(separator({ spacing: 3 })), /spacing 3 is neither 1 \(small\) nor 2/],
		['a separator divider of "yes"', v2(separator({ divider: 'yes' })), /divider is not true or false/],
		['an empty text display', v2(text('')), /is a text display without content/],
		[
			'41 components, counting the nested ones',
			// 1 container + 1 row + 5 buttons + 1 section + 1 text + 1 accessory = 10, and 31 texts more.
			v2(
				container(
					row(...['a', 'b', 'c', 'd', 'e'].map((id) => button(id))),
					section([text('x')], button('f')),
					...Array.from({ length: 31 }, (_, i) => text(`line ${i}`)),
				),
			),
			/41 components in all, nested ones included \(limit 40\)/,
		],
		[
			'4,001 characters across its text displays',
			v2(text('a'.repeat(2000)), container(text('b'.repeat(2001)))),
			/text displays hold 4001 characters in all \(limit 4000\)/,
		],
		[
			'a button label of 81 characters in a container’s row',
			v2(container(row(button('b', 'l'.repeat(81))))),
			/components\[0\].components\[0\]: button label is 81 characters \(limit 80\)/,
		],
		[
			'a custom_id of 101 characters on a section’s button',
			v2(section([text('x')], button('c'.repeat(101)))),
			/components\[0\].accessory: custom_id is 101 characters \(limit 100\)/,
		],
		[
			'six buttons in a row',
			v2(container(row(...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => button(id))))),
			/has 6 buttons \(limit 5\)/,
		],
		[
			'one custom_id in a row and on a section’s button',
			v2(row(button('same')), section([text('x')], button('same'))),
			/custom_id "same" is used twice in one message/,
		],
		['a button of style 9', v2(row({ type: 2, style: 9, custom_id: 'b' })), /button style 9 is not one of Discord's/],
		[
			'a gallery naming attachment://map.png with no file sent',
			v2(gallery('attachment://map.png')),
			/components\[0\].items\[0\].media attachment:\/\/map.png names no file of the message/,
		],
	])(
		'GIVEN a V2 message with %s WHEN posted THEN it is a 400 (50035), the problem is recorded and nothing is posted',
		async (_name, body, problem) => {
			await expectRefused(await post(body), problem);
			expect(discord.visibleMessages(dreams)).toEqual([]);
		},
	);

	it('GIVEN a V2 message at every limit (40 components, 4,000 characters, a white accent, 10 gallery items, 1,024 characters of alt text, 3 texts in a section) WHEN posted THEN it is accepted and stored as sent', async () => {
		const body = v2(
			{ ...container(text('a'.repeat(1000))), accent_color: 0xffffff, spoiler: true },
			{ ...container(text('b')), accent_color: null },
			section([text('1'), text('2'), text('c'.repeat(2997))], thumbnail(WEB_IMAGE, { description: 'd'.repeat(1024) })),
			{ type: 12, items: Array.from({ length: 10 }, () => ({ media: { url: WEB_IMAGE }, spoiler: false })) },
			separator({ divider: false, spacing: 2 }),
			row(...['a', 'b', 'c', 'd', 'e'].map((id) => button(id))),
			// So far 2 + 2 + 5 + 1 + 1 + 6 = 17 components; 23 separators more make 40.
			...Array.from({ length: 23 }, () => separator()),
		);
		const id = await posted(await post(body));
		expect(discord.violations).toEqual([]);
		const stored = discord.message(dreams, id);
		expect(stored?.components).toEqual(body.components);
		expect(stored?.flags).toBe(V2);
	});

	it('GIVEN files posted with a V2 message WHEN its gallery, thumbnail and file component name them THEN it is posted; a thumbnail naming a text file, or a file component naming a file not sent, is refused', async () => {
		const files = [
			{ name: 'map.png', bytes: Buffer.from('a map') },
			{ name: 'notes.txt', bytes: Buffer.from('notes') },
		];
		const id = await posted(
			await postForm(
				v2(
					section([text('The map')], thumbnail('attachment://map.png')),
					gallery('attachment://map.png'),
					fileOf('attachment://notes.txt'),
				),
				files,
			),
		);
		expect(discord.message(dreams, id)?.attachments).toHaveLength(2);
		expect(discord.violations).toEqual([]);

		await expectRefused(
			await postForm(v2(section([text('x')], thumbnail('attachment://notes.txt'))), files),
			/attachment:\/\/notes.txt is not a .jpg, .jpeg, .png, .webp or .gif, which a thumbnail cannot show/,
		);
		await expectRefused(
			await postForm(v2(fileOf('attachment://recap.pdf')), files),
			/components\[0\].file attachment:\/\/recap.pdf names no file of the message/,
		);
		expect(discord.visibleMessages(dreams)).toHaveLength(1);
	});

	it.each([
		['a container', container(text('x'))],
		['a text display', text('x')],
		['a section', section([text('x')], button('b'))],
		['a media gallery', gallery(WEB_IMAGE)],
		['a separator', separator()],
	])(
		'GIVEN a message without the flag WHEN %s is at its top THEN it is refused as Discord does: only action rows',
		async (name, component) => {
			await expectRefused(
				await post({ content: 'legacy', components: [component] }),
				new RegExp(`component 0 is ${name}, which needs the IS_COMPONENTS_V2 flag`),
			);
			expect(discord.visibleMessages(dreams)).toEqual([]);
		},
	);

	describe('edits', () => {
		it('GIVEN a V2 message WHEN an edit sends flags without IS_COMPONENTS_V2 THEN it is a 400 and a violation, and the message is unchanged', async () => {
			const id = await posted(await post(v2(text('The first beat'))));
			await expectRefused(
				await patch(id, { flags: 0, content: 'plain again', components: [] }),
				/an edit cannot remove IS_COMPONENTS_V2 from a message that has it/,
			);
			const message = discord.message(dreams, id);
			expect(message).toMatchObject({ flags: V2, content: '', components: [text('The first beat')] });
			expect(message?.edited_timestamp).toBeNull();
		});

		it('GIVEN a V2 message WHEN an edit adds content or an embed THEN it is refused, though the flag is left out of the edit', async () => {
			const id = await posted(await post(v2(text('x'))));
			await expectRefused(await patch(id, { content: 'hello' }), /content must be empty/);
			await expectRefused(await patch(id, { embeds: [{ title: 't' }] }), /1 embeds with IS_COMPONENTS_V2/);
			expect(discord.message(dreams, id)?.edited_timestamp).toBeNull();
		});

		it('GIVEN a message with content and an embed WHEN an edit sets the flag but leaves either THEN it is refused; WHEN it clears content with null and embeds with [] THEN the message becomes a V2 one', async () => {
			const id = await posted(await post({ content: 'The night', embeds: [{ title: 'Recap' }] }));
			const layout = [container(text('The night'))];
			await expectRefused(
				await patch(id, { flags: V2, components: layout, embeds: [] }),
				/content must be empty with IS_COMPONENTS_V2/,
			);
			await expectRefused(
				await patch(id, { flags: V2, components: layout, content: null }),
				/1 embeds with IS_COMPONENTS_V2/,
			);
			expect(discord.message(dreams, id)).toMatchObject({ flags: 0, content: 'The night' });

			expect((await patch(id, { flags: V2, components: layout, content: null, embeds: [] })).status).toBe(200);
			expect(discord.message(dreams, id)).toMatchObject({ flags: V2, content: '', embeds: [], components: layout });
		});

		it('GIVEN a V2 message showing its file WHEN an edit keeps the file THEN a gallery may still name it; WHEN the edit drops the file (attachments: []) while the gallery names it THEN it is refused and the file stays', async () => {
			const id = await posted(await postForm(v2(text('x')), [{ name: 'map.png', bytes: Buffer.from('a map') }]));
			const shown = v2(text('The map'), gallery('attachment://map.png'));
			expect((await patch(id, shown)).status).toBe(200);
			expect(discord.message(dreams, id)?.components).toEqual(shown.components);

			await expectRefused(
				await patch(id, { attachments: [] }),
				/components\[1\].items\[0\].media attachment:\/\/map.png names no file of the message/,
			);
			expect(discord.message(dreams, id)?.attachments).toHaveLength(1);
		});
	});

	describe('interaction replies', () => {
		beforeEach(() => {
			discord.commands.set('global', [
				{ id: '1', application_id: discord.applicationId, version: '1', name: 'dream', type: 1 },
			]);
		});

		/** A member's /dream, waiting for the bot's answer, and the interaction it opened. */
		function dream() {
			const pending = discord.command({ user: 'Alice', channel: 'dreams', name: 'dream' });
			const record = [...discord.interactions.values()].at(-1);
			if (!record) throw new Error('no interaction');
			const callback = (body: unknown) =>
				fetch(`${discord.apiUrl}/v10/interactions/${record.id}/${record.token}/callback`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
			const webhook = `/webhooks/${discord.applicationId}/${record.token}`;
			return { pending, callback, webhook };
		}

		it('GIVEN a command WHEN the bot replies with the flag and content THEN it is refused; its V2 reply then goes through with the flag', async () => {
			const { pending, callback } = dream();
			await expectRefused(await callback({ type: 4, data: { ...v2(text('x')), content: 'hi' } }), /content must be/);
			expect((await callback({ type: 4, data: v2(container(text('The night begins'))) })).status).toBe(204);
			const reply = discord.responseOf(await pending);
			expect(reply).toMatchObject({ flags: V2, components: [container(text('The night begins'))] });
		});

		it('GIVEN a reply deferred with the flag WHEN the bot edits @original with V2 components but not the flag THEN it is refused, as Discord ignores the flag on a deferral; WHEN the edit sets it THEN the reply shows', async () => {
			const { pending, callback, webhook } = dream();
			expect((await callback({ type: 5, data: { flags: V2 } })).status).toBe(204);
			await expectRefused(
				await call('PATCH', `${webhook}/messages/@original`, { components: [text('Ready')] }),
				/component 0 is a text display, which needs the IS_COMPONENTS_V2 flag/,
			);
			const edited = await call('PATCH', `${webhook}/messages/@original`, v2(text('Ready')));
			expect(edited.status).toBe(200);
			const reply = discord.responseOf(await pending);
			expect(reply).toMatchObject({ flags: V2, components: [text('Ready')] });
		});

		it('GIVEN a deferred reply WHEN the bot edits it later THEN the member saw the answer at the edit, not at the deferral; GIVEN a reply with content THEN at once', async () => {
			const deferred = dream();
			expect((await deferred.callback({ type: 5, data: {} })).status).toBe(204);
			const record = [...discord.interactions.values()].at(-1);
			expect(record?.callbackAt).toBeDefined();
			expect(record?.answeredAt).toBeUndefined();
			await new Promise((resolve) => setTimeout(resolve, 30));
			await call('PATCH', `${deferred.webhook}/messages/@original`, { content: 'Counted' });
			await deferred.pending;
			expect((record?.answeredAt ?? 0) - (record?.callbackAt ?? 0)).toBeGreaterThanOrEqual(25);
			const direct = dream();
			expect((await direct.callback({ type: 4, data: { content: 'Hello' } })).status).toBe(204);
			const answered = await direct.pending;
			expect((answered.answeredAt ?? Number.NaN) - (answered.callbackAt ?? 0)).toBeLessThan(5);
		});

		it('GIVEN an answered command WHEN a follow-up with the flag carries an embed THEN it is refused; with components only THEN it is posted with the flag', async () => {
			const { pending, callback, webhook } = dream();
			expect((await callback({ type: 4, data: { content: 'Listen' } })).status).toBe(204);
			await pending;
			await expectRefused(
				await call('POST', webhook, { ...v2(text('x')), embeds: [{ title: 't' }] }),
				/1 embeds with IS_COMPONENTS_V2/,
			);
			const followUp = await call('POST', webhook, v2(text('And then')));
			const id = await posted(followUp);
			expect(discord.message(dreams, id)).toMatchObject({ flags: V2, components: [text('And then')] });
		});
	});

	it("GIVEN a layout a renderer made WHEN checked with checkMessage, with no server THEN it gives the same sentences, against COMPONENTS_V2_LIMITS's figures", () => {
		const texts = (n: number) => Array.from({ length: n }, (_, i) => text(`line ${i}`));
		expect(checkMessage(v2(container(...texts(COMPONENTS_V2_LIMITS.components - 1))))).toEqual([]);
		expect(checkMessage(v2(container(...texts(COMPONENTS_V2_LIMITS.components))))).toEqual([
			'41 components in all, nested ones included (limit 40)',
		]);
		expect(checkMessage(v2(gallery('attachment://map.png')), [{ filename: 'map.png', size: 5 }])).toEqual([]);
		expect(COMPONENTS_V2_LIMITS).toMatchObject({ text: 4000, galleryItems: 10, description: 1024, sectionTexts: 3 });
	});
});
