import { afterEach, describe, expect, it, vi } from 'vitest';
import { SteeredBackend, steeredStore } from './backend.js';
import { type Bot, CHANNEL, GUILD, startBot, voteOpen } from './harness.js';

const bots: Bot[] = [];
afterEach(async () => {
	vi.useRealTimers();
	for (const bot of bots.splice(0)) await bot.stop();
});

/** A bot over a store in memory, on a fake clock, with votes of `voteMs`. */
function botOnFakeClock(voteMs: number): Bot {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
	const b = startBot({ url: '', store: steeredStore(new SteeredBackend()), voteMs });
	bots.push(b);
	return b;
}

async function start(
	b: Bot,
	voting: { mode?: 'open' | 'sealed' | 'narrator'; narratorId?: string; quickClose?: boolean },
) {
	const started = await b.sessions.start({ guildId: GUILD, channelId: CHANNEL, userId: 'starter', voting });
	if (started.kind !== 'started') throw new Error(`expected a start, got ${started.kind}`);
}

/** Moves the fake clock on until `check` gives something. */
async function inFakeTime<T>(what: string, check: () => T | undefined, stepMs = 100): Promise<T> {
	for (let step = 0; step < 2000; step++) {
		const value = check();
		if (value) return value;
		await vi.advanceTimersByTimeAsync(stepMs);
	}
	throw new Error(`no ${what} in fake time`);
}

const shownVote = (b: Bot, round: number) => b.channel.votes(CHANNEL).find((v) => v.view.round === round);
const closedVote = (b: Bot, round: number) => {
	const vote = shownVote(b, round);
	const last = vote?.edits.at(-1);
	return last?.state === 'closed' ? last : undefined;
};

describe('a sealed vote', () => {
	it('GIVEN a sealed dream WHEN members vote THEN the vote shows how many voted but no tallies until it closes, then every tally', async () => {
		const b = botOnFakeClock(60_000);
		await start(b, { mode: 'sealed' });
		const click = await inFakeTime('vote 1', () => shownVote(b, 1) && voteOpen(b, 1));
		await click('alice', 0);
		await click('bob', 0);
		await click('carol', 1);
		await inFakeTime('the tally edit', () => (b.channel.shownVote(CHANNEL)?.ballots === 3 ? true : undefined));
		const shown = b.channel.shownVote(CHANNEL);
		expect(shown).toMatchObject({ sealed: true, state: 'open', ballots: 3 });
		expect(shown?.choices.map((c) => c.votes)).toEqual([0, 0]);
		// Nor does /dream status give it away.
		const status = await b.sessions.status(CHANNEL);
		expect(status.kind === 'status' && status.view.vote?.choices.map((c) => c.votes)).toEqual([0, 0]);
		const closed = await inFakeTime('vote 1 closed', () => closedVote(b, 1), 1000);
		expect(closed).toMatchObject({ sealed: false, winner: 0, closedBy: 'deadline' });
		expect(closed.choices.map((c) => c.votes)).toEqual([2, 1]);
	});
});

describe('a narrator’s vote', () => {
	it('GIVEN a narrator WHEN the others advise one way and the narrator picks another THEN the vote closes at the narrator’s pick at once', async () => {
		const b = botOnFakeClock(60_000);
		await start(b, { mode: 'narrator', narratorId: 'nora' });
		const click = await inFakeTime('vote 1', () => shownVote(b, 1) && voteOpen(b, 1));
		expect(await click('alice', 1)).toMatchObject({ kind: 'counted', advice: true });
		await click('bob', 1);
		// Everyone who advised is not everyone the vote waits for: it stays open for the narrator.
		await vi.advanceTimersByTimeAsync(5000);
		expect(closedVote(b, 1)).toBeUndefined();
		expect(await click('nora', 0)).toEqual({ kind: 'decided', choice: 'Take the key' });
		const closed = await inFakeTime('vote 1 closed', () => closedVote(b, 1));
		expect(closed).toMatchObject({ winner: 0, closedBy: 'narrator' });
		expect(closed.choices.map((c) => c.votes)).toEqual([1, 2]);
		const recap = await b.sessions.catchUp(CHANNEL);
		expect(recap.kind === 'catch-up' && recap.view.steps[0]).toMatchObject({
			choice: 'Take the key',
			closedBy: 'narrator',
			tallies: [
				{ text: 'Take the key', votes: 1 },
				{ text: 'Leave it', votes: 2 },
			],
		});
	});

	it('GIVEN a narrator who does not choose WHEN the time runs out THEN the most advice decides', async () => {
		const b = botOnFakeClock(30_000);
		await start(b, { mode: 'narrator', narratorId: 'nora' });
		const click = await inFakeTime('vote 1', () => shownVote(b, 1) && voteOpen(b, 1));
		await click('alice', 1);
		await click('bob', 1);
		await click('carol', 0);
		const closed = await inFakeTime('vote 1 closed', () => closedVote(b, 1), 1000);
		expect(closed).toMatchObject({ winner: 1, closedBy: 'deadline' });
	});

	it('GIVEN a narrator’s dream begun without naming one WHEN it starts THEN the member who began it narrates', async () => {
		const b = botOnFakeClock(60_000);
		await start(b, { mode: 'narrator' });
		const click = await inFakeTime('vote 1', () => shownVote(b, 1) && voteOpen(b, 1));
		expect(b.channel.shownVote(CHANNEL)?.voting).toEqual({
			mode: 'narrator',
			narratorId: 'starter',
			quickClose: false,
		});
		expect(await click('starter', 1)).toEqual({ kind: 'decided', choice: 'Leave it' });
	});
});

describe('quick close', () => {
	it('GIVEN quick close and three dreamers from the first vote WHEN two of them agree on the next THEN it closes at once, the third unable to change it', async () => {
		const b = botOnFakeClock(60_000);
		await start(b, { quickClose: true });
		const click1 = await inFakeTime('vote 1', () => shownVote(b, 1) && voteOpen(b, 1));
		await click1('alice', 0);
		await click1('bob', 0);
		// The first vote knows no dreamers yet: two of three agreeing does not close it.
		await vi.advanceTimersByTimeAsync(5000);
		expect(closedVote(b, 1)).toBeUndefined();
		await click1('carol', 1);
		// With no round before it, the first vote runs its whole window.
		await inFakeTime('vote 1 closed', () => closedVote(b, 1), 1000);
		const click2 = await inFakeTime('vote 2', () => shownVote(b, 2) && voteOpen(b, 2));
		const opened = Date.now();
		await click2('alice', 1);
		await vi.advanceTimersByTimeAsync(2000);
		// One ballot of three: the other two could still carry another choice.
		expect(closedVote(b, 2)).toBeUndefined();
		await click2('bob', 1);
		const closed = await inFakeTime('vote 2 closed', () => closedVote(b, 2));
		expect(closed).toMatchObject({ winner: 1, closedBy: 'certain' });
		expect(Date.now() - opened).toBeLessThan(10_000);
	});

	it('GIVEN quick close WHEN two dreamers split and one has not voted THEN the vote stays open', async () => {
		const b = botOnFakeClock(60_000);
		await start(b, { quickClose: true });
		const click1 = await inFakeTime('vote 1', () => shownVote(b, 1) && voteOpen(b, 1));
		for (const [who, choice] of [
			['alice', 0],
			['bob', 0],
			['carol', 0],
		] as const)
			await click1(who, choice);
		await inFakeTime('vote 1 closed', () => closedVote(b, 1), 1000);
		const click2 = await inFakeTime('vote 2', () => shownVote(b, 2) && voteOpen(b, 2));
		await click2('alice', 0);
		await click2('bob', 1);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(closedVote(b, 2)).toBeUndefined();
	});
});
