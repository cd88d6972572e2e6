import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduledEventView, ThreadView } from '../../src/dev/playground/http.js';
import { waitFor } from '../helpers.js';
import { layoutTexts, openVote, playground, scheduleAsBot, tempStore } from './support.js';

describe("the playground's threads and scheduled events", () => {
	let pg: Awaited<ReturnType<typeof playground>>;
	let store: ReturnType<typeof tempStore>;

	beforeAll(async () => {
		store = tempStore();
		pg = await playground(store.url);
	});

	afterAll(async () => {
		await pg?.stop();
		store?.remove();
	});

	const get = async <T>(route: string) => {
		const response = await fetch(pg.url + route);
		return { status: response.status, body: (await response.json()) as T };
	};
	const threads = async (as: string) => (await get<ThreadView[]>(`/api/threads?as=${as}`)).body;
	const events = async (as: string) => (await get<ScheduledEventView[]>(`/api/scheduled-events?as=${as}`)).body;
	const dreams = () => pg.discord.channel('dreams').channel.id;

	const botEvent = (name: string) => scheduleAsBot(pg.discord, name);

	it('GIVEN Bob starts a thread in #dreams WHEN the page asks THEN it is listed under #dreams, and a dream started in it is told there, not in the channel', async () => {
		const before = (await pg.messages('dreams', 'Bob')).length;
		const thread = pg.discord.threads.start({ user: 'Bob', channel: 'dreams', name: 'Corridor talk' });
		expect(await threads('Carol')).toContainEqual(
			expect.objectContaining({ id: thread.id, parentId: dreams(), name: 'Corridor talk', archived: false }),
		);

		const started = await pg.command('Alice', '/dream start story:the-corridor', thread.id);
		expect(started.status).toBe(200);
		expect((started.body.reply as { channelId: string }).channelId).toBe(thread.id);
		const vote = await waitFor('the vote in the thread', async () => openVote(await pg.messages(thread.id, 'Carol')));
		expect(vote.channelId).toBe(thread.id);
		expect(layoutTexts((await pg.messages(thread.id, 'Carol'))[0])[0]).toBe('### The Corridor');
		expect((await pg.messages('dreams', 'Bob')).length).toBe(before);

		const status = await pg.command('Bob', '/dream status', thread.id);
		expect(status.status).toBe(200);
		expect([...pg.discord.interactions.values()].at(-1)?.channelId).toBe(thread.id);
	});

	it("GIVEN a thread WHEN its starter, another member and a moderator archive, lock, open and delete it THEN each may do what Discord's interface lets them, and no more", async () => {
		const thread = pg.discord.threads.start({ user: 'Bob', channel: 'dreams', name: 'Moderated' });
		const act = (verb: string, as: string, on?: boolean) =>
			pg.post(`/api/threads/${thread.id}/${verb}`, on === undefined ? { as } : { as, on });

		expect((await act('archived', 'Carol', true)).status).toBe(403);
		expect(await act('archived', 'Bob', true)).toMatchObject({ status: 200, body: { archived: true } });
		expect(pg.discord.threads.find(thread.id).thread.archived).toBe(true);
		const refused = await pg.command('Bob', '/dream status', thread.id);
		expect(refused).toMatchObject({ status: 400, body: { error: expect.stringMatching(/archived/) } });

		expect((await act('locked', 'Bob', true)).status).toBe(403);
		expect(await act('locked', 'Alice', true)).toMatchObject({ status: 200, body: { locked: true, archived: true } });
		expect((await act('archived', 'Bob', false)).body.error).toMatch(/locked: only a moderator can open it again/);
		expect(await act('archived', 'Alice', false)).toMatchObject({ status: 200, body: { archived: false } });
		expect(await act('locked', 'Alice', false)).toMatchObject({ status: 200, body: { locked: false } });
		expect((await act('archived', 'Bob')).body.error).toMatch(/"on": true or false/);

		expect((await act('delete', 'Bob')).status).toBe(403);
		expect(await act('delete', 'Alice')).toMatchObject({ status: 200, body: { id: thread.id, deleted: true } });
		expect((await threads('Alice')).some((t) => t.id === thread.id)).toBe(false);
		expect((await act('delete', 'Alice')).status).toBe(404);
		expect((await pg.command('Bob', '/dream status', thread.id)).status).toBe(404);
	});

	it('GIVEN Carol starts a private thread WHEN Bob, who is not in it, asks THEN he neither sees it nor reads or acts in it; once added, he does', async () => {
		const thread = pg.discord.threads.start({ user: 'Carol', channel: 'dreams', name: 'Whispers', type: 'private' });
		expect(await threads('Carol')).toContainEqual(expect.objectContaining({ id: thread.id, private: true }));
		expect((await threads('Bob')).some((t) => t.id === thread.id)).toBe(false);
		expect((await get(`/api/channels/${thread.id}/messages?as=Bob`)).status).toBe(404);
		expect((await pg.command('Bob', '/dream status', thread.id)).status).toBe(404);
		expect((await pg.post(`/api/threads/${thread.id}/archived`, { as: 'Bob', on: true })).status).toBe(404);

		pg.discord.threads.join(thread.id, 'Bob');
		expect((await threads('Bob')).some((t) => t.id === thread.id)).toBe(true);
		expect((await get(`/api/channels/${thread.id}/messages?as=Bob`)).status).toBe(200);
	});

	it('GIVEN an event the bot made WHEN members mark interest and a moderator cancels and deletes it THEN the list says so for each member, and the local Discord has it so', async () => {
		const id = await botEvent('A night of dreams');
		const listed = (await events('Bob')).find((e) => e.id === id);
		expect(listed).toMatchObject({ name: 'A night of dreams', status: 'scheduled', interestedCount: 0 });
		expect(listed).toMatchObject({ interested: false, location: '#dreams' });

		const act = (verb: string, as: string, on?: boolean) =>
			pg.post(`/api/scheduled-events/${id}/${verb}`, on === undefined ? { as } : { as, on });
		expect(await act('interested', 'Bob', true)).toMatchObject({
			status: 200,
			body: { interestedCount: 1, interested: true },
		});
		expect((await events('Carol')).find((e) => e.id === id)).toMatchObject({ interestedCount: 1, interested: false });
		expect(pg.discord.scheduledEvents.list('Reverie Playground').find((e) => e.id === id)?.user_count).toBe(1);

		expect((await act('cancel', 'Bob')).status).toBe(403);
		expect(await act('cancel', 'Alice')).toMatchObject({ status: 200, body: { status: 'canceled' } });
		expect(pg.discord.scheduledEvents.find(id).event.status).toBe(4);
		expect((await act('cancel', 'Alice')).body.error).toMatch(/is canceled: only an event that has not begun/);
		expect((await act('interested', 'Carol', true)).body.error).toMatch(/is over/);

		expect((await act('delete', 'Carol')).status).toBe(403);
		expect(await act('delete', 'Alice')).toMatchObject({ status: 200, body: { id, deleted: true } });
		expect((await events('Alice')).some((e) => e.id === id)).toBe(false);
		expect((await act('interested', 'Bob', true)).status).toBe(404);
	});

	it('GIVEN Bob watches the live stream WHEN a thread is started and archived and an event is made and marked THEN his snapshot and the stream carry them', async () => {
		const bob = (await pg.world()).members.find((m) => m.name === 'Bob');
		const controller = new AbortController();
		const response = await fetch(`${pg.url}/api/events?as=${bob?.id}`, { signal: controller.signal });
		let text = '';
		const reading = (async () => {
			const decoder = new TextDecoder();
			for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
				text += decoder.decode(chunk, { stream: true });
		})().catch(() => undefined);
		await waitFor('the snapshot', () => text.includes('event: snapshot'));
		const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n/.exec(text)?.[1] ?? '{}');
		expect(snapshot.threads).toEqual(await threads('Bob'));
		expect(snapshot.events).toEqual(await events('Bob'));
		for (const thread of snapshot.threads as ThreadView[]) expect(snapshot.messages[thread.id]).toBeInstanceOf(Array);

		const thread = pg.discord.threads.start({ user: 'Alice', channel: 'another-dream', name: 'Live thread' });
		await waitFor('the thread on the stream', () => /event: threads\ndata: .*"Live thread"/.test(text));
		pg.discord.threads.archive(thread.id);
		await waitFor('the archived thread on the stream', () =>
			/event: threads\ndata: .*"name":"Live thread"[^}]*"archived":true/.test(text),
		);
		const id = await botEvent('A live night');
		await waitFor('the event on the stream', () => /event: scheduled-events\ndata: .*"A live night"/.test(text));
		pg.discord.scheduledEvents.interested(id, 'Bob');
		await waitFor('his interest on the stream', () =>
			new RegExp(`event: scheduled-events\\ndata: .*"id":"${id}"[^}]*"interestedCount":1,"interested":true`).test(text),
		);
		controller.abort();
		await reading;
	});
});
