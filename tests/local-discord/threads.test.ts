import {
	ChannelType,
	type Client,
	DiscordAPIError,
	Events,
	type GatewayDispatchPayload,
	type TextChannel,
	type ThreadChannel,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/dev/local-discord/server.js';
import { waitFor } from '../helpers.js';
import { readyClient, restCall } from './client.js';

let discord: LocalDiscord;
let client: Client;
/** Every dispatch the bot's client received, in order. */
let packets: GatewayDispatchPayload[];

beforeEach(async () => {
	discord = await LocalDiscord.start({
		world: {
			guilds: [
				{
					name: 'G',
					roles: [{ name: 'Moderator', permissions: ['ManageThreads'] }],
					channels: [
						{ name: 'dreams' },
						{ name: 'quiet', overwrites: [{ for: '@bot', deny: ['SendMessagesInThreads'] }] },
						{ name: 'no-threads', overwrites: [{ for: '@bot', deny: ['CreatePublicThreads'] }] },
						{ name: 'modded', overwrites: [{ for: '@bot', allow: ['ManageThreads', 'CreatePrivateThreads'] }] },
					],
					members: [{ name: 'Alice', roles: ['Moderator'] }, { name: 'Bob' }],
				},
			],
		},
	});
	client = await readyClient(discord.apiUrl, discord.token);
	packets = [];
	client.on(Events.Raw, (packet: GatewayDispatchPayload) => packets.push(packet));
});
afterEach(async () => {
	await client.destroy();
	await discord.stop();
});

const call = (method: string, path: string, body?: unknown) =>
	restCall(discord.apiUrl, discord.token)(method, path, body);
const textChannel = async (name: string) =>
	(await client.channels.fetch(discord.channel(name).channel.id)) as TextChannel;
const heard = (event: string, check: (d: Record<string, unknown>) => boolean = () => true) =>
	waitFor(event, () => packets.find((p) => p.t === event && check(p.d as unknown as Record<string, unknown>)));
/** The error discord.js threw, for its status and Discord's code. */
async function refusal(action: Promise<unknown>): Promise<DiscordAPIError> {
	const error = await action.then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!(error instanceof DiscordAPIError)) throw new Error(`expected a refusal, got ${String(error)}`);
	return error;
}

describe('threads in the local Discord, as discord.js makes and uses them', () => {
	it('GIVEN a text channel WHEN the bot starts a public thread THEN it is a type-11 channel it owns and has joined, and the gateway says THREAD_CREATE (newly created) and THREAD_MEMBERS_UPDATE', async () => {
		const dreams = await textChannel('dreams');
		const thread = await dreams.threads.create({ name: 'Night one', type: ChannelType.PublicThread });
		expect(thread.type).toBe(ChannelType.PublicThread);
		expect(thread.parentId).toBe(dreams.id);
		expect(thread.ownerId).toBe(client.user?.id);
		expect(thread.archived).toBe(false);
		expect(thread.autoArchiveDuration).toBe(1440);
		const created = await heard('THREAD_CREATE');
		expect(created.d).toMatchObject({
			id: thread.id,
			type: 11,
			parent_id: dreams.id,
			guild_id: dreams.guildId,
			owner_id: client.user?.id,
			newly_created: true,
			member_count: 1,
			message_count: 0,
			total_message_sent: 0,
			member: { id: thread.id, user_id: client.user?.id },
			thread_metadata: { archived: false, locked: false, auto_archive_duration: 1440 },
		});
		const joined = await heard('THREAD_MEMBERS_UPDATE');
		expect(joined.d).toMatchObject({ id: thread.id, member_count: 1, added_members: [{ user_id: client.user?.id }] });
		const [kept] = discord.threads.of('G');
		expect(kept?.members.has(client.user?.id ?? '')).toBe(true);
		expect(discord.violations).toEqual([]);
	});

	it('GIVEN a thread started over REST with no type WHEN Discord answers THEN it is private (v10 default), and a bot without Create Private Threads is refused', async () => {
		const modded = discord.channel('modded').channel.id;
		const made = await call('POST', `/channels/${modded}/threads`, { name: 'Whispers' });
		expect(made.status).toBe(200);
		expect(await made.json()).toMatchObject({ type: 12, thread_metadata: { invitable: true } });
		const refused = await call('POST', `/channels/${discord.channel('dreams').channel.id}/threads`, { name: 'x' });
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({ code: 50013 });
		expect(discord.violations.map((v) => v.detail)).toEqual([expect.stringMatching(/lacks CreatePrivateThreads/)]);
	});

	it.each([
		['an empty name', { name: '', type: 11 }, 'name', 'BASE_TYPE_BAD_LENGTH'],
		['a name over 100', { name: 'n'.repeat(101), type: 11 }, 'name', 'BASE_TYPE_BAD_LENGTH'],
		['no name', { type: 11 }, 'name', 'BASE_TYPE_REQUIRED'],
		[
			'an auto-archive of 30 minutes',
			{ name: 'x', type: 11, auto_archive_duration: 30 },
			'auto_archive_duration',
			'BASE_TYPE_CHOICES',
		],
		['a type that is no thread', { name: 'x', type: 0 }, 'type', 'BASE_TYPE_CHOICES'],
		[
			'a slowmode over 6 hours',
			{ name: 'x', type: 11, rate_limit_per_user: 21_601 },
			'rate_limit_per_user',
			'NUMBER_TYPE_MAX',
		],
	])(
		'GIVEN a thread with %s WHEN started THEN 400 Invalid Form Body names the field, and it is recorded',
		async (_name, body, field, code) => {
			const response = await call('POST', `/channels/${discord.channel('dreams').channel.id}/threads`, body);
			expect(response.status).toBe(400);
			const answer = (await response.json()) as {
				code: number;
				errors: Record<string, { _errors: { code: string }[] }>;
			};
			expect(answer.code).toBe(50035);
			expect(answer.errors[field]?._errors[0]?.code).toBe(code);
			expect(discord.violations.map((v) => v.kind)).toEqual(['limit']);
			expect(discord.threads.of('G')).toEqual([]);
		},
	);

	it('GIVEN a channel where the bot may not create public threads, or a thread WHEN it starts one there THEN 403 50013, and 400 50024 in a thread', async () => {
		const error = await refusal(
			(await textChannel('no-threads')).threads.create({ name: 'x', type: ChannelType.PublicThread }),
		);
		expect([error.status, error.code]).toEqual([403, 50013]);
		const thread = await (await textChannel('dreams')).threads.create({ name: 'x', type: ChannelType.PublicThread });
		const nested = await call('POST', `/channels/${thread.id}/threads`, { name: 'y', type: 11 });
		expect(nested.status).toBe(400);
		expect(await nested.json()).toMatchObject({ code: 50024 });
		expect(discord.violations.map((v) => v.kind)).toEqual(['permission', 'invalid']);
	});

	it('GIVEN a message WHEN the bot starts a thread from it THEN the thread takes its id and the message is flagged; a second is refused with 160004', async () => {
		const dreams = await textChannel('dreams');
		const message = await dreams.send('The night begins');
		const thread = await message.startThread({ name: 'About the night' });
		expect(thread.id).toBe(message.id);
		expect(thread.type).toBe(ChannelType.PublicThread);
		expect(discord.message(dreams.id, message.id)?.flags).toBe(1 << 5);
		const again = await call('POST', `/channels/${dreams.id}/messages/${message.id}/threads`, { name: 'again' });
		expect(again.status).toBe(400);
		expect(await again.json()).toMatchObject({ code: 160004 });
	});

	it('GIVEN a thread WHEN the bot posts in it THEN it needs Send Messages in Threads (not Send Messages) in the parent, and the counts follow', async () => {
		const thread = await (await textChannel('dreams')).threads.create({ name: 'talk', type: ChannelType.PublicThread });
		await thread.send('one');
		const two = await thread.send('two');
		await two.delete();
		expect(discord.visibleMessages(thread.id).map((m) => m.content)).toEqual(['one']);
		const fetched = (await call('GET', `/channels/${thread.id}`).then((r) => r.json())) as Record<string, unknown>;
		expect(fetched).toMatchObject({ message_count: 1, total_message_sent: 2, last_message_id: two.id });

		const quiet = discord.threads.start({ user: 'Bob', channel: 'quiet', name: 'hush' });
		const refused = await call('POST', `/channels/${quiet.id}/messages`, { content: 'hi' });
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({ code: 50013 });
		expect(discord.violations.map((v) => v.detail)).toEqual([expect.stringMatching(/lacks SendMessagesInThreads/)]);
	});

	it('GIVEN a thread a moderator archived WHEN the bot posts in it THEN the post unarchives it (THREAD_UPDATE); locked too, 50083 unless the bot manages threads', async () => {
		const thread = await (await textChannel('dreams')).threads.create({ name: 'old', type: ChannelType.PublicThread });
		discord.threads.archive(thread.id);
		await waitFor('the archive', () => thread.archived);
		await thread.send('still here');
		await waitFor('the unarchive', () => thread.archived === false);
		expect(discord.threads.find(thread.id).thread.archived).toBe(false);

		discord.threads.archive(thread.id);
		discord.threads.lock(thread.id);
		const error = await refusal(thread.send('let me in'));
		expect([error.status, error.code]).toEqual([400, 50083]);
		discord.threads.unarchive(thread.id);
		const locked = await refusal(thread.send('locked but open'));
		expect([locked.status, locked.code]).toEqual([400, 160005]);

		const modded = await (await textChannel('modded')).threads.create({ name: 'kept', type: ChannelType.PublicThread });
		discord.threads.archive(modded.id);
		discord.threads.lock(modded.id);
		await modded.send('a moderator bot may');
		expect(discord.threads.find(modded.id).thread.archived).toBe(false);
		expect(discord.violations.map((v) => v.kind)).toEqual(['invalid', 'invalid']);
	});

	it('GIVEN its own thread WHEN the bot archives, renames and locks it THEN archiving and renaming pass, locking needs Manage Threads, and an archived thread takes no edit but unarchiving', async () => {
		const thread = await (await textChannel('dreams')).threads.create({ name: 'mine', type: ChannelType.PublicThread });
		await thread.setName('still mine');
		await thread.setArchived(true);
		expect(discord.threads.find(thread.id).thread).toMatchObject({ name: 'still mine', archived: true });
		const renamed = await refusal(thread.setName('renamed while archived'));
		expect([renamed.status, renamed.code]).toEqual([400, 50083]);
		await thread.setArchived(false);
		const lock = await refusal(thread.setLocked(true));
		expect([lock.status, lock.code]).toEqual([403, 50013]);
		await waitFor('an update for each change', () => packets.filter((p) => p.t === 'THREAD_UPDATE').length === 3);
		// Unarchiving also tells the thread's members their membership, the bot among them.
		await heard('THREAD_MEMBER_UPDATE', (d) => d.id === thread.id && d.user_id === client.user?.id);
	});

	it('GIVEN a thread WHEN the bot deletes it THEN it needs Manage Threads; with it, THREAD_DELETE and the thread is gone', async () => {
		const plain = await (await textChannel('dreams')).threads.create({ name: 'plain', type: ChannelType.PublicThread });
		const error = await refusal(plain.delete());
		expect([error.status, error.code]).toEqual([403, 50013]);
		const modded = await (await textChannel('modded')).threads.create({ name: 'gone', type: ChannelType.PublicThread });
		await modded.delete();
		const deleted = await heard('THREAD_DELETE');
		expect(deleted.d).toEqual({ id: modded.id, guild_id: modded.guildId, parent_id: modded.parentId, type: 11 });
		expect(discord.threads.of('G').map((t) => t.id)).toEqual([plain.id]);
		discord.threads.delete(plain.id);
		await heard('THREAD_DELETE', (d) => d.id === plain.id);
		expect((await call('GET', `/channels/${plain.id}`)).status).toBe(404);
	});

	it('GIVEN active and archived threads WHEN a bot connects THEN GUILD_CREATE carries the active ones it may see, and threads/active lists them', async () => {
		const dreams = await textChannel('dreams');
		const open = await dreams.threads.create({ name: 'open', type: ChannelType.PublicThread });
		const closed = await dreams.threads.create({ name: 'closed', type: ChannelType.PublicThread });
		discord.threads.archive(closed.id);
		const secret = discord.threads.start({ user: 'Bob', channel: 'dreams', name: 'secret', type: 'private' });
		const later = await readyClient(discord.apiUrl, discord.token);
		try {
			expect(later.channels.cache.has(open.id)).toBe(true);
			expect(later.channels.cache.has(closed.id)).toBe(false);
			expect(later.channels.cache.has(secret.id)).toBe(false);
			expect((later.channels.cache.get(open.id) as ThreadChannel).members.cache.has(later.user?.id ?? '')).toBe(true);
		} finally {
			await later.destroy();
		}
		const active = await dreams.guild.channels.fetchActiveThreads();
		expect([...active.threads.keys()]).toEqual([open.id]);
		expect([...active.members.keys()]).toEqual([client.user?.id]);
	});
});
