import { afterEach, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../../src/dev/local-discord/world.js';
import { waitFor } from '../helpers.js';
import { finalAnswer, playOn } from './adding.js';
import { closeScene, embedOf, QUICK_TIMINGS, Scene, storySoFarOf, textOf, WORLD } from './harness.js';

const STRING = 3;
const BOOLEAN = 5;

let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

/** Alice starts `story` in a thread opened from #dreams; resolves to the thread's id. */
async function startInThread(s: Scene, story: string): Promise<string> {
	const start = await s.dream('Alice', 'dreams', 'start', [
		{ type: STRING, name: 'story', value: story },
		{ type: BOOLEAN, name: 'thread', value: true },
	]);
	const said = await finalAnswer(s, start);
	const threadId = /<#(\d+)>/.exec(said)?.[1];
	expect(said, 'the channel is told where the dream is').toMatch(
		/^<@\d+> began \*\*.+\*\* in <#\d+>\. Join the thread/,
	);
	expect(s.answer(start)?.visibleTo).toBeUndefined();
	if (!threadId) throw new Error(said);
	return threadId;
}

describe('dreams in threads', () => {
	it('GIVEN a dream started in a thread WHEN another starts in the channel it came from THEN both are told to their endings, each with its own votes; a latecomer catches up privately', async () => {
		const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		const thread = await startInThread(s, 'the-stair');
		const { thread: made } = s.discord.threads.find(thread);
		expect(made).toMatchObject({ type: 11, parentId: s.channelId('dreams') });
		expect(made.name).toMatch(/^The Stair · \d{4}-\d{2}-\d{2}$/);
		// The thread's first message announces the dream; the channel holds only where it went.
		await waitFor('the announcement in the thread', () =>
			s.public(thread).find((m) => textOf(m).includes('The Stair')),
		);

		const parent = await s.dream('Bob', 'dreams', 'start', [{ type: STRING, name: 'story', value: 'the-corridor' }]);
		expect(textOf(s.answer(parent))).toContain('The Corridor');

		// Dave joins the thread late, after the first vote: the story so far, only for him.
		const first = await s.vote(thread, 1);
		const storySoFar = storySoFarOf(first);
		if (!storySoFar) throw new Error('no Story so far button');
		const [threadEnding, parentEnding] = await Promise.all([
			(async () => {
				await s.click('Alice', thread, first, 0);
				await s.dream('Carol', thread, 'skip');
				await s.closed(thread, first);
				const late = await s.discord.click({
					user: 'Dave',
					channel: thread,
					messageId: first.id,
					customId: storySoFar.custom_id,
				});
				const recap = await waitFor('the story so far', () => {
					const answer = s.answer(late);
					return embedOf(answer).title ? answer : undefined;
				});
				expect(recap.visibleTo).toBe(s.discord.member(s.discord.guild('Dreamers'), 'Dave').user.id);
				expect(embedOf(recap).title).toBe('The story so far: The Stair');
				const said = embedOf(recap).description ?? '';
				expect(said).toContain('**Scenes so far:** The landing');
				expect(said).toMatch(/1\. \(in The landing\) chose \*\*Go down the stair\*\* — 1 of 1 vote · skipped/);
				expect(said).toContain('1. Go down the stair: 1 · 2. Call down to whoever is there: 0');
				expect(recap.attachments?.map((a) => a.filename)).toEqual(['night-map.png']);
				return playOn(s, thread, 2);
			})(),
			playOn(s, 'dreams'),
		]);
		expect(threadEnding).toMatch(/The end/);
		expect(parentEnding).toMatch(/The end/);
		expect(s.ending(thread)?.id).not.toBe(s.ending('dreams')?.id);
		// Each channel told its own dream: no beat of one in the other.
		expect(s.beats('dreams').join(' ')).not.toContain('stair');
		expect(s.beats(thread).join(' ')).not.toContain('corridor');
		s.expectClean();
	});

	it('GIVEN a dream in a thread WHEN the thread is archived THEN the dream reopens it and goes on; WHEN it is deleted THEN the dream ends and the channel is told', async () => {
		const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		const thread = await startInThread(s, 'the-corridor');
		const first = await s.vote(thread, 1);
		await s.click('Alice', thread, first, 0);
		// Archived while the vote is open: its close, an edit, reopens it.
		s.discord.threads.archive(thread);
		expect(s.discord.threads.find(thread).thread.archived).toBe(true);
		await s.closed(thread, first, 30_000);
		expect(s.discord.threads.find(thread).thread.archived).toBe(false);
		const second = await s.vote(thread, 2);
		s.discord.threads.delete(thread);
		const notice = await waitFor('the notice in #dreams', () =>
			s.public('dreams').find((m) => textOf(m).includes('ended')),
		);
		expect(textOf(notice)).toContain(
			`The dream “The Corridor” in <#${thread}> ended: the channel or its messages are gone`,
		);
		expect(second.id).toBeTruthy();
		// The channel itself has no dream of its own, and may start one.
		const status = await s.dream('Bob', 'dreams', 'status');
		expect(textOf(s.answer(status))).toContain('No dream is running in this channel');
		s.expectClean();
	});

	it('GIVEN Reverie may not create threads WHEN a dream is started in a thread THEN the member is told what is missing and nothing starts', async () => {
		const world: WorldSpec = {
			...WORLD,
			guilds: WORLD.guilds.map((g) => ({
				...g,
				channels: [{ name: 'dreams', overwrites: [{ for: '@bot', deny: ['CreatePublicThreads'] }] }],
			})),
		};
		const s = await Scene.open({}, world, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		const start = await s.dream('Alice', 'dreams', 'start', [{ type: BOOLEAN, name: 'thread', value: true }]);
		expect(textOf(s.answer(start))).toContain('missing the **Create Public Threads** permission');
		expect(s.answer(start)?.visibleTo).toBeDefined();
		expect(s.discord.threads.of(s.guildId)).toEqual([]);
		s.expectClean();
	});
});
