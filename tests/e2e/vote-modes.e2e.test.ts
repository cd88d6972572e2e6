import { afterEach, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../../src/dev/local-discord/world.js';
import { waitFor } from '../helpers.js';
import { finalAnswer } from './adding.js';
import { closeScene, QUICK_TIMINGS, Scene, talliesIn, textOf, WORLD, winnerIn } from './harness.js';

const STRING = 3;
const BOOLEAN = 5;
const USER = 6;

let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

/** Three channels, one per mode, so that the three groups dream at once. */
const WORLD_OF_MODES: WorldSpec = {
	...WORLD,
	guilds: WORLD.guilds.map((g) => ({ ...g, channels: [{ name: 'sealed' }, { name: 'narrated' }, { name: 'quick' }] })),
};

describe('vote modes, three members each', () => {
	it('GIVEN a sealed vote, a narrator’s and a quick one WHEN three members vote THEN each decides as its mode says', async () => {
		const s = await Scene.open({}, WORLD_OF_MODES, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		const story = { type: STRING, name: 'story', value: 'the-corridor' };
		const userId = (name: string) => s.discord.member(s.discord.guild('Dreamers'), name).user.id;
		/** What vote `n` of `channel` shows now. */
		const shown = async (channel: string, n: number) => {
			const vote = await s.vote(channel, n);
			return textOf(s.discord.message(s.channelId(channel), vote.id));
		};

		const sealed = async () => {
			await s.dream('Alice', 'sealed', 'start', [story, { type: STRING, name: 'mode', value: 'sealed' }]);
			const vote = await s.vote('sealed', 1);
			expect(textOf(vote)).toContain('Sealed vote: how many have voted shows, not for what');
			await s.click('Alice', 'sealed', vote, 0);
			await s.click('Bob', 'sealed', vote, 0);
			await s.click('Dave', 'sealed', vote, 1);
			const counted = await waitFor('3 ballots shown', async () => {
				const text = await shown('sealed', 1);
				return text.includes('3 dreamers voted so far') ? text : undefined;
			});
			// Who voted for what stays hidden until it closes.
			expect(talliesIn(counted)).toEqual([]);
			const closed = await s.closed('sealed', vote);
			expect(talliesIn(closed)).toEqual([2, 1, 0]);
			expect(winnerIn(closed)).toBe(0);
		};

		const narrated = async () => {
			await s.dream('Alice', 'narrated', 'start', [story, { type: USER, name: 'narrator', value: userId('Carol') }]);
			const first = await s.vote('narrated', 1);
			expect(textOf(first)).toContain(`<@${userId('Carol')}> is the narrator and decides`);
			const advice = await s.click('Alice', 'narrated', first, 1);
			expect(await finalAnswer(s, advice)).toMatch(/^Counted as advice to the narrator: “Open the second door”/);
			await s.click('Bob', 'narrated', first, 1);
			await s.click('Dave', 'narrated', first, 0);
			// Carol does not choose: at the deadline the most advice decides.
			const firstClosed = await s.closed('narrated', first);
			expect(winnerIn(firstClosed)).toBe(1);
			expect(firstClosed).toContain('Closed: the time ran out.');
			const second = await s.vote('narrated', 2);
			await s.click('Alice', 'narrated', second, 1);
			await s.click('Bob', 'narrated', second, 1);
			const pick = await s.click('Carol', 'narrated', second, 0);
			expect(await finalAnswer(s, pick)).toMatch(/^You chose, as the narrator: /);
			const secondClosed = await s.closed('narrated', second, 3000);
			expect(winnerIn(secondClosed)).toBe(0);
			expect(talliesIn(secondClosed)).toEqual([1, 2]);
			expect(secondClosed).toContain('Closed: the narrator chose.');
		};

		const quick = async () => {
			await s.dream('Alice', 'quick', 'start', [story, { type: BOOLEAN, name: 'quick-close', value: true }]);
			const first = await s.vote('quick', 1);
			for (const [who, choice] of [
				['Alice', 0],
				['Bob', 0],
				['Dave', 1],
			] as const)
				await s.click(who, 'quick', first, choice);
			// The first vote knows no dreamers yet: it runs its time.
			expect(await s.closed('quick', first)).toContain('Closed: the time ran out.');
			const second = await s.vote('quick', 2);
			await s.click('Alice', 'quick', second, 1);
			await s.click('Bob', 'quick', second, 1);
			// Dave alone could not change it: it closes now, well within its 5 s.
			const closed = await s.closed('quick', second, 3000);
			expect(closed).toContain('Closed: the result was certain. 2 dreamers voted.');
		};

		await Promise.all([sealed(), narrated(), quick()]);
		s.expectClean();
	});
});
