import {
	ButtonStyle,
	ChannelType,
	type Client,
	ComponentType,
	DiscordAPIError,
	Events,
	GatewayDispatchEvents,
	type GatewayDispatchPayload,
	GatewayIntentBits,
	type Interaction,
	PermissionFlagsBits,
	type TextChannel,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/dev/local-discord/server.js';
import { waitFor } from '../helpers.js';
import { readyClient, restCall } from './client.js';

let discord: LocalDiscord;
let client: Client;
let packets: GatewayDispatchPayload[];
let interactions: Interaction[];

beforeEach(async () => {
	discord = await LocalDiscord.start({
		world: {
			guilds: [
				{
					name: 'G',
					channels: [
						{ name: 'dreams' },
						{ name: 'quiet', overwrites: [{ for: '@bot', deny: ['SendMessagesInThreads'] }] },
						{ name: 'modded', overwrites: [{ for: '@bot', allow: ['ManageThreads'] }] },
					],
					members: [{ name: 'Alice' }, { name: 'Bob' }],
				},
			],
		},
	});
	// With Guild Members, the bot hears of everyone joining and leaving threads; without it, of itself only.
	client = await readyClient(discord.apiUrl, discord.token, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers]);
	packets = [];
	client.on(Events.Raw, (packet: GatewayDispatchPayload) => packets.push(packet));
	interactions = [];
	client.on(Events.InteractionCreate, (interaction) => {
		interactions.push(interaction);
		if (interaction.isRepliable()) void interaction.reply({ content: 'heard you' });
	});
	discord.commands.set('global', [
		{ id: '1', application_id: discord.applicationId, version: '1', name: 'dream', type: 1 },
	]);
});
afterEach(async () => {
	await client.destroy();
	await discord.stop();
});

const call = (method: string, path: string, body?: unknown) =>
	restCall(discord.apiUrl, discord.token)(method, path, body);
const idOf = (name: string) => discord.member(discord.guild('G'), name).user.id;
const newThread = async (channel = 'dreams') =>
	((await client.channels.fetch(discord.channel(channel).channel.id)) as TextChannel).threads.create({
		name: 'night',
		type: ChannelType.PublicThread,
	});
/** The THREAD_MEMBERS_UPDATEs `heard` (the bot's client's, unless another's) for a thread. */
const membersUpdates = (threadId: string, heard = packets) =>
	heard.flatMap((p) => (p.t === GatewayDispatchEvents.ThreadMembersUpdate && p.d.id === threadId ? [p.d] : []));

describe('who is in a thread, and what members do there', () => {
	it('GIVEN a thread WHEN a member joins and leaves in Discord, and the bot adds one THEN THREAD_MEMBERS_UPDATE says so, and the list and the lookup agree', async () => {
		const thread = await newThread();
		discord.threads.join(thread.id, 'Alice');
		await thread.members.add(idOf('Bob'));
		await waitFor('both added', () => membersUpdates(thread.id).length === 3);
		expect(membersUpdates(thread.id).map((d) => d.added_members?.[0]?.user_id)).toEqual([
			client.user?.id,
			idOf('Alice'),
			idOf('Bob'),
		]);
		expect(membersUpdates(thread.id)[1]?.added_members?.[0]?.member?.user?.id).toBe(idOf('Alice'));
		const listed = await thread.members.fetch({ withMember: true });
		expect([...listed.keys()].sort()).toEqual([client.user?.id, idOf('Alice'), idOf('Bob')].sort());
		const one = (await call('GET', `/channels/${thread.id}/thread-members/${idOf('Alice')}?with_member=true`).then(
			(r) => r.json(),
		)) as Record<string, unknown>;
		expect(one).toMatchObject({
			id: thread.id,
			user_id: idOf('Alice'),
			flags: 0,
			member: { user: { id: idOf('Alice') } },
		});
		discord.threads.leave(thread.id, 'Alice');
		await waitFor('Alice gone', () =>
			membersUpdates(thread.id).some((d) => d.removed_member_ids?.includes(idOf('Alice'))),
		);
		expect((await call('GET', `/channels/${thread.id}/thread-members/${idOf('Alice')}`)).status).toBe(404);
		expect(discord.violations).toEqual([]);
	});

	it('GIVEN a bot without the Guild Members intent WHEN members join THEN it hears nothing of them, only of itself', async () => {
		const guildsOnly = await readyClient(discord.apiUrl, discord.token);
		const heard: GatewayDispatchPayload[] = [];
		guildsOnly.on(Events.Raw, (packet: GatewayDispatchPayload) => heard.push(packet));
		try {
			const thread = await newThread();
			discord.threads.join(thread.id, 'Alice');
			await waitFor('the main client hears Alice', () => membersUpdates(thread.id).length === 2);
			const theirs = membersUpdates(thread.id, heard);
			expect(theirs.map((d) => d.added_members?.[0]?.user_id)).toEqual([client.user?.id]);
		} finally {
			await guildsOnly.destroy();
		}
	});

	it('GIVEN an archived thread or another member WHEN the bot joins, leaves or removes THEN 50083 when archived, and removing someone needs Manage Threads', async () => {
		const thread = await newThread();
		discord.threads.join(thread.id, 'Alice');
		const removal = await thread.members.remove(idOf('Alice')).catch((e: unknown) => e);
		expect(removal).toBeInstanceOf(DiscordAPIError);
		expect((removal as DiscordAPIError).code).toBe(50013);
		await thread.leave();
		discord.threads.archive(thread.id);
		const join = await call('PUT', `/channels/${thread.id}/thread-members/@me`);
		expect(join.status).toBe(400);
		expect(await join.json()).toMatchObject({ code: 50083 });

		const modded = await newThread('modded');
		discord.threads.join(modded.id, 'Bob');
		await modded.members.remove(idOf('Bob'));
		expect(discord.threads.find(modded.id).thread.members.has(idOf('Bob'))).toBe(false);
		expect(discord.violations.map((v) => v.kind)).toEqual(['permission', 'invalid']);
	});

	it('GIVEN a private thread a member started WHEN the bot is not in it THEN it hears nothing and may not read it; added, it hears THREAD_CREATE and may', async () => {
		const secret = discord.threads.start({ user: 'Bob', channel: 'dreams', name: 'secret', type: 'private' });
		const hidden = await call('GET', `/channels/${secret.id}`);
		expect(hidden.status).toBe(403);
		expect(await hidden.json()).toMatchObject({ code: 50001 });
		expect(packets.some((p) => p.t === 'THREAD_CREATE')).toBe(false);
		discord.threads.join(secret.id, 'Reverie');
		const created = await waitFor('THREAD_CREATE', () => packets.find((p) => p.t === 'THREAD_CREATE'));
		expect(created.d).toMatchObject({
			id: secret.id,
			type: 12,
			owner_id: idOf('Bob'),
			member: { user_id: client.user?.id },
		});
		expect(created.d).not.toHaveProperty('newly_created');
		expect((await call('GET', `/channels/${secret.id}`)).status).toBe(200);
		await expect(discord.command({ user: 'Alice', channel: secret.id, name: 'dream' })).rejects.toThrow(
			/cannot see the thread/,
		);
	});

	it('GIVEN a thread WHEN a member uses a command and clicks there THEN the interactions come from the thread, with the parent channel’s permissions, and the replies land in it', async () => {
		const quiet = discord.threads.start({ user: 'Bob', channel: 'quiet', name: 'hush' });
		const record = await discord.command({ user: 'Bob', channel: quiet.id, name: 'dream' });
		expect(record.failed).toBeUndefined();
		const [command] = interactions;
		expect(command?.channelId).toBe(quiet.id);
		expect(command?.channel?.isThread()).toBe(true);
		expect(command?.channel?.type).toBe(ChannelType.PublicThread);
		// The parent denies the bot Send Messages in Threads, and an interaction in the thread says so.
		expect(command?.appPermissions.has(PermissionFlagsBits.SendMessagesInThreads)).toBe(false);
		expect(command?.appPermissions.has(PermissionFlagsBits.ViewChannel)).toBe(true);
		expect(discord.visibleMessages(quiet.id).map((m) => m.content)).toEqual(['heard you']);

		const thread = await newThread();
		const message = await thread.send({
			content: 'choose',
			components: [
				{
					type: ComponentType.ActionRow,
					components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'go', label: 'Go' }],
				},
			],
		});
		await discord.click({ user: 'Alice', channel: thread.id, messageId: message.id, customId: 'go' });
		const click = interactions[1];
		expect(click?.channelId).toBe(thread.id);
		expect(click?.appPermissions.has(PermissionFlagsBits.SendMessagesInThreads)).toBe(true);
		expect(discord.visibleMessages(thread.id).map((m) => m.content)).toEqual(['choose', 'heard you']);

		discord.threads.archive(thread.id);
		await expect(discord.command({ user: 'Alice', channel: thread.id, name: 'dream' })).rejects.toThrow(/archived/);
		expect(discord.violations).toEqual([]);
	});
});
