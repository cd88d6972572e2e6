import { afterEach, describe, expect, it } from 'vitest';
import type { InteractionRecord } from '../../src/local-discord/server.js';
import { waitFor } from '../helpers.js';
import { buttonsOf, closeScene, countedChoice, Scene, talliesIn } from './harness.js';

const story = (id: string) => [{ type: 3, name: 'story', value: id }];
const MEMBERS = ['Alice', 'Bob', 'Dave'];

interface Click {
	user: string;
	choice: number;
	at: number;
	record: InteractionRecord;
}

let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

describe('clicks while a restarted bot takes its guilds back', () => {
	it('GIVEN the bot killed mid-vote WHEN it starts again and members click from the moment its gateway session is ready, every 100 ms until its dreams are resumed THEN every click is answered once, and every ballot it confirmed is in the closed vote', async () => {
		const s = await Scene.open({ VOTE_SECONDS: '600' });
		scene = s;
		await s.startCopy('A');
		await s.dream('Alice', 'dreams', 'start', story('the-thread'));
		const vote = await s.vote('dreams', 1);
		await s.killCopy('A');

		await s.startCopy('A', {}, { waitFor: 'nothing' });
		// The first click goes the moment Discord has the new process's session, before it can own anything.
		await waitFor('the restarted bot to connect', () => s.discord.connectedFor(s.guildId), {
			timeoutMs: 30_000,
			intervalMs: 2,
		});
		const clicks: Promise<Click>[] = [];
		let n = 0;
		const click = () => {
			const user = MEMBERS[n % MEMBERS.length] ?? 'Alice';
			const choice = Math.floor(n / MEMBERS.length) % buttonsOf(vote).length;
			n++;
			const at = Date.now();
			clicks.push(s.click(user, 'dreams', vote, choice).then((record) => ({ user, choice, at, record })));
		};
		click();
		const timer = setInterval(click, 100);
		try {
			await waitFor('the dreams to be resumed', () => s.said('"msg":"dreams resumed"', 'A') === 2, {
				timeoutMs: 30_000,
			});
			await new Promise((resolve) => setTimeout(resolve, 300));
		} finally {
			clearInterval(timer);
		}
		const settled = await Promise.all(clicks);
		expect(settled.length).toBeGreaterThan(1);
		expect(settled.filter((c) => c.record.failed)).toEqual([]);
		expect(s.discord.violations).toEqual([]);
		// The ones that came before it owned its guilds were kept, and answered once it did.
		expect(s.said('"msg":"answering what came before owning"', 'A')).toBe(1);

		const last = new Map<string, number>();
		for (const c of settled.sort((a, b) => a.at - b.at)) {
			const counted = countedChoice(s, c.record, vote);
			expect(counted, `${c.user}'s click was counted`).toBe(c.choice);
			last.set(c.user, c.choice);
		}
		await s.dream('Carol', 'dreams', 'skip');
		const closed = await s.closed('dreams', vote);
		expect(talliesIn(closed)).toEqual(buttonsOf(vote).map((_, i) => [...last.values()].filter((c) => c === i).length));
		s.expectClean();
	}, 120_000);
});
