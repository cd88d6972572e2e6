import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { STORY_DIR } from '../../src/engine/index.js';
import { Store } from '../../src/store/store.js';
import { waitFor } from '../helpers.js';
import { buttonsOf, closeScene, isLayout, layoutTexts, QUICK_TIMINGS, Scene, textOf, winnerIn } from './harness.js';
import { told } from './tellings.js';

const story = (id: string) => [{ type: 3, name: 'story', value: id }];

let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

describe('Reverie end to end, through discord.js and the local Discord', () => {
	it('GIVEN two members WHEN they dream a whole dream together (a tie, changed ballots, a skip, early closes) THEN the beats come in order and the ending sums it up', async () => {
		// Reverie's own dream, whole; the commands registered by `npm run deploy-commands` itself, as an admin does (the other
		// scenes do it in-process, and tell short dreams).
		const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS, stories: STORY_DIR, deployScript: true });
		scene = s;
		await s.startBot();
		const start = await s.dream('Alice', 'dreams', 'start', story('the-thread'));
		expect(start.callbackType).toBe(4);
		expect(textOf(s.answer(start))).toContain('The Thread of Night');
		expect(s.answer(start)?.visibleTo).toBeUndefined();

		// Round 1: a tie, closed by a moderator: the choice listed first wins.
		const first = await s.vote('dreams', 1);
		const alice = await s.click('Alice', 'dreams', first, 1);
		expect(textOf(s.answer(alice))).toMatch(
			/^Counted: your vote is for “.+”\. You can change it until the vote closes\.$/,
		);
		expect(s.answer(alice)?.visibleTo).toBe(s.discord.member(s.discord.guild('Dreamers'), 'Alice').user.id);
		await s.click('Bob', 'dreams', first, 0);
		const bobSees = s.discord.visibleMessages(
			s.channelId('dreams'),
			s.discord.member(s.discord.guild('Dreamers'), 'Bob').user.id,
		);
		expect(bobSees.some((m) => m.id === s.answer(alice)?.id)).toBe(false);
		const skip = await s.dream('Carol', 'dreams', 'skip');
		expect(textOf(s.answer(skip))).toMatch(/^Vote closed: “.+” goes ahead\.$/);
		const firstClosed = await s.closed('dreams', first);
		expect(winnerIn(firstClosed)).toBe(0);
		expect(firstClosed).toContain('Closed: a moderator closed it. 2 dreamers voted.');

		// Later rounds: Bob changes his mind, then both have voted and the vote closes at once.
		for (let round = 2; !s.ending('dreams'); round++) {
			const vote = await Promise.race([
				s.vote('dreams', round, 90_000),
				new Promise<null>((resolve) => {
					const timer = setInterval(() => {
						if (s.ending('dreams')) {
							clearInterval(timer);
							resolve(null);
						}
					}, 50);
				}),
			]);
			if (!vote) break;
			if (round === 2) {
				await s.click('Bob', 'dreams', vote, 1);
				const changed = await s.click('Bob', 'dreams', vote, 0);
				expect(textOf(s.answer(changed))).toMatch(/^Changed: your vote is now for “.+” \(was “.+”\)\.$/);
			} else {
				await s.click('Bob', 'dreams', vote, 0);
			}
			await s.click('Alice', 'dreams', vote, 0);
			const closed = await s.closed('dreams', vote);
			expect(closed).toContain('Closed: everyone had voted.');
		}

		const ending = s.ending('dreams');
		expect(layoutTexts(ending)[0]).toBe('-# The Thread of Night');
		expect(textOf(ending)).toContain('2 dreamers took part');
		const winners = s.votes('dreams').map((v) => winnerIn(textOf(v)));
		expect(s.beats('dreams')).toEqual(told('the-thread', winners, s.beats('dreams')));
		const status = await s.dream('Bob', 'dreams', 'status');
		expect(textOf(s.answer(status))).toContain('**State:** Ended');
		// Every message and reply the bot sent with text, public or private, notifies nobody of what the text mentions
		// (a story's words and a choice quoted back can hold @everyone); embeds never notify.
		const withText = (s.discord.messages.get(s.channelId('dreams')) ?? []).filter((m) => m.author.bot && m.content);
		expect(withText.length).toBeGreaterThan(5);
		for (const message of withText) expect(message.allowedMentions?.parse).toEqual([]);
		s.expectClean();
	}, 240_000);

	it('GIVEN two channels dreaming at once WHEN one vote runs out its clock, a stale button is clicked and the other dream is reset THEN each channel goes its own way', async () => {
		const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		await Promise.all([
			s.dream('Dave', 'lounge', 'start', story('the-stair')),
			s.dream('Alice', 'dreams', 'start', story('the-corridor')),
		]);
		const lounge1 = await s.vote('lounge', 1);
		const dreams1 = await s.vote('dreams', 1);
		await s.click('Dave', 'lounge', lounge1, 1);
		await s.click('Alice', 'dreams', dreams1, 0);

		// A member may not reset; a moderator may, after confirming.
		const refused = await s.dream('Bob', 'dreams', 'reset');
		expect(textOf(s.answer(refused))).toContain('Only moderators can do that');
		const ask = await s.dream('Carol', 'dreams', 'reset');
		const confirm = s.answer(ask);
		if (!confirm) throw new Error('no confirmation');
		expect(confirm.visibleTo).toBe(s.discord.member(s.discord.guild('Dreamers'), 'Carol').user.id);
		const [yes] = buttonsOf(confirm);
		const done = await s.discord.click({
			user: 'Carol',
			channel: 'dreams',
			messageId: confirm.id,
			customId: yes?.custom_id ?? '',
		});
		expect(textOf(s.answer(done))).toBe('The dream was reset.');
		const stale = await s.click('Bob', 'dreams', dreams1, 1, true);
		expect(textOf(s.answer(stale))).toContain('no longer running here');

		// The other channel never noticed: its vote closes by its clock, with its ballot.
		const loungeClosed = await s.closed('lounge', lounge1, 20_000);
		expect(loungeClosed).toContain('Closed: the time ran out. 1 dreamer voted.');
		// A window under VOTE_SECONDS' floor is a test-only setting, and Reverie said so as it started.
		expect(s.said(`TEST_VOTE_SECONDS is set, for tests only: votes last ${s.timings.voteSeconds} s`)).toBe(1);
		expect(winnerIn(loungeClosed)).toBe(1);
		await s.vote('lounge', 2);
		const old = await s.click('Dave', 'lounge', lounge1, 0, true);
		expect(textOf(s.answer(old))).toBe('That vote is already over. Vote on the newest one.');
		expect(s.beats('lounge')).toEqual(told('the-stair', [1], s.beats('lounge')));
		expect(s.public('dreams').some((m) => textOf(m).includes("reset this channel's dream"))).toBe(true);
		s.expectClean();
	}, 120_000);

	it('GIVEN the bot killed mid-vote and mid-narration WHEN it starts again THEN the vote closes on time with every ballot and no beat is repeated or lost', async () => {
		const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		await s.dream('Alice', 'dreams', 'start', story('the-corridor'));
		const vote1 = await s.vote('dreams', 1);
		await s.click('Alice', 'dreams', vote1, 1);
		await s.click('Bob', 'dreams', vote1, 1);
		await s.kill();
		await s.startBot();
		const closed1 = await s.closed('dreams', vote1, 20_000);
		expect(closed1).toContain('Closed: the time ran out. 2 dreamers voted.');
		expect(closed1).toMatch(/✅ \*\*2\..*— 2 votes/);

		// Slow narration, killed between two beats of the next passage.
		const vote2 = await s.vote('dreams', 2);
		await s.kill();
		await s.startBot({ BEAT_DELAY_MS: '2500' });
		const before = s.beats('dreams').length;
		await s.click('Alice', 'dreams', vote2, 0);
		await s.click('Bob', 'dreams', vote2, 0);
		await s.closed('dreams', vote2);
		await waitFor('the next beat', () => s.beats('dreams').length >= before + 1, { timeoutMs: 30_000 });
		await s.kill();
		await s.startBot({ BEAT_DELAY_MS: '0' });
		await s.vote('dreams', 3);
		const winners = s
			.votes('dreams')
			.slice(0, 2)
			.map((v) => winnerIn(textOf(v)));
		expect(s.beats('dreams')).toEqual(told('the-corridor', winners, s.beats('dreams')));

		// An admin's stop: SIGTERM lets in-flight work finish and exits 0; the next start takes the dream up again.
		expect(await s.stopBot()).toBe(0);
		await s.startBot();
		const status = await s.dream('Bob', 'dreams', 'status');
		expect(textOf(s.answer(status))).toContain('**State:** Waiting on a vote');
		s.expectClean();
	}, 180_000);

	it('GIVEN a vote posted as an embed before the newer layout (an older version’s record) WHEN the bot restarts and the vote closes THEN it is shown closed in the newer layout, and the dream goes on', async () => {
		const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		await s.dream('Alice', 'dreams', 'start', story('the-corridor'));
		const posted = await s.vote('dreams', 1);
		await s.kill();
		// What an older version posted for this vote: an embed, and its buttons in a row. The record points at it.
		const channelId = s.channelId('dreams');
		const api = (method: string, route: string, body?: unknown) =>
			fetch(`${s.discord.apiUrl}/v10${route}`, {
				method,
				headers: { authorization: `Bot ${s.discord.token}`, 'content-type': 'application/json' },
				...(body === undefined ? {} : { body: JSON.stringify(body) }),
			});
		const row = {
			type: 1,
			components: buttonsOf(posted).map((b, i) => ({ type: 2, style: 1, label: `${i + 1}`, custom_id: b.custom_id })),
		};
		const embed = { title: 'What happens next? Vote below.', description: 'Closes soon.', color: 0x336699 };
		const old = (await (
			await api('POST', `/channels/${channelId}/messages`, { embeds: [embed], components: [row] })
		).json()) as { id: string };
		expect((await api('DELETE', `/channels/${channelId}/messages/${posted.id}`)).status).toBe(204);
		const store = Store.open(s.storeUrl, pino({ level: 'silent' }));
		await store.withChannel(channelId, async (turn) => {
			const read = await turn.read();
			if (read.kind !== 'ok' || !read.record.vote) throw new Error('no vote in the record');
			await turn.write({ ...read.record, vote: { ...read.record.vote, messageId: old.id } });
		});
		await store.close();

		await s.startBot();
		const before = s.discord.message(channelId, old.id);
		if (!before) throw new Error('the older vote is gone');
		expect(isLayout(before)).toBe(false);
		await s.click('Alice', 'dreams', before, 1);
		await s.dream('Carol', 'dreams', 'skip');
		const closed = await s.closed('dreams', before);
		expect(closed).toContain('Closed: a moderator closed it. 1 dreamer voted.');
		const now = s.discord.message(channelId, old.id);
		expect(isLayout(now)).toBe(true);
		expect(now?.embeds).toEqual([]);
		expect(winnerIn(closed)).toBe(1);
		// The dream goes on to its next vote.
		await s.vote('dreams', 2);
		s.expectClean();
	}, 120_000);

	it('GIVEN the vote message deleted by a moderator after a restart WHEN Discord tells the bot THEN the dream ends and can be started again', async () => {
		const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		await s.dream('Alice', 'dreams', 'start', story('the-corridor'));
		const vote = await s.vote('dreams', 1);
		await s.kill();
		await s.startBot();
		s.discord.deleteMessage(s.channelId('dreams'), vote.id);
		await waitFor(
			'the bot to see the vote deleted',
			() => s.output.some((line) => line.includes('the vote message was deleted')),
			{
				timeoutMs: 30_000,
			},
		);
		// The first dream posted five messages here just now: the channel's own rate limit resets first.
		const { limit } = s.timings.channelRate;
		await waitFor('the channel to take posts again', () => s.discord.postsLeft(s.channelId('dreams')) === limit, {
			timeoutMs: 10_000,
			intervalMs: 100,
		});
		const again = await s.dream('Bob', 'dreams', 'start', story('the-corridor'));
		expect(layoutTexts(s.answer(again))[0]).toBe('### The Corridor');
		// The deleted vote is gone from the channel: the new dream's first vote is the only one.
		expect((await s.vote('dreams', 1)).id).not.toBe(vote.id);
		s.expectClean();
	}, 120_000);

	it('GIVEN a moderator bulk-deleting the channel’s last messages, the vote among them WHEN Discord tells the bot THEN the dream ends', async () => {
		const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		await s.dream('Alice', 'dreams', 'start', story('the-corridor'));
		const vote = await s.vote('dreams', 1);
		const channelId = s.channelId('dreams');
		const lastTwo = (s.discord.messages.get(channelId) ?? [])
			.filter((m) => !m.deleted && m.visibleTo === undefined)
			.slice(-2);
		expect(lastTwo.at(-1)?.id).toBe(vote.id);
		s.discord.deleteMessages(
			channelId,
			lastTwo.map((m) => m.id),
		);
		await waitFor(
			'the bot to see the vote deleted',
			() => s.output.some((line) => line.includes('the vote message was deleted')),
			{ timeoutMs: 30_000 },
		);
		const status = await s.dream('Bob', 'dreams', 'status');
		expect(textOf(s.answer(status))).toContain('**State:** Ended');
		s.expectClean();
	}, 120_000);
});
