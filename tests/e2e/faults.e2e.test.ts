import { afterEach, expect, it } from 'vitest';
import { Scene } from './harness.js';
import { told } from './tellings.js';

let scene: Scene | null = null;
afterEach(async () => {
	await scene?.close();
	scene = null;
});

it('GIVEN Discord answering 500s (some after doing the work) and 429s for a while WHEN a dream is told THEN the posts are retried and no beat is lost or repeated', async () => {
	const s = await Scene.open({ BEAT_DELAY_MS: '1200' });
	scene = s;
	await s.startBot();
	const now = Date.now();
	// First Discord does the work but the answer is lost; then it fails outright; then it says "too many requests".
	s.discord.faults.push(
		{ status: 500, until: now + 2500, afterCreate: true },
		{ status: 500, from: now + 2500, until: now + 4500 },
		// Longer than a channel's window (5 s): however the budget spaces the posts, one of them meets it.
		{ status: 429, from: now + 4500, until: now + 10_000 },
	);
	await s.dream('Alice', 'dreams', 'start', [{ type: 3, name: 'story', value: 'the-stair' }]);
	await s.vote('dreams', 1, 60_000);
	expect(s.discord.injected[500]).toBeGreaterThan(1);
	expect(s.discord.injected[429]).toBeGreaterThan(0);
	expect(s.beats('dreams')).toEqual(told('the-stair', [], s.beats('dreams')));
	expect(s.votes('dreams')).toHaveLength(1);
	s.expectClean();
}, 90_000);
