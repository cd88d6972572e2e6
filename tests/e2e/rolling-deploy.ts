/** The rolling deploy as an admin runs it while members click, and what it must keep: for the test over each store. */
import { expect } from 'vitest';
import type { InteractionRecord, StoredMessage } from '../../src/dev/local-discord/server.js';
import type { WorldSpec } from '../../src/dev/local-discord/world.js';
import { LEASE_MS, RENEW_MS } from '../../src/store/lease.js';
import { waitFor } from '../helpers.js';
import { countClicks } from './clicking.js';
import { buttonsOf, countedChoice, type Scene, talliesIn, textOf } from './harness.js';

const MEMBERS = ['Alice', 'Bob', 'Dave', 'Erin', 'Frank', 'Grace'];
export const WORLD: WorldSpec = {
	guilds: [
		{
			name: 'Dreamers',
			roles: [{ name: 'Moderator', permissions: ['ManageMessages'] }],
			channels: [{ name: 'dreams' }, { name: 'lounge' }],
			members: [...MEMBERS.map((name) => ({ name })), { name: 'Carol', roles: ['Moderator'] }],
		},
	],
};
const story = (id: string) => [{ type: 3, name: 'story', value: id }];

/** One click and what the member was told. */
interface Click {
	user: string;
	choice: number;
	at: number;
	record: InteractionRecord;
}

/** How long a member waits at "thinking…" before clicking again. */
const GIVE_UP_MS = 10_000;

/**
 * Members clicking the vote in #dreams, one click every `everyMs`, round the members and the choices, until stopped;
 * every click is kept with its answer. A click acknowledged by a copy that was then killed (SIGKILL) stays at
 * "thinking…" for good, as on Discord, and one acknowledged just before a copy froze is answered only once it wakes;
 * after {@link GIVE_UP_MS} its member, as a member would, clicks the same choice again once the clicking stops (their
 * ballot may or may not have been written; the new click settles which).
 */
function keepClicking(s: Scene, vote: StoredMessage, everyMs: number) {
	const clicks: Promise<Click | { user: string; choice: number; unanswered: true }>[] = [];
	/** When each click answered so far was sent. */
	const answered: number[] = [];
	let n = 0;
	const click = (user: string, choice: number) => {
		const at = Date.now();
		return s.click(user, 'dreams', vote, choice).then((record) => {
			if (!record.failed) answered.push(at);
			return { user, choice, at, record };
		});
	};
	const timer = setInterval(() => {
		const user = MEMBERS[n % MEMBERS.length] ?? 'Alice';
		const choice = Math.floor(n / MEMBERS.length) % buttonsOf(vote).length;
		n++;
		const gaveUp = new Promise<{ user: string; choice: number; unanswered: true }>((resolve) =>
			setTimeout(() => resolve({ user, choice, unanswered: true }), GIVE_UP_MS),
		);
		clicks.push(Promise.race([click(user, choice), gaveUp]));
	}, everyMs);
	return {
		/** How many of the clicks sent from `from` on have been answered so far. */
		answeredSince(from: number): number {
			return answered.filter((at) => at >= from).length;
		},
		async stop(): Promise<{ clicks: Click[]; unanswered: number }> {
			clearInterval(timer);
			const settled = await Promise.all(clicks);
			const answered = settled.filter((c): c is Click => !('unanswered' in c));
			const unanswered = settled.filter((c) => 'unanswered' in c);
			const again = await Promise.all(unanswered.map((c) => click(c.user, c.choice)));
			return { clicks: [...answered, ...again], unanswered: unanswered.length };
		},
	};
}

/** The choice a member was told their ballot counts for (the one they clicked), or null when it was not counted. */
function countedChoiceOf(s: Scene, click: Click, vote: StoredMessage): number | null {
	const index = countedChoice(s, click.record, vote);
	if (index !== null) expect(index, `${click.user}'s counted choice`).toBe(click.choice);
	return index;
}

/** The public posts of a channel, in order, as members read them. */
const posts = (s: Scene, channel: string) => s.public(channel).map((m) => textOf(m));

/**
 * The rolling deploy, as an admin runs it, while members click: copy A runs; copy B starts beside it and stands by;
 * A gets SIGTERM and B takes over; A starts again and stands by; B is killed (SIGKILL) and A takes over; then A is
 * frozen (SIGSTOP: alive, but renewing nothing) until B, started again, takes over when the lease runs out, and A,
 * woken, finds it lost its guilds.
 */
export async function rollingDeploy(s: Scene, store: string): Promise<void> {
	const owning = (copy: string) => s.said('"msg":"owning these guilds"', copy);
	const until = (what: string, check: () => boolean, timeoutMs = 40_000) =>
		waitFor(what, check, { timeoutMs, intervalMs: 50 });
	/** Members go on clicking until `count` clicks sent from now on have been answered (about 120 ms each). */
	const answered = (count: number, when: string) => {
		const from = Date.now();
		return until(`${count} clicks answered ${when}`, () => clicking.answeredSince(from) >= count);
	};

	await s.startCopy('A');
	await s.dream('Alice', 'dreams', 'start', story('the-corridor'));
	const vote = await s.vote('dreams', 1);
	expect(await s.startCopy('B', {}, { waitFor: 'standing by' })).toBe('standing by');
	expect(owning('B')).toBe(0);

	const clicking = keepClicking(s, vote, 120);
	await answered(12, 'while B stands by');
	// A dream starts in #lounge just before the handover, so its narration is cut off by it.
	await s.dream('Alice', 'lounge', 'start', story('the-stair'));
	const handover = { from: Date.now(), to: 0 };
	expect(await s.stopCopy('A')).toBe(0);
	expect(s.said('"msg":"handed these guilds over"', 'A')).toBe(1);
	await until('B to take over', () => s.said('"msg":"dreams resumed"', 'B') === 1);
	await answered(12, 'by B once it took over');
	handover.to = Date.now();

	expect(await s.startCopy('A', {}, { waitFor: 'standing by' })).toBe('standing by');
	await answered(8, 'while A stands by');
	const killedAt = Date.now();
	await s.killCopy('B');
	// B ran on this machine and its process is gone: A need not wait for the lease to run out.
	await until('A to take over from the killed copy', () => s.said('"msg":"dreams resumed"', 'A') === 2);
	expect(Date.now() - killedAt).toBeLessThan(10_000);
	await answered(12, 'by A once it took over');
	const takeover = { from: killedAt, to: Date.now() };

	expect(await s.startCopy('B', {}, { waitFor: 'standing by' })).toBe('standing by');
	const frozen = s.copyProcess('A');
	frozen?.kill('SIGSTOP');
	const frozenAt = Date.now();
	await until('B to take over once the frozen copy’s lease ran out', () => owning('B') === 2);
	// The frozen copy renewed its lease at most RENEW_MS before it froze; nobody may take it before it runs out.
	expect(Date.now() - frozenAt).toBeGreaterThan(LEASE_MS - RENEW_MS);
	await until('B to take its dreams up', () => s.said('"msg":"dreams resumed"', 'B') === 2);
	frozen?.kill('SIGCONT');
	await until('A, woken, to learn it lost its guilds', () =>
		s.outputOf('A').some((l) => l.includes('"msg":"no longer owning these guilds; standing by"')),
	);
	await answered(12, 'by B with A awake again');
	const { clicks, unanswered } = await clicking.stop();
	// Only a click caught between its acknowledgement and its answer by the SIGKILL (never answered) or the SIGSTOP
	// (answered once the copy wakes, too late for its member) is left at "thinking…".
	expect(unanswered).toBeLessThanOrEqual(2);

	// Every click was answered once at most (a second answer is a double-callback violation), and one that no copy
	// answered failed where the member sees it.
	expect(s.discord.violations.filter((v) => v.kind !== 'interaction-failed')).toEqual([]);
	const failed = clicks.filter((c) => c.record.failed);
	expect(s.discord.violations).toHaveLength(failed.length);
	// No click fails through the graceful handover: what came while ownership was being settled was kept by the copy
	// taking over and answered. Through the takeover from the killed copy, only a click it may have taken as it died
	// (it cannot be told whether it answered) is left; the frozen copy's lease, which nobody may take for LEASE_MS,
	// fails the clicks of those seconds.
	const within = (window: { from: number; to: number }) => (c: Click) => c.at >= window.from && c.at <= window.to;
	const { sent, answeredOnce, answeredTwice } = countClicks(s, clicks);
	const inHandover = clicks.filter(within(handover));
	console.log(
		`| rolling deploy (${store}) | ${sent + unanswered} | ${answeredOnce} | ${answeredTwice} | ` +
			`${failed.length + unanswered} | SIGTERM handover: ${inHandover.length} sent, ` +
			`${inHandover.filter((c) => c.record.failed).length} unanswered`,
	);
	expect(clicks.filter(within(handover)).length).toBeGreaterThan(10);
	expect(failed.filter(within(handover))).toEqual([]);
	expect(failed.filter(within(takeover)).length).toBeLessThanOrEqual(1);
	const counted = clicks.filter((c) => countedChoiceOf(s, c, vote) !== null);
	// The frozen copy holds its lease for up to LEASE_MS, and the handovers cost a second each.
	expect(counted.length).toBeGreaterThan(clicks.length / 4);

	// Every ballot a member was told is counted is in the vote as it closes: each member's last counted choice.
	const last = new Map<string, number>();
	for (const c of counted.sort((a, b) => a.at - b.at)) last.set(c.user, c.choice);
	const expected = buttonsOf(vote).map((_, i) => [...last.values()].filter((choice) => choice === i).length);
	await s.dream('Carol', 'dreams', 'skip');
	const closed = await s.closed('dreams', vote);
	expect(talliesIn(closed)).toEqual(expected);
	expect(closed).toContain(`${last.size} dreamers voted`);

	// Narration cut off by the handovers went on once, with no beat twice, to exactly one vote.
	await s.vote('lounge', 1);
	await s.vote('dreams', 2);
	// A vote posted twice would come a moment after the first, from a copy that should not narrate: nothing marks
	// that it will not come, so this waits a second for it.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	expect(s.votes('lounge')).toHaveLength(1);
	expect(s.votes('dreams')).toHaveLength(2);
	for (const channel of ['dreams', 'lounge']) {
		const seen = posts(s, channel);
		expect(new Set(seen).size, `#${channel}: ${seen.join('\n')}`).toBe(seen.length);
	}
}
