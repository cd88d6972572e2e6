import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, InteractionWebhook } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIRMATION_CONNECTIONS, InteractionWebhooks } from '../../src/discord/interaction-webhooks.js';

/** A stand-in for Discord's webhook route: answers each edit after `delayMs`, counting connections and edits. */
async function webhookServer(delayMs: number) {
	const seen = { connections: 0, edits: [] as { path: string; body: unknown }[] };
	const server = createServer((req, res) => {
		let text = '';
		req.on('data', (chunk) => {
			text += chunk;
		});
		req.on('end', () => {
			seen.edits.push({ path: req.url ?? '', body: JSON.parse(text) });
			setTimeout(() => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ id: '1' }));
			}, delayMs);
		});
	});
	server.on('connection', () => seen.connections++);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { seen, api, close: () => new Promise((resolve) => server.close(resolve)) };
}

const closing: (() => unknown)[] = [];
afterEach(async () => {
	for (const close of closing.splice(0)) await close();
});

describe('confirmations sent on their own connections', () => {
	it('GIVEN a burst of confirmations WHEN they are sent together THEN each reaches its member, over a few reused connections', async () => {
		const server = await webhookServer(20);
		const webhooks = new InteractionWebhooks({ api: server.api });
		const client = new Client<true>({ intents: [] });
		closing.push(
			server.close,
			() => webhooks.close(),
			() => client.destroy(),
		);

		const count = 5 * CONFIRMATION_CONNECTIONS;
		await Promise.all(
			Array.from({ length: count }, (_, i) =>
				webhooks.editReply(new InteractionWebhook(client, '42', `token-${i}`), { content: `Counted ${i}` }),
			),
		);

		expect(server.seen.edits).toHaveLength(count);
		expect(server.seen.edits.map((e) => e.path).sort()).toEqual(
			Array.from({ length: count }, (_, i) => `/v10/webhooks/42/token-${i}/messages/%40original`).sort(),
		);
		expect(server.seen.edits[0]?.body).toMatchObject({ content: expect.stringMatching(/^Counted \d+$/) });
		// On one connection per edit, a burst of clicks cost a burst of connections (over TLS, handshakes).
		expect(server.seen.connections).toBeLessThanOrEqual(CONFIRMATION_CONNECTIONS);
	});
});
