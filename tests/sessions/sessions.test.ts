import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InProcessTeller, loadCatalogue, StoryRunner, type StoryTeller } from '../../src/engine/index.js';
import { TALLY_EDIT_INTERVAL_MS } from '../../src/sessions/sessions.js';
import { FIXTURES, tempDir, waitFor } from '../helpers.js';
import { SteeredBackend, steeredStore } from './backend.js';
import { type Bot, CHANNEL, GUILD, silent, sqliteUrl, startBot, voteOpen } from './harness.js';

const OPENING = ['You stand in a hall of two doors.', 'A key glints on the floor.'];
const TOOK_KEY = ['You pocket the key.', 'The left door is locked; the right one is open.'];

const bots: Bot[] = [];
afterEach(async () => {
	// Real timers first: stopping waits out in-flight work with a grace timer.
	vi.useRealTimers();
	for (const bot of bots.splice(0)) await bot.stop();
});

/**
 * A bot over a store in memory, on a fake clock: everything it does is promises and timers, so a test moves its
 * clock with {@link vi.advanceTimersByTimeAsync} and waits in fake time only.
 */
function botOnFakeClock(options: { voteMs: number; backend?: SteeredBackend }) {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
	const backend = options.backend ?? new SteeredBackend();
	return { b: bot({ url: '', store: steeredStore(backend), voteMs: options.voteMs }), backend };
}
function bot(options: Parameters<typeof startBot>[0]): Bot {
	const b = startBot(options);
	bots.push(b);
	return b;
}

async function startDream(b: Bot, channelId = CHANNEL) {
	const started = await b.sessions.start({ guildId: GUILD, channelId, userId: 'starter' });
	if (started.kind !== 'started') throw new Error(`expected a start, got ${started.kind}`);
	return started.sessionId;
}

describe('a "go on" (a point with one choice)', () => {
	const PAUSE_MS = 3000;
	/** A bot telling the-lift, whose first point has one choice, with a fixed pause of 3 s after each beat. */
	function liftBot() {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const catalogue = loadCatalogue(path.join(FIXTURES, 'go-on'));
		return bot({ url: '', store: steeredStore(new SteeredBackend()), catalogue, beatDelayMs: PAUSE_MS });
	}
	/** Moves the fake clock 50 ms at a time until `check` gives something (in fake time only: no real waiting). */
	async function inFakeTime<T>(what: string, check: () => T | undefined): Promise<T> {
		for (let step = 0; step < 400; step++) {
			const value = check();
			if (value) return value;
			await vi.advanceTimersByTimeAsync(50);
		}
		throw new Error(`no ${what} within 20 s of the fake clock`);
	}
	const goOnOf = (b: Bot) =>
		inFakeTime('go-on', () => b.channel.votes(CHANNEL).find((v) => v.view.choices.length === 1));
	const closedView = (b: Bot) =>
		inFakeTime('close', () => b.channel.votes(CHANNEL)[0]?.edits.find((e) => e.state === 'closed'));

	it('GIVEN a point with one choice WHEN nobody clicks THEN the dream goes on by itself after its pause, with no vote window', async () => {
		const b = liftBot();
		await startDream(b);
		const goOn = await goOnOf(b);
		const posted = Date.now();
		// Found at most one step (50 ms of the fake clock) after it was posted.
		expect(posted + PAUSE_MS - (goOn.view.deadline ?? 0)).toBeLessThanOrEqual(50);
		expect(posted + PAUSE_MS - (goOn.view.deadline ?? 0)).toBeGreaterThanOrEqual(0);
		expect(await closedView(b)).toMatchObject({ closedBy: 'deadline', winner: 0 });
		expect(Date.now() - posted).toBeGreaterThanOrEqual(PAUSE_MS);
		const vote = await inFakeTime('vote after it', () => b.channel.votes(CHANNEL)[1]);
		expect(vote.view.choices.map((c) => c.text)).toEqual(['Get out at the top', 'Stay inside']);
		// A real vote after it: the server's window, not a pause.
		expect((vote.view.deadline ?? 0) - Date.now()).toBeGreaterThan(PAUSE_MS);
		expect(b.channel.beats(CHANNEL)).toEqual([
			'The lift doors open onto a mirrored box.',
			'The doors close and the lift begins to climb.',
		]);
	});

	it("GIVEN a point with one choice WHEN a member clicks THEN the dream goes on at once, and the next vote still closes by its clock, not at that member's ballot", async () => {
		const b = liftBot();
		await startDream(b);
		const goOn = await goOnOf(b);
		const posted = Date.now();
		expect(
			await b.sessions.vote({
				channelId: CHANNEL,
				sessionId: goOn.view.sessionId,
				round: 1,
				choice: 0,
				userId: 'alice',
			}),
		).toEqual({ kind: 'went-on', choice: 'Step in' });
		expect(await closedView(b)).toMatchObject({ closedBy: 'everyone', winner: 0 });
		expect(Date.now() - posted).toBeLessThan(PAUSE_MS);
		const second = await inFakeTime('second vote', () => b.channel.votes(CHANNEL)[1]);
		expect(
			await b.sessions.vote({
				channelId: CHANNEL,
				sessionId: second.view.sessionId,
				round: 2,
				choice: 1,
				userId: 'alice',
			}),
		).toMatchObject({ kind: 'counted' });
		const status = await b.sessions.status(CHANNEL);
		expect(status).toMatchObject({ kind: 'status', view: { phase: 'voting', vote: { ballots: 1 } } });
		expect(goOn.view.round).toBe(1);
	});
});

describe('a dream told to a channel', () => {
	it('GIVEN /dream start WHEN the group votes its way THEN the beats come in order, each vote closes, and the ending sums up the path', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 300 });
		await startDream(b);
		const click1 = await voteOpen(b, 1);
		expect(b.channel.beats(CHANNEL)).toEqual(OPENING);
		expect(b.channel.in(CHANNEL)[0]).toMatchObject({ kind: 'beat', view: { beat: { scene: 'The hall' } } });
		expect(b.channel.lastVote(CHANNEL)?.view).toMatchObject({
			state: 'open',
			choices: [
				{ text: 'Take the key', votes: 0 },
				{ text: 'Leave it', votes: 0 },
			],
		});
		expect(await click1('alice', 0)).toEqual({
			kind: 'counted',
			choice: 'Take the key',
			previous: null,
			advice: false,
		});
		await click1('bob', 0);
		await click1('carol', 1);

		const click2 = await voteOpen(b, 2);
		const first = b.channel.votes(CHANNEL)[0];
		expect(first?.edits.at(-1)).toMatchObject({
			state: 'closed',
			winner: 0,
			closedBy: 'deadline',
			choices: [{ votes: 2 }, { votes: 1 }],
		});
		expect(b.channel.beats(CHANNEL)).toEqual([...OPENING, ...TOOK_KEY]);
		await click2('alice', 0);
		await click2('bob', 0);

		const ending = await waitFor('the ending', () => b.channel.ending(CHANNEL));
		expect(ending.view).toMatchObject({
			ending: 'The glass garden',
			dreamers: 3,
			beatsTold: 6,
			history: [
				{ round: 1, choice: 'Take the key', votes: 2, ballots: 3, closedBy: 'deadline' },
				{ round: 2, choice: 'Unlock the left door', votes: 2, ballots: 2, closedBy: 'deadline' },
			],
		});
		expect(b.channel.beats(CHANNEL)).toEqual([
			...OPENING,
			...TOOK_KEY,
			'A garden of glass flowers.',
			'It is quiet, and it is yours.',
		]);
		expect(await b.sessions.status(CHANNEL)).toMatchObject({ kind: 'status', view: { phase: 'ended' } });
		expect(await click2('dave', 1)).toEqual({ kind: 'stale', reason: 'ended' });
	});

	it('GIVEN 100 members clicking in the same moment WHEN their ballots are written THEN every one is counted', async () => {
		const b = bot({ url: sqliteUrl() });
		await startDream(b);
		const click = await voteOpen(b, 1);
		const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => click(`member${i}`, i % 3 === 0 ? 1 : 0)));
		expect(outcomes.every((o) => o.kind === 'counted')).toBe(true);
		const status = await b.sessions.status(CHANNEL);
		expect(status).toMatchObject({
			kind: 'status',
			view: { vote: { ballots: 100, choices: [{ votes: 66 }, { votes: 34 }] } },
		});
		// The tallies shown catch up with one coalesced edit, not a hundred.
		await waitFor('the tallies to show 100 ballots', () => b.channel.shownVote(CHANNEL)?.ballots === 100);
		expect(b.channel.lastVote(CHANNEL)?.edits.length).toBeLessThanOrEqual(3);
	});

	it('GIVEN an open vote with one ballot WHEN /dream status is asked THEN it counts one dreamer, as the vote does', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 60_000 });
		await startDream(b);
		const click = await voteOpen(b, 1);
		await click('alice', 0);
		const status = await b.sessions.status(CHANNEL);
		expect(status).toMatchObject({ kind: 'status', view: { dreamers: 1, vote: { ballots: 1 } } });
		await click('alice', 1);
		await click('bob', 1);
		expect(await b.sessions.status(CHANNEL)).toMatchObject({ view: { dreamers: 2, vote: { ballots: 2 } } });
	});

	it('GIVEN ballots over half a second WHEN the tallies are shown THEN one edit shows them all, not one for the first', async () => {
		const { b } = botOnFakeClock({ voteMs: 60_000 });
		await startDream(b);
		const click = await voteOpen(b, 1);
		for (let i = 0; i < 5; i++) {
			await click(`member${i}`, 0);
			await vi.advanceTimersByTimeAsync(100);
		}
		expect(b.channel.lastVote(CHANNEL)?.edits).toHaveLength(0);
		await vi.advanceTimersByTimeAsync(TALLY_EDIT_INTERVAL_MS);
		expect(b.channel.shownVote(CHANNEL)?.ballots).toBe(5);
		expect(b.channel.lastVote(CHANNEL)?.edits).toHaveLength(1);
	});

	it('GIVEN a steady stream of ballots for six seconds WHEN the tallies are shown THEN they are edited about once a second all along, not once at the end', async () => {
		const { b } = botOnFakeClock({ voteMs: 60_000 });
		await startDream(b);
		const click = await voteOpen(b, 1);
		// Twenty members, each changing their ballot every two seconds.
		for (let i = 0; i < 60; i++) {
			await click(`member${i % 20}`, Math.floor(i / 20) % 2);
			await vi.advanceTimersByTimeAsync(100);
		}
		const edits = b.channel.lastVote(CHANNEL)?.edits ?? [];
		expect(edits.length).toBeGreaterThanOrEqual(5);
		expect(edits.length).toBeLessThanOrEqual(7);
		await vi.advanceTimersByTimeAsync(TALLY_EDIT_INTERVAL_MS);
		expect(b.channel.shownVote(CHANNEL)?.choices.map((c) => c.votes)).toEqual([20, 0]);
	});

	it('GIVEN a member who votes, then changes their mind WHEN they click again THEN only their last ballot counts', async () => {
		const b = bot({ url: sqliteUrl() });
		await startDream(b);
		const click = await voteOpen(b, 1);
		await click('alice', 0);
		expect(await click('alice', 1)).toEqual({
			kind: 'counted',
			choice: 'Leave it',
			previous: 'Take the key',
			advice: false,
		});
		expect(await click('alice', 1)).toEqual({ kind: 'unchanged', choice: 'Leave it' });
		expect(await b.sessions.status(CHANNEL)).toMatchObject({
			view: { vote: { ballots: 1, choices: [{ votes: 0 }, { votes: 1 }] } },
		});
	});

	it('GIVEN a tie at the deadline WHEN the vote closes THEN the choice listed first wins', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 200 });
		await startDream(b);
		const click = await voteOpen(b, 1);
		await click('alice', 1);
		await click('bob', 0);
		await voteOpen(b, 2);
		expect(b.channel.votes(CHANNEL)[0]?.edits.at(-1)).toMatchObject({
			winner: 0,
			choices: [{ votes: 1 }, { votes: 1 }],
		});
	});

	it('GIVEN nobody votes by the deadline WHEN it passes THEN the vote waits without a clock, and the first ballot starts a new window', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 150 });
		await startDream(b);
		const click = await voteOpen(b, 1);
		await waitFor('the vote to wait for a ballot', () => b.channel.shownVote(CHANNEL)?.state === 'waiting');
		expect(b.channel.shownVote(CHANNEL)?.deadline).toBeNull();
		expect(b.channel.votes(CHANNEL)).toHaveLength(1);
		await click('alice', 1);
		await voteOpen(b, 2);
		expect(b.channel.votes(CHANNEL)[0]?.edits.at(-1)).toMatchObject({ state: 'closed', winner: 1 });
		expect(b.channel.beats(CHANNEL)).toContain('You leave it where it lies.');
	});

	it('GIVEN everyone who voted last round has voted again WHEN the last of them clicks THEN the vote closes without waiting out the clock', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 150 });
		await startDream(b);
		const click1 = await voteOpen(b, 1);
		await click1('solo', 0);
		const click2 = await voteOpen(b, 2);
		await b.sessions.updateSettings(GUILD, { voteSeconds: 3600 });
		await click2('solo', 2);
		await waitFor('vote 2 to close', () => b.channel.votes(CHANNEL)[1]?.edits.at(-1)?.state === 'closed');
		expect(b.channel.votes(CHANNEL)[1]?.edits.at(-1)).toMatchObject({ closedBy: 'everyone', winner: 2 });
		await waitFor('the ending', () => b.channel.ending(CHANNEL));
		expect(b.channel.ending(CHANNEL)?.view).toMatchObject({ ending: 'Waking' });
	});

	it('GIVEN an open vote WHEN a moderator skips THEN it closes now; with no ballots, the first choice wins', async () => {
		const b = bot({ url: sqliteUrl() });
		await startDream(b);
		await voteOpen(b, 1);
		expect(await b.sessions.skip(CHANNEL)).toEqual({ kind: 'closed-vote', choice: 'Take the key', ballots: 0 });
		await voteOpen(b, 2);
		expect(b.channel.votes(CHANNEL)[0]?.edits.at(-1)).toMatchObject({ closedBy: 'skip', winner: 0 });
	});

	it('GIVEN a vote whose message is still on its way WHEN a moderator skips it THEN the message, once posted, is shown closed', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 60_000 });
		let release = () => {};
		b.channel.votePostGate = new Promise<void>((resolve) => {
			release = resolve;
		});
		await startDream(b);
		await waitFor('the vote on its way', () => b.channel.votes(CHANNEL)[0]);
		expect(await b.sessions.skip(CHANNEL)).toEqual({ kind: 'closed-vote', choice: 'Take the key', ballots: 0 });
		release();
		await waitFor('the first vote shown closed', () => b.channel.votes(CHANNEL)[0]?.edits.at(-1)?.state === 'closed');
		await voteOpen(b, 2);
	});

	it('GIVEN a vote skipped while its message is on its way WHEN the post takes long to land THEN the dream goes on once it has', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 60_000 });
		let release = () => {};
		b.channel.votePostGate = new Promise<void>((resolve) => {
			release = resolve;
		});
		await startDream(b);
		await waitFor('the vote on its way', () => b.channel.votes(CHANNEL)[0]);
		expect(await b.sessions.skip(CHANNEL)).toEqual({ kind: 'closed-vote', choice: 'Take the key', ballots: 0 });
		// Long enough for the skipped vote's choice to be taken, were it taken before the post had landed.
		await new Promise((resolve) => setTimeout(resolve, 300));
		release();
		await waitFor('the first vote shown closed', () => b.channel.votes(CHANNEL)[0]?.edits.at(-1)?.state === 'closed');
		await voteOpen(b, 2);
		expect(b.channel.beats(CHANNEL)).toEqual([...OPENING, ...TOOK_KEY]);
	});

	it('GIVEN a vote whose message is still on its way WHEN a moderator deletes that message THEN, once its id is known, the dream ends as for a vote deleted later', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 60_000 });
		let release = () => {};
		b.channel.votePostGate = new Promise<void>((resolve) => {
			release = resolve;
		});
		await startDream(b);
		const vote = await waitFor('the vote on its way', () => b.channel.votes(CHANNEL)[0]);
		await b.sessions.messageDeleted(CHANNEL, vote.id);
		release();
		const ended = await waitFor('the dream to end', async () => {
			const status = await b.sessions.status(CHANNEL);
			return status.kind === 'status' && status.view.phase === 'ended' ? status : undefined;
		});
		expect(ended).toMatchObject({ view: { stopReason: { kind: 'vote-deleted' } } });
	});

	it('GIVEN a pause between beats WHEN a moderator skips THEN the next beat comes at once', async () => {
		const b = bot({ url: sqliteUrl(), beatDelayMs: 60_000 });
		await startDream(b);
		await waitFor('the first beat', () => b.channel.beats(CHANNEL).length === 1);
		expect(await b.sessions.skip(CHANNEL)).toEqual({ kind: 'cut-pause' });
		await waitFor('the second beat', () => b.channel.beats(CHANNEL).length === 2);
	});

	it('GIVEN clicks on an old round, another dream, or no dream WHEN counted THEN each is refused with its reason and changes nothing', async () => {
		const b = bot({ url: sqliteUrl() });
		const sessionId = await startDream(b);
		const click1 = await voteOpen(b, 1);
		await click1('alice', 0);
		await b.sessions.skip(CHANNEL);
		await voteOpen(b, 2);
		expect(await click1('bob', 1)).toEqual({ kind: 'stale', reason: 'old-round' });
		const other = { channelId: CHANNEL, round: 2, choice: 0, userId: 'bob' };
		expect(await b.sessions.vote({ ...other, sessionId: 'someother' })).toEqual({
			kind: 'stale',
			reason: 'other-dream',
		});
		expect(await b.sessions.vote({ ...other, sessionId, round: 9 })).toEqual({ kind: 'stale', reason: 'closed' });
		expect(await b.sessions.vote({ ...other, sessionId, channelId: 'nowhere' })).toEqual({
			kind: 'stale',
			reason: 'no-dream',
		});
		expect(await b.sessions.status(CHANNEL)).toMatchObject({ view: { vote: { round: 2, ballots: 0 } } });
	});

	it('GIVEN a dream running WHEN /dream start is used again THEN it says one is running and starts nothing', async () => {
		const b = bot({ url: sqliteUrl() });
		await startDream(b);
		expect(await b.sessions.start({ guildId: GUILD, channelId: CHANNEL, userId: 'x' })).toMatchObject({
			kind: 'already-running',
			story: { id: 'branching' },
		});
		expect(await b.sessions.start({ guildId: GUILD, channelId: 'c2', userId: 'x', storyId: 'nope' })).toMatchObject({
			kind: 'unknown-story',
			available: [{ id: 'branching' }],
		});
	});

	it('GIVEN a running dream WHEN reset THEN it is gone, its vote shows closed, the channel is told, and a new one can start', async () => {
		const b = bot({ url: sqliteUrl() });
		const sessionId = await startDream(b);
		const click = await voteOpen(b, 1);
		expect(await b.sessions.reset(CHANNEL, 'mod', 'wrong-session')).toEqual({ kind: 'stale' });
		expect(await b.sessions.reset(CHANNEL, 'mod', sessionId)).toMatchObject({
			kind: 'reset',
			story: { id: 'branching' },
		});
		expect(b.channel.shownVote(CHANNEL)?.state).toBe('closed');
		expect(b.channel.notices(CHANNEL)).toEqual([{ kind: 'reset', userId: 'mod' }]);
		expect(await click('alice', 0)).toEqual({ kind: 'stale', reason: 'no-dream' });
		expect(await b.sessions.status(CHANNEL)).toEqual({ kind: 'none' });
		expect(await b.sessions.reset(CHANNEL, 'mod')).toEqual({ kind: 'none' });
		await startDream(b);
	});
});

describe('a restart', () => {
	it('GIVEN ballots cast before the bot stopped WHEN a new bot resumes THEN the vote closes at its stored deadline counting them all', async () => {
		const url = sqliteUrl();
		const first = bot({ url, voteMs: 800 });
		await startDream(first);
		const click = await voteOpen(first, 1);
		await click('alice', 1);
		await click('bob', 1);
		await click('carol', 0);
		await first.stop();
		bots.splice(bots.indexOf(first), 1);

		const second = bot({ url, channel: first.channel, voteMs: 800 });
		expect(await second.sessions.resumeAll()).toBe(1);
		await voteOpen(second, 2);
		const closed = second.channel.votes(CHANNEL)[0]?.edits.at(-1);
		expect(closed).toMatchObject({ state: 'closed', closedBy: 'deadline', winner: 1, ballots: 3 });
		expect(second.channel.beats(CHANNEL)).toEqual([...OPENING, 'You leave it where it lies.', TOOK_KEY[1]]);
	});

	it('GIVEN a vote whose deadline passed while the bot was down WHEN a new bot resumes THEN it closes at once', async () => {
		const url = sqliteUrl();
		const first = bot({ url, voteMs: 100 });
		await startDream(first);
		const click = await voteOpen(first, 1);
		await click('alice', 1);
		await first.sessions.close();
		// Back an hour later: the vote's 100 ms are long past.
		const second = bot({ url, channel: first.channel, voteMs: 60_000, now: () => Date.now() + 3_600_000 });
		await second.sessions.resumeAll();
		await voteOpen(second, 2);
		expect(second.channel.votes(CHANNEL)[0]?.edits.at(-1)).toMatchObject({ closedBy: 'deadline', winner: 1 });
	});

	it('GIVEN the bot stopped between two beats WHEN a new bot resumes THEN the next beat follows, none repeated or lost', async () => {
		const url = sqliteUrl();
		const first = bot({ url, beatDelayMs: 60_000 });
		await startDream(first);
		await waitFor('the first beat', () => first.channel.beats(CHANNEL).length === 1);
		await first.sessions.close();
		const second = bot({ url, channel: first.channel, beatDelayMs: 0 });
		await second.sessions.resumeAll();
		await voteOpen(second, 1);
		expect(second.channel.beats(CHANNEL)).toEqual(OPENING);
		expect(second.channel.votes(CHANNEL)).toHaveLength(1);
	});

	it('GIVEN the bot died after Discord took a beat but before it was saved WHEN a new bot resumes THEN the retried post is dropped as a duplicate', async () => {
		const url = sqliteUrl();
		const first = bot({ url });
		first.channel.hangAfterPost = true;
		await startDream(first);
		await waitFor('the first beat', () => first.channel.beats(CHANNEL).length === 1);
		await first.sessions.close(50);
		const second = bot({ url, channel: first.channel });
		await second.sessions.resumeAll();
		await voteOpen(second, 1);
		expect(second.channel.beats(CHANNEL)).toEqual(OPENING);
	});

	it('GIVEN votes in 80 channels whose time ran out while the bot was down WHEN a new bot resumes THEN every one is shown closed, and each goes on with its winner', async () => {
		const url = sqliteUrl();
		const channels = Array.from({ length: 80 }, (_, i) => String(300_000_000_000_000_000n + BigInt(i)));
		const first = bot({ url });
		await Promise.all(
			channels.map(async (channelId, i) => {
				await startDream(first, channelId);
				const click = await voteOpen(first, 1, channelId);
				await click('alice', i % 2);
			}),
		);
		await first.sessions.close();
		const from = first.channel.timeline.length;
		// Back two minutes later: every vote's minute is up. Each edit takes a while to land, as on Discord.
		first.channel.editDelayMs = 50;
		const second = bot({ url, channel: first.channel, now: () => Date.now() + 120_000 });
		expect(await second.sessions.resumeAll()).toBe(80);
		for (const channelId of channels) await voteOpen(second, 2, channelId);
		// In which order Discord's budget lets the closes and the next beats out is the output's (output.test.ts).
		const closes = () => second.channel.timeline.slice(from).filter((e) => e.state === 'closed');
		await waitFor('every vote shown closed', () => closes().length === 80);
		expect(new Set(closes().map((e) => e.channelId))).toEqual(new Set(channels));
		for (const [i, channelId] of channels.entries())
			expect(second.channel.beats(channelId)).toEqual([
				...OPENING,
				...(i % 2 === 0 ? TOOK_KEY : ['You leave it where it lies.', TOOK_KEY[1]]),
			]);
	});

	/** Stops a bot just after its first vote closed in the store, before the dream went on: its record is `closing`. */
	async function stopAfterClosing(url: string) {
		// The story's turn after the vote never ends, as in a bot that dies while its story runs the winning choice.
		const engine = new InProcessTeller({ log: silent });
		const teller: StoryTeller = {
			start: (story) => engine.start(story),
			choose: () => new Promise(() => undefined),
			inspect: (story, save) => engine.inspect(story, save),
			close: () => engine.close(),
		};
		const first = bot({ url, voteMs: 400, teller });
		await startDream(first);
		const click = await voteOpen(first, 1);
		await click('alice', 0);
		await waitFor('the vote shown closed', () => first.channel.shownVote(CHANNEL)?.state === 'closed');
		await first.sessions.close(50);
		const read = await first.store.readChannel(CHANNEL, { fresh: true });
		if (read.kind !== 'ok') throw new Error('no record');
		return { channel: first.channel, record: read.record };
	}

	it('GIVEN the bot died after closing a vote but before the dream went on WHEN a new bot resumes THEN the winning choice is taken once', async () => {
		const url = sqliteUrl();
		const { channel, record } = await stopAfterClosing(url);
		expect(record).toMatchObject({ phase: 'closing', pendingChoice: 0, round: 2 });
		expect(channel.beats(CHANNEL)).toEqual(OPENING);
		const second = bot({ url, channel });
		await second.sessions.resumeAll();
		await voteOpen(second, 2);
		expect(second.channel.beats(CHANNEL)).toEqual([...OPENING, ...TOOK_KEY]);
		expect(second.channel.votes(CHANNEL)).toHaveLength(2);
	});

	it('GIVEN a vote closed by an earlier version, which took the choice as it closed WHEN resumed THEN the dream goes on from there without taking it again', async () => {
		const url = sqliteUrl();
		const { channel, record } = await stopAfterClosing(url);
		const story = loadCatalogue(FIXTURES).get(record.storyId);
		if (!story) throw new Error('no story');
		const next = new StoryRunner(story).choose(record.save, 0);
		if (next.kind !== 'ok') throw new Error(next.kind);
		const { pendingChoice: _, ...older } = {
			...record,
			save: next.passage.save,
			beats: next.passage.beats,
			nextBeat: 0,
			choices: next.passage.choices,
			ended: next.passage.ended,
		};
		const second = bot({ url, channel });
		await (second.store as unknown as { channels: { set(k: string, v: unknown): Promise<unknown> } }).channels.set(
			CHANNEL,
			older,
		);
		await second.sessions.resumeAll();
		await voteOpen(second, 2);
		expect(second.channel.beats(CHANNEL)).toEqual([...OPENING, ...TOOK_KEY]);
	});
});

/** Writes a record this Reverie cannot read into the channel's place in `b`'s store, behind its back. */
async function corrupt(b: Bot, channelId = CHANNEL) {
	const channels = (b.store as unknown as { channels: { set(k: string, v: unknown): Promise<unknown> } }).channels;
	await channels.set(channelId, { v: 1, phase: 'dreaming' });
}

describe('when things go wrong', () => {
	it('GIVEN an unreadable record WHEN the channel is used THEN it is reset with a message and the bot goes on', async () => {
		const url = sqliteUrl();
		const b = bot({ url });
		await startDream(b);
		await voteOpen(b, 1);
		await b.sessions.close();
		const c = bot({ url, channel: b.channel });
		await (c.store as unknown as { channels: { set(k: string, v: unknown): Promise<unknown> } }).channels.set(CHANNEL, {
			v: 1,
			phase: 'dreaming',
		});
		expect(await c.sessions.status(CHANNEL)).toEqual({ kind: 'none' });
		await waitFor('a notice', () => c.channel.notices(CHANNEL).length === 1);
		expect(c.channel.notices(CHANNEL)).toEqual([{ kind: 'unreadable' }]);
		expect(await c.sessions.start({ guildId: GUILD, channelId: CHANNEL, userId: 'x' })).toMatchObject({
			kind: 'started',
		});
	});

	it('GIVEN an unreadable record WHEN a member clicks its vote THEN the click finds no dream, and the channel is reset and told once', async () => {
		const url = sqliteUrl();
		const b = bot({ url });
		const sessionId = await startDream(b);
		await voteOpen(b, 1);
		await b.sessions.close();
		const c = bot({ url, channel: b.channel });
		await corrupt(c);
		const ballot = { channelId: CHANNEL, sessionId, round: 1, choice: 0, userId: 'alice' };
		expect(await c.sessions.vote(ballot)).toEqual({ kind: 'stale', reason: 'no-dream' });
		await waitFor('a notice', () => c.channel.notices(CHANNEL).length === 1);
		expect(await c.store.readChannel(CHANNEL, { fresh: true })).toEqual({ kind: 'none' });
		expect(await c.sessions.vote(ballot)).toEqual({ kind: 'stale', reason: 'no-dream' });
		expect(c.channel.notices(CHANNEL)).toEqual([{ kind: 'unreadable' }]);
	});

	it('GIVEN an unreadable record WHEN the bot restarts THEN that channel is reset and told, and the others go on', async () => {
		const url = sqliteUrl();
		const b = bot({ url });
		await startDream(b);
		await startDream(b, 'other');
		await voteOpen(b, 1);
		await b.sessions.close();
		const c = bot({ url, channel: b.channel });
		await corrupt(c);
		expect(await c.sessions.resumeAll()).toBe(1);
		await waitFor('a notice', () => c.channel.notices(CHANNEL).length === 1);
		expect(c.channel.notices(CHANNEL)).toEqual([{ kind: 'unreadable' }]);
		expect(await c.store.readChannel(CHANNEL, { fresh: true })).toEqual({ kind: 'none' });
		expect(await c.sessions.status('other')).toMatchObject({ kind: 'status' });
	});

	it('GIVEN the store fails when a vote’s time is up WHEN it is reachable again THEN the vote closes by itself', async () => {
		const { b, backend } = botOnFakeClock({ voteMs: 200 });
		await startDream(b);
		const click = await voteOpen(b, 1);
		await click('alice', 1);
		backend.failWrites = () => true;
		await vi.advanceTimersByTimeAsync(500);
		expect(b.channel.shownVote(CHANNEL)?.state).toBe('open');
		backend.failWrites = null;
		// Tried again a second after the failure.
		await vi.advanceTimersByTimeAsync(1000);
		await voteOpen(b, 2);
		expect(b.channel.votes(CHANNEL)[0]?.edits.at(-1)).toMatchObject({
			state: 'closed',
			closedBy: 'deadline',
			winner: 1,
		});
	});

	it('GIVEN the store fails just after a vote closed WHEN it is reachable again THEN the dream goes on by itself with the winner', async () => {
		const { b, backend } = botOnFakeClock({ voteMs: 200 });
		await startDream(b);
		const click = await voteOpen(b, 1);
		await click('alice', 1);
		let failing = false;
		backend.failWrites = (_key, value) => {
			if (failing) return true;
			// The write that closes the vote lands; every write after it fails.
			if (String(value).includes('"phase":"closing"')) failing = true;
			return false;
		};
		await vi.advanceTimersByTimeAsync(200);
		expect(b.channel.shownVote(CHANNEL)?.state).toBe('closed');
		await vi.advanceTimersByTimeAsync(300);
		expect(b.channel.beats(CHANNEL)).toEqual(OPENING);
		backend.failWrites = null;
		await vi.advanceTimersByTimeAsync(1000);
		await voteOpen(b, 2);
		expect(b.channel.beats(CHANNEL)).toEqual([...OPENING, 'You leave it where it lies.', TOOK_KEY[1]]);
	});

	it('GIVEN Discord holds a vote’s closing edit (its budget spent) WHEN the vote closes THEN the dream goes on without waiting for it, a click on the old vote is told it is over, and the vote shows closed once the edit goes', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 200 });
		await startDream(b);
		const click = await voteOpen(b, 1);
		let letEditsGo = () => {};
		b.channel.editGate = new Promise((resolve) => {
			letEditsGo = resolve;
		});
		await click('alice', 0);
		await voteOpen(b, 2);
		expect(b.channel.beats(CHANNEL)).toEqual([...OPENING, ...TOOK_KEY]);
		expect(b.channel.votes(CHANNEL)[0]?.edits).toEqual([]);
		expect(await click('bob', 1)).toEqual({ kind: 'stale', reason: 'old-round' });
		letEditsGo();
		await waitFor('the first vote shown closed', () => b.channel.votes(CHANNEL)[0]?.edits.at(-1)?.state === 'closed');
		expect(b.channel.votes(CHANNEL)[0]?.edits.at(-1)).toMatchObject({ winner: 0, ballots: 1 });
	});

	it('GIVEN Discord fails to show a vote closed WHEN it answers again THEN the vote is shown closed and the dream goes on', async () => {
		const b = bot({ url: sqliteUrl(), voteMs: 200 });
		await startDream(b);
		const click = await voteOpen(b, 1);
		// The vote closes (200 ms) before its tallies would be edited: the edit that fails is the one showing it closed.
		b.channel.failEdits = 1;
		await click('alice', 0);
		await voteOpen(b, 2);
		await waitFor('the close tried again', () => b.channel.votes(CHANNEL)[0]?.edits.length === 1);
		expect(b.channel.failEdits).toBe(0);
		expect(b.channel.votes(CHANNEL)[0]?.edits).toHaveLength(1);
		expect(b.channel.votes(CHANNEL)[0]?.edits.at(-1)).toMatchObject({ state: 'closed', winner: 0 });
		expect(b.channel.beats(CHANNEL)).toEqual([...OPENING, ...TOOK_KEY]);
	});

	it('GIVEN the channel was deleted WHEN the dream tries to post THEN the dream ends cleanly and can be started again', async () => {
		const b = bot({ url: sqliteUrl() });
		b.channel.gone.add(CHANNEL);
		await startDream(b);
		await waitFor('the dream to end', async () => {
			const status = await b.sessions.status(CHANNEL);
			return status.kind === 'status' && status.view.phase === 'ended';
		});
		expect(await b.sessions.status(CHANNEL)).toMatchObject({
			view: { phase: 'ended', stopReason: { kind: 'channel-gone', detail: expect.any(String) } },
		});
		b.channel.gone.delete(CHANNEL);
		await startDream(b);
		await voteOpen(b, 1);
	});

	it('GIVEN the vote message was deleted WHEN the vote closes THEN the dream ends cleanly', async () => {
		const b = bot({ url: sqliteUrl() });
		await startDream(b);
		await voteOpen(b, 1);
		b.channel.posted.splice(b.channel.posted.indexOf(b.channel.lastVote(CHANNEL) as never), 1);
		await b.sessions.skip(CHANNEL);
		// The skip is answered at once; the closing edit that finds the message gone follows.
		await waitFor('the dream to end', async () => {
			const status = await b.sessions.status(CHANNEL);
			return status.kind === 'status' && status.view.phase === 'ended';
		});
	});

	it('GIVEN the dream was edited so the saved place is gone WHEN the bot resumes THEN the channel is told and a reset clears it', async () => {
		const dir = tempDir('branching.ink');
		const file = path.join(dir, 'branching.ink');
		const url = sqliteUrl();
		const first = bot({ url, voteMs: 150, catalogue: loadCatalogue(dir) });
		await startDream(first);
		const click1 = await voteOpen(first, 1);
		await click1('solo', 0);
		const click2 = await voteOpen(first, 2);
		await click2('solo', 1);
		await voteOpen(first, 3);
		await first.sessions.close();

		writeFileSync(file, readFileSync(file, 'utf8').replaceAll('cellar', 'basement'));
		const second = bot({ url, channel: first.channel, catalogue: loadCatalogue(dir) });
		await second.sessions.resumeAll();
		await waitFor('a notice', () => second.channel.notices(CHANNEL).length === 1);
		expect(second.channel.notices(CHANNEL)).toEqual([{ kind: 'story-changed' }]);
		const status = await second.sessions.status(CHANNEL);
		expect(status).toMatchObject({
			view: { phase: 'stuck', stopReason: { kind: 'story-changed', detail: expect.any(String) } },
		});
		const sessionId = status.kind === 'status' ? (status.view.vote?.sessionId ?? '') : '';
		expect(await second.sessions.vote({ channelId: CHANNEL, sessionId, round: 3, choice: 0, userId: 'solo' })).toEqual({
			kind: 'stale',
			reason: 'stuck',
		});
		expect(await second.sessions.reset(CHANNEL, 'mod')).toMatchObject({ kind: 'reset' });
		await startDream(second);
	});

	it('GIVEN the fixture dreams WHEN loaded for these tests THEN they are the ones the tests expect', () => {
		expect(loadCatalogue(FIXTURES).stories.map((s) => s.id)).toEqual(['branching']);
	});
});
