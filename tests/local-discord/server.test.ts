import { GatewayCloseCodes } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CHANNEL_RATE, LocalDiscord } from '../../src/dev/local-discord/server.js';
import { waitFor } from '../helpers.js';
import { restCall } from './client.js';

let discord: LocalDiscord;
let channelId: string;

beforeEach(async () => {
	discord = await LocalDiscord.start({
		world: {
			guilds: [
				{
					name: 'G',
					channels: [{ name: 'open' }, { name: 'hidden', overwrites: [{ for: '@bot', deny: ['ViewChannel'] }] }],
					members: [{ name: 'Alice' }],
				},
			],
		},
	});
	channelId = discord.channel('open').channel.id;
});
afterEach(async () => {
	await discord.stop();
});

const call = (method: string, path: string, body?: unknown, token: string | null = discord.token) =>
	fetch(`${discord.apiUrl}/v10${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bot ${token}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});

const post = (body: unknown, id = channelId) => call('POST', `/channels/${id}/messages`, body);
const button = (custom_id: string, label = 'Go') => ({ type: 2, style: 1, custom_id, label });

describe('the local Discord is strict where Discord is', () => {
	it('GIVEN a message posted with no body, or with null WHEN it reaches the local Discord THEN it is a 400, as on Discord', async () => {
		const bare = await fetch(`${discord.apiUrl}/v10/channels/${channelId}/messages`, {
			method: 'POST',
			headers: { authorization: `Bot ${discord.token}` },
		});
		expect(bare.status).toBe(400);
		expect((await post(null)).status).toBe(400);
		expect((await post({ content: 'still fine' })).status).toBe(200);
	});

	it('GIVEN a gateway connection WHEN it sends JSON that is no payload (null) THEN it is closed as undecodable, and the server goes on', async () => {
		for (const raw of ['null', '42', '{not json']) {
			const socket = new WebSocket(discord.gatewayUrl);
			const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
			socket.on('open', () => socket.send(raw));
			expect(await closed).toBe(GatewayCloseCodes.DecodeError);
		}
		expect((await call('GET', '/gateway/bot')).status).toBe(200);
	});

	it('GIVEN the gateway question WHEN asked with the bot token THEN it points at its own gateway; without it, 401', async () => {
		const ok = await call('GET', '/gateway/bot');
		expect(await ok.json()).toMatchObject({ url: discord.gatewayUrl, shards: 1 });
		expect((await call('GET', '/gateway/bot', undefined, 'wrong')).status).toBe(401);
		expect(discord.violations.map((v) => v.kind)).toEqual(['auth']);
	});

	it.each([
		['content over 2,000 characters', { content: 'x'.repeat(2001) }, /content is 2001 characters/],
		['an embed title over 256', { embeds: [{ title: 't'.repeat(257) }] }, /title is 257 characters/],
		['a description over 4,096', { embeds: [{ description: 'd'.repeat(4097) }] }, /description is 4097/],
		[
			'embeds over 6,000 in all',
			{ embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }] },
			/6001 characters in all/,
		],
		['more than 10 embeds', { embeds: Array.from({ length: 11 }, () => ({ title: 'x' })) }, /11 embeds/],
		[
			'six rows',
			{ components: Array.from({ length: 6 }, (_, i) => ({ type: 1, components: [button(`b${i}`)] })) },
			/6 rows/,
		],
		[
			'six buttons in a row',
			{ components: [{ type: 1, components: Array.from({ length: 6 }, (_, i) => button(`b${i}`)) }] },
			/6 buttons/,
		],
		['a label over 80', { components: [{ type: 1, components: [button('b', 'l'.repeat(81))] }] }, /label is 81/],
		['a custom_id over 100', { components: [{ type: 1, components: [button('c'.repeat(101))] }] }, /custom_id is 101/],
		[
			'a custom_id used twice',
			{ components: [{ type: 1, components: [button('same'), button('same')] }] },
			/used twice/,
		],
	])('GIVEN a message with %s WHEN posted THEN it is refused and recorded', async (_name, body, problem) => {
		const response = await post(body);
		expect(response.status).toBe(400);
		expect(discord.violations.map((v) => v.detail).join('\n')).toMatch(problem);
		expect(discord.visibleMessages(channelId)).toEqual([]);
	});

	it('GIVEN six messages in five seconds WHEN posted THEN the sixth meets a 429 with the headers discord.js reads', async () => {
		for (let i = 0; i < 5; i++) {
			const ok = await post({ content: `m${i}` });
			expect(ok.status).toBe(200);
			expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(4 - i));
		}
		const limited = await post({ content: 'one too many' });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
		expect(Number(limited.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
		expect(discord.rateLimited).toBe(1);
		expect(discord.channelRate).toEqual(CHANNEL_RATE);
	});

	it('GIVEN a local Discord started with a channel budget of 2 posts a second (for a test) WHEN a third comes within the window THEN it meets a 429 with that budget in the headers, and the next window takes posts again', async () => {
		const quick = await LocalDiscord.start({
			world: { guilds: [{ name: 'G', channels: [{ name: 'open' }], members: [] }] },
			channelRate: { limit: 2, windowMs: 1000 },
		});
		try {
			const channel = quick.channel('open').channel.id;
			const quickPost = () =>
				fetch(`${quick.apiUrl}/v10/channels/${channel}/messages`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `Bot ${quick.token}` },
					body: JSON.stringify({ content: 'beat' }),
				});
			const first = await quickPost();
			expect(first.headers.get('x-ratelimit-limit')).toBe('2');
			expect(Number(first.headers.get('x-ratelimit-reset-after'))).toBeLessThanOrEqual(1);
			expect((await quickPost()).status).toBe(200);
			expect((await quickPost()).status).toBe(429);
			expect(quick.rateLimited).toBe(1);
			expect(quick.postsLeft(channel)).toBe(0);
			await waitFor('the next window', () => quick.postsLeft(channel) === 2, { timeoutMs: 3000 });
			expect((await quickPost()).status).toBe(200);
		} finally {
			await quick.stop();
		}
	});

	it('GIVEN a global limit of 10 requests a second WHEN the bot posts 11 times in one second across channels THEN the 11th meets a global 429, and the next second takes posts again', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(1_800_000_000_000);
		const limited = await LocalDiscord.start({
			world: { guilds: [{ name: 'G', channels: [{ name: 'a' }, { name: 'b' }, { name: 'c' }], members: [] }] },
			channelRate: { limit: 100, windowMs: 1000 },
			globalRate: 10,
		});
		try {
			const call = restCall(limited.apiUrl, limited.token);
			const ids = ['a', 'b', 'c'].map((name) => limited.channel(name).channel.id);
			const postIn = (i: number) => call('POST', `/channels/${ids[i % 3]}/messages`, { content: `m${i}` });
			for (let i = 0; i < 10; i++) expect((await postIn(i)).status).toBe(200);
			const over = await postIn(10);
			expect(over.status).toBe(429);
			expect(over.headers.get('x-ratelimit-global')).toBe('true');
			expect(over.headers.get('x-ratelimit-scope')).toBe('global');
			expect(limited.rateLimited).toBe(1);
			expect(limited.globalRate).toBe(10);
			vi.setSystemTime(1_800_000_001_000);
			expect((await postIn(11)).status).toBe(200);
		} finally {
			vi.useRealTimers();
			await limited.stop();
		}
	});

	it('GIVEN a budget given after the start (a test that starts the local Discord through the playground) WHEN a channel posts THEN that budget holds', async () => {
		discord.useChannelRate({ limit: 1, windowMs: 5000 });
		expect(discord.channelRate).toEqual({ limit: 1, windowMs: 5000 });
		const first = await post({ content: 'one' });
		expect(first.headers.get('x-ratelimit-limit')).toBe('1');
		expect((await post({ content: 'two' })).status).toBe(429);
		expect(discord.rateLimited).toBe(1);
	});

	it('GIVEN a post retried with the same nonce and enforce_nonce WHEN it arrives THEN the first message is returned, not a copy', async () => {
		const first = (await (await post({ content: 'beat', nonce: 'n-1', enforce_nonce: true })).json()) as { id: string };
		const again = (await (await post({ content: 'beat', nonce: 'n-1', enforce_nonce: true })).json()) as { id: string };
		expect(again.id).toBe(first.id);
		expect(discord.visibleMessages(channelId)).toHaveLength(1);
	});

	it('GIVEN a channel the bot cannot see WHEN it posts there THEN Missing Access', async () => {
		const hidden = discord.channel('hidden').channel.id;
		const response = await post({ content: 'hello' }, hidden);
		expect(response.status).toBe(403);
		expect(await response.json()).toMatchObject({ code: 50001 });
	});

	it('GIVEN an interaction WHEN it is answered twice, or not within 3 s THEN each is recorded as a violation', async () => {
		discord.commands.set('global', [
			{ id: '1', application_id: discord.applicationId, version: '1', name: 'dream', type: 1 },
		]);
		const pending = discord.command({ user: 'Alice', channel: 'open', name: 'dream' });
		const record = [...discord.interactions.values()][0];
		if (!record) throw new Error('no interaction');
		const answer = (type: number) =>
			fetch(`${discord.apiUrl}/v10/interactions/${record.id}/${record.token}/callback`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ type, data: { content: 'hi' } }),
			});
		expect((await answer(4)).status).toBe(204);
		expect((await answer(4)).status).toBe(400);
		await pending;
		expect(discord.violations.map((v) => v.kind)).toEqual(['double-callback']);

		const late = await discord.command({ user: 'Alice', channel: 'open', name: 'dream' });
		expect(late.failed).toBe(true);
		expect(discord.violations.map((v) => v.kind)).toEqual(['double-callback', 'interaction-failed']);
	});

	it('GIVEN a message sent as multipart, its JSON in payload_json WHEN posted THEN it is stored as if sent as JSON, its file attached', async () => {
		const form = new FormData();
		form.append('payload_json', JSON.stringify({ content: 'from a form' }));
		form.append('files[0]', new Blob(['a note']), 'note.txt');
		const response = await fetch(`${discord.apiUrl}/v10/channels/${channelId}/messages`, {
			method: 'POST',
			headers: { authorization: `Bot ${discord.token}` },
			body: form,
		});
		expect(response.status).toBe(200);
		expect(discord.visibleMessages(channelId).map((m) => m.content)).toEqual(['from a form']);
		const [file] = discord.visibleMessages(channelId)[0]?.attachments ?? [];
		expect(file).toMatchObject({ filename: 'note.txt', size: 6, content_type: 'text/plain; charset=utf-8' });
		expect(discord.attachments.bytes(file?.id ?? '')?.toString()).toBe('a note');
	});

	it('GIVEN REST calls WHEN answered THEN each is counted under its route; a route it does not know is a 404 and a violation', async () => {
		await post({ content: 'one' });
		await post({ content: 'two' });
		await call('GET', `/channels/${channelId}/messages?limit=1`);
		const unknown = await call('GET', `/channels/${channelId}/pins`);
		expect(unknown.status).toBe(404);
		expect(Object.fromEntries(discord.calls)).toEqual({
			'POST /channels/:id/messages': 2,
			'GET /channels/:id/messages': 1,
		});
		expect(discord.violations.map((v) => v.kind)).toEqual(['unknown']);
	});
});
