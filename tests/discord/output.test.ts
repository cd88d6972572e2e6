import { type Client, MessageFlags } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { ChannelBudgets } from '../../src/discord/channel-budgets.js';
import { AbandonedRequestError, CHANNEL_REQUESTS_AT_ONCE, DiscordOutput } from '../../src/discord/output.js';
import { RequestPace } from '../../src/discord/request-pace.js';
import { ChannelGoneError, type VoteView } from '../../src/sessions/ports.js';
import { OPEN_VOTING } from '../../src/store/records.js';
import { waitFor } from '../helpers.js';

const story = { id: 'x', title: 'Two Doors', description: 'd', color: 0x336699, contentHash: 'h' };

function vote(channelId: string, state: VoteView['state'] = 'closed'): VoteView {
	return {
		story,
		sessionId: 'abcdefgh',
		channelId,
		round: 1,
		choices: [
			{ index: 0, text: 'Open the door', votes: 1 },
			{ index: 1, text: 'Wait', votes: 0 },
		],
		deadline: 1_800_000_000_000,
		state,
		winner: state === 'closed' ? 0 : null,
		closedBy: state === 'closed' ? 'deadline' : null,
		ballots: 1,
		voting: OPEN_VOTING,
		sealed: false,
	};
}

interface SentRequest {
	method: 'POST' | 'PATCH';
	route: string;
	body: unknown;
	files?: unknown;
	answer: () => void;
}

/**
 * A client whose REST holds every request until the test answers it, as Discord's global limit holds them: what the
 * requests are, and in what order they reach the REST, is what the test sees. Every channel can be posted in.
 */
function heldClient(threads: Record<string, { archived: boolean; locked: boolean }> = {}) {
	const sent: SentRequest[] = [];
	const unarchived: string[] = [];
	let ids = 0;
	const hold = (method: SentRequest['method']) => (route: string, options?: { body?: unknown; files?: unknown }) =>
		new Promise((resolve) =>
			sent.push({
				method,
				route,
				body: options?.body,
				...(options?.files ? { files: options.files } : {}),
				answer: () => resolve({ id: String(++ids) }),
			}),
		);
	const client = {
		rest: { post: hold('POST'), patch: hold('PATCH') },
		channels: {
			fetch: async (id: string) => {
				const thread = threads[id];
				return {
					id,
					isSendable: () => true,
					isThread: () => thread !== undefined,
					...thread,
					setArchived: async (archived: boolean) => {
						if (thread && !archived) {
							thread.archived = false;
							unarchived.push(id);
						}
					},
				};
			},
		},
		user: null,
	} as unknown as Client;
	return { client, sent, unarchived };
}

const beat = { story, beat: { text: 'A hall.' } };
/** The order of requests is what these tests watch; their pace is request-pace.test.ts's. */
const unpaced = () => new RequestPace(1e6, 1e6);

/** Posts `count` beats, and resolves once every turn of the output is taken by one of them (the rest wait). */
async function postsTakingEveryTurn(output: DiscordOutput, sent: SentRequest[], count = CHANNEL_REQUESTS_AT_ONCE) {
	const posts = Array.from({ length: count }, (_, i) => output.postBeat(`p${i}`, beat, `n${i}`));
	await waitFor('posts to take every turn', () => sent.length === CHANNEL_REQUESTS_AT_ONCE);
	return posts;
}

describe("Reverie's channel messages (DiscordOutput)", () => {
	it('GIVEN posts waiting on Discord’s budget WHEN votes close and are edited THEN their edits go out before the waiting posts of other channels, and no typing is sent meanwhile', async () => {
		const { client, sent } = heldClient();
		const output = new DiscordOutput(client, unpaced());
		const posts = await postsTakingEveryTurn(output, sent, CHANNEL_REQUESTS_AT_ONCE + 10);
		const edits = Array.from({ length: 5 }, (_, i) => output.editVote(`v${i}`, `m${i}`, vote(`v${i}`)));
		await output.typing('p0');

		for (let answered = 0; answered < posts.length + edits.length; answered++) {
			await waitFor('the next request', () => sent.length > answered);
			sent[answered]?.answer();
		}
		await Promise.all([...posts, ...edits]);

		const order = sent.map((request) => request.method);
		expect(order.slice(0, CHANNEL_REQUESTS_AT_ONCE).every((method) => method === 'POST')).toBe(true);
		expect(order.slice(CHANNEL_REQUESTS_AT_ONCE, CHANNEL_REQUESTS_AT_ONCE + 5)).toEqual(Array(5).fill('PATCH'));
		expect(order.slice(CHANNEL_REQUESTS_AT_ONCE + 5)).toEqual(Array(10).fill('POST'));
		expect(sent.map((request) => request.route)).not.toContain('/channels/p0/typing');
		expect(sent[CHANNEL_REQUESTS_AT_ONCE]?.route).toBe('/channels/v0/messages/m0');
	});

	it('GIVEN votes closed while Discord’s budget is spent WHEN their dreams go on THEN each dream’s next post goes first and says what was chosen, then the votes are shown closed in the order they closed, then an open vote’s tallies, then the other posts', async () => {
		const { client, sent } = heldClient();
		const output = new DiscordOutput(client, unpaced());
		const posts = await postsTakingEveryTurn(output, sent, CHANNEL_REQUESTS_AT_ONCE + 2);
		const tallies = output.editVote('t0', 'mt', vote('t0', 'open'));
		const closes = ['v0', 'v1', 'v2'].map((channelId, i) => output.editVote(channelId, `m${i}`, vote(channelId)));
		const wentOn = [
			output.postBeat('v2', beat, 'v2-first'),
			output.postBeat('v0', beat, 'v0-first'),
			output.postBeat('v2', { story, beat: { text: 'A stair.' } }, 'v2-second'),
		];

		for (let answered = 0; answered < posts.length + closes.length + wentOn.length + 1; answered++) {
			await waitFor('the next request', () => sent.length > answered);
			sent[answered]?.answer();
		}
		await Promise.all([...posts, ...closes, ...wentOn, tallies]);

		const after = sent.slice(CHANNEL_REQUESTS_AT_ONCE).map((request) => `${request.method} ${request.route}`);
		expect(after).toEqual([
			'POST /channels/v2/messages',
			'POST /channels/v0/messages',
			'PATCH /channels/v0/messages/m0',
			'PATCH /channels/v1/messages/m1',
			'PATCH /channels/v2/messages/m2',
			'PATCH /channels/t0/messages/mt',
			`POST /channels/p${CHANNEL_REQUESTS_AT_ONCE}/messages`,
			`POST /channels/p${CHANNEL_REQUESTS_AT_ONCE + 1}/messages`,
			'POST /channels/v2/messages',
		]);
		const text = (i: number) => JSON.stringify(sent[CHANNEL_REQUESTS_AT_ONCE + i]?.body);
		expect(text(0)).toContain('The dream chose “Open the door” — 1 of 1 vote.');
		expect(text(0)).toContain('A hall.');
		expect(text(8)).toContain('A stair.');
		expect(text(8)).not.toContain('The dream chose');
		// Once the vote shows it closed, the dream's next post has nothing more to say.
		const close = output.editVote('v3', 'm3', vote('v3'));
		await waitFor('the close', () => sent.length === after.length + CHANNEL_REQUESTS_AT_ONCE + 1);
		sent.at(-1)?.answer();
		await close;
		const next = output.postBeat('v3', beat, 'v3-first');
		await waitFor('the post', () => sent.length === after.length + CHANNEL_REQUESTS_AT_ONCE + 2);
		expect(JSON.stringify(sent.at(-1)?.body)).not.toContain('The dream chose');
		sent.at(-1)?.answer();
		await next;
	});

	it('GIVEN tally edits waiting on Discord’s budget WHEN their votes close THEN no tally goes out, a dream’s next post goes first, and the closes follow in the order the votes closed', async () => {
		const { client, sent } = heldClient();
		const output = new DiscordOutput(client, unpaced());
		const posts = await postsTakingEveryTurn(output, sent);
		const tallies = ['v0', 'v1', 'v2'].map((channelId, i) =>
			output.editVote(channelId, `m${i}`, vote(channelId, 'open')),
		);
		const closes = [1, 0, 2].map((i) => output.editVote(`v${i}`, `m${i}`, vote(`v${i}`)));
		const wentOn = output.postBeat('v0', beat, 'v0-first');

		for (let answered = 0; answered < posts.length + closes.length + 1; answered++) {
			await waitFor('the next request', () => sent.length > answered);
			sent[answered]?.answer();
		}
		await Promise.all([...posts, ...tallies, ...closes, wentOn]);

		const after = sent.slice(CHANNEL_REQUESTS_AT_ONCE);
		expect(after.map((request) => `${request.method} ${request.route}`)).toEqual([
			'POST /channels/v0/messages',
			'PATCH /channels/v1/messages/m1',
			'PATCH /channels/v0/messages/m0',
			'PATCH /channels/v2/messages/m2',
		]);
		for (const edit of after.slice(1)) expect(JSON.stringify(edit.body)).toContain('Closed: the time ran out.');
	});

	it('GIVEN closes waiting on Discord’s budget WHEN they were written out of their deadlines’ order THEN the votes are shown closed in deadline order', async () => {
		const { client, sent } = heldClient();
		const output = new DiscordOutput(client, unpaced());
		const posts = await postsTakingEveryTurn(output, sent);
		const closedAt = (channelId: string, deadline: number): VoteView => ({ ...vote(channelId), deadline });
		// A close whose store turn ended late is written after closes whose votes ended after it.
		const closes = [
			output.editVote('v1', 'm1', closedAt('v1', 1_800_000_001_000)),
			output.editVote('v2', 'm2', closedAt('v2', 1_800_000_002_000)),
			output.editVote('v0', 'm0', closedAt('v0', 1_800_000_000_000)),
			output.editVote('v3', 'm3', closedAt('v3', 1_800_000_001_000)),
		];

		for (let answered = 0; answered < posts.length + closes.length; answered++) {
			await waitFor('the next request', () => sent.length > answered);
			sent[answered]?.answer();
		}
		await Promise.all([...posts, ...closes]);

		expect(sent.slice(CHANNEL_REQUESTS_AT_ONCE).map((request) => request.route)).toEqual([
			'/channels/v0/messages/m0',
			'/channels/v1/messages/m1',
			'/channels/v3/messages/m3',
			'/channels/v2/messages/m2',
		]);
	});

	it('GIVEN requests held back by the pace’s check of the last second WHEN their waits would end in another order THEN they go out in the order they were booked', async () => {
		const { client, sent } = heldClient();
		// Booked at once; the check then holds the first 30 ms, the second 20 ms, the third 10 ms (asked one by one, each
		// is told its wait and then let go): asked all together, the third would be let go first.
		const checks = [30, 0, 20, 0, 10, 0];
		const pace = { book: () => 0, clear: () => checks.shift() ?? 0 };
		const output = new DiscordOutput(client, pace);
		const posts = ['c0', 'c1', 'c2'].map((channelId) => output.postBeat(channelId, beat, `${channelId}-n`));

		await waitFor('the three posts', () => sent.length === 3);
		for (const request of sent) request.answer();
		await Promise.all(posts);

		expect(sent.map((request) => request.route)).toEqual([
			'/channels/c0/messages',
			'/channels/c1/messages',
			'/channels/c2/messages',
		]);
	});

	it('GIVEN a dream’s thread archived WHEN a beat or a vote’s edit goes there THEN the thread is opened again first; GIVEN it archived and locked THEN the channel is gone to the dream', async () => {
		const { client, sent, unarchived } = heldClient({
			t1: { archived: true, locked: false },
			t2: { archived: true, locked: true },
		});
		const output = new DiscordOutput(client, unpaced());
		const posted = output.postBeat('t1', beat, 'n1');
		await waitFor('the post', () => sent.length === 1);
		expect(unarchived).toEqual(['t1']);
		sent[0]?.answer();
		await posted;
		await expect(output.editVote('t2', 'm1', vote('t2'))).rejects.toBeInstanceOf(ChannelGoneError);
		expect(sent).toHaveLength(1);
	});

	it('GIVEN a tally edit waiting for its turn WHEN the vote closes, and a tally read before the close comes late THEN one edit goes out, showing the vote closed', async () => {
		const { client, sent } = heldClient();
		const output = new DiscordOutput(client, unpaced());
		const posts = await postsTakingEveryTurn(output, sent);
		const edits = [
			output.editVote('v1', 'm1', vote('v1', 'open')),
			output.editVote('v1', 'm1', vote('v1', 'closed')),
			output.editVote('v1', 'm1', vote('v1', 'open')),
		];
		sent[0]?.answer();
		await waitFor('the edit', () => sent.length === CHANNEL_REQUESTS_AT_ONCE + 1);
		const edit = sent[CHANNEL_REQUESTS_AT_ONCE];
		expect(edit?.route).toBe('/channels/v1/messages/m1');
		expect(JSON.stringify(edit?.body)).toContain('Closed: the time ran out.');
		expect(edit?.body).toMatchObject({ allowed_mentions: { parse: [] } });
		edit?.answer();
		await Promise.all(edits);
		for (const request of sent) request.answer();
		await Promise.all(posts);
		expect(sent).toHaveLength(CHANNEL_REQUESTS_AT_ONCE + 1);

		// Once that edit has gone out, a new one is its own request.
		const later = output.editVote('v1', 'm1', vote('v1', 'closed'));
		await waitFor('the next edit', () => sent.length === CHANNEL_REQUESTS_AT_ONCE + 2);
		sent.at(-1)?.answer();
		await later;
	});

	it('GIVEN a vote whose close went out WHEN a tally read before the close comes after it THEN the vote is not shown open again', async () => {
		const { client, sent } = heldClient();
		const output = new DiscordOutput(client, unpaced());
		const close = output.editVote('v1', 'm1', vote('v1', 'closed'));
		await waitFor('the close', () => sent.length === 1);
		sent[0]?.answer();
		await close;

		await output.editVote('v1', 'm1', vote('v1', 'open'));
		const other = output.editVote('v2', 'm2', vote('v2', 'open'));
		await waitFor("another vote's tallies", () => sent.length === 2);
		sent[1]?.answer();
		await other;
		expect(sent.map((request) => request.route)).toEqual(['/channels/v1/messages/m1', '/channels/v2/messages/m2']);
	});

	it('GIVEN posts and edits waiting on Discord’s budget WHEN this copy loses its guilds THEN none of them goes out, nor any asked for after, and those sent are answered', async () => {
		const { client, sent } = heldClient();
		const output = new DiscordOutput(client, unpaced());
		const sending = await postsTakingEveryTurn(output, sent);
		const waiting = [
			...Array.from({ length: 5 }, (_, i) => output.postBeat(`q${i}`, beat, `m${i}`)),
			output.editVote('v1', 'm1', vote('v1', 'open')),
		];
		const settled = Promise.allSettled(waiting);

		output.abandon();
		for (const request of sent) request.answer();
		expect(await Promise.all(sending)).toHaveLength(CHANNEL_REQUESTS_AT_ONCE);
		for (const result of await settled) {
			expect(result.status).toBe('rejected');
			if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(AbandonedRequestError);
		}
		await expect(output.postBeat('r1', beat, 'late')).rejects.toBeInstanceOf(AbandonedRequestError);
		expect(sent).toHaveLength(CHANNEL_REQUESTS_AT_ONCE);
	});

	it('GIVEN nothing waiting WHEN the teller pauses THEN "typing…" is shown in the channel', async () => {
		const { client, sent } = heldClient();
		const typing = new DiscordOutput(client, unpaced()).typing('c1');
		await waitFor('the typing request', () => sent.length === 1);
		expect(sent.map((request) => request.route)).toEqual(['/channels/c1/typing']);
		sent[0]?.answer();
		await typing;
	});

	it('GIVEN a beat WHEN posted THEN it goes as the rendered JSON with its nonce enforced and pinging nobody, and its message id comes back', async () => {
		const { client, sent } = heldClient();
		const posted = new DiscordOutput(client, unpaced()).postBeat('c1', beat, 'nonce-1');
		await waitFor('the post', () => sent.length === 1);
		expect(sent[0]).toMatchObject({
			method: 'POST',
			route: '/channels/c1/messages',
			body: {
				flags: MessageFlags.IsComponentsV2,
				components: [{ type: 17, components: [{ type: 10, content: 'A hall.' }] }],
				nonce: 'nonce-1',
				enforce_nonce: true,
				allowed_mentions: { parse: [] },
			},
		});
		sent[0]?.answer();
		expect(await posted).toBe('1');
	});

	it('GIVEN a beat with a picture of the story’s own WHEN posted THEN the picture goes as a file of the message, which its gallery names', async () => {
		const { client, sent } = heldClient();
		const bytes = Buffer.from('a picture');
		const view = { story, beat: { text: 'The wick.' }, picture: { kind: 'file' as const, name: 'wick.png', bytes } };
		const posted = new DiscordOutput(client, unpaced()).postBeat('c1', view, 'nonce-2');
		await waitFor('the post', () => sent.length === 1);
		expect(sent[0]).toMatchObject({
			body: { attachments: [{ id: 0, filename: 'wick.png' }] },
			files: [{ name: 'wick.png', data: bytes }],
		});
		expect(JSON.stringify(sent[0]?.body)).toContain('attachment://wick.png');
		sent[0]?.answer();
		expect(await posted).toBe('1');
	});

	it('GIVEN a channel whose post budget the copy before this one had spent WHEN a beat is posted there THEN it waits for the budget to come back, while a post elsewhere and an edit there go at once', async () => {
		vi.useFakeTimers({ now: 1_000_000 });
		try {
			const { client, sent } = heldClient();
			const budgets = new ChannelBudgets();
			budgets.takeOver({ 'POST /channels/c1/messages': { left: 0, until: 1_003_000 } });
			const output = new DiscordOutput(client, unpaced(), budgets);
			const held = output.postBeat('c1', beat, 'n1');
			const elsewhere = output.postBeat('c2', beat, 'n2');
			const edit = output.editVote('c1', 'm1', vote('c1'));
			await vi.advanceTimersByTimeAsync(2900);
			expect(sent.map((request) => request.route)).toEqual(['/channels/c2/messages', '/channels/c1/messages/m1']);
			await vi.advanceTimersByTimeAsync(200);
			expect(sent.map((request) => request.route)).toContain('/channels/c1/messages');
			for (const request of sent) request.answer();
			await Promise.all([held, elsewhere, edit]);
		} finally {
			vi.useRealTimers();
		}
	});
});
