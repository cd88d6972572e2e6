import { expect } from 'vitest';
import type { InteractionRecord } from '../../src/dev/local-discord/server.js';
import { waitFor } from '../helpers.js';
import { type Scene, textOf } from './harness.js';

const ATTACHMENT = 11;
const STRING = 3;

/**
 * Alice starts `story` in `channel` and takes the first choice at every vote (alone, each vote after the first closes
 * at her click; the first, Carol skips) until the ending; returns the recap's text.
 */
export async function playToEnding(s: Scene, channel: string, story: string): Promise<string> {
	const start = await s.dream('Alice', channel, 'start', [{ type: STRING, name: 'story', value: story }]);
	// Begun, the dream is announced to everyone; not begun, only Alice is told why.
	const said = await finalAnswer(s, start);
	expect(s.answer(start)?.visibleTo, `the start of ${story}: ${said}`).toBeUndefined();
	return playOn(s, channel);
}

/**
 * Alice takes the first choice at every vote of the dream running in `channel` (a name, or a thread's id), from vote
 * `from` on, until the ending; the first vote of the dream, Carol skips. Returns the recap's text.
 */
export async function playOn(s: Scene, channel: string, from = 1): Promise<string> {
	for (let round = from; round <= 40; round++) {
		const next = await waitFor(
			`vote ${round} or the ending in #${channel}`,
			() => s.ending(channel) ?? s.votes(channel)[round - 1],
			{ timeoutMs: 30_000, intervalMs: 50 },
		);
		if (next === s.ending(channel)) return textOf(next);
		const click = await s.click('Alice', channel, next, 0);
		expect(click.failed, `#${channel} vote ${round}`).toBeFalsy();
		// The first vote would run its whole window (nobody voted before her): a moderator closes it.
		if (round === 1) await s.dream('Carol', channel, 'skip');
	}
	throw new Error(`no ending in #${channel} after 40 votes`);
}

/** A member uploads a file and runs `/dream add file:` with it in a channel. */
export async function addFile(
	s: Scene,
	user: string,
	channel: string,
	file: { filename: string; content: Buffer | string; declaredSize?: number },
) {
	const attachment = s.discord.attachments.upload(file);
	const record = await s.dream(user, channel, 'add', [{ type: ATTACHMENT, name: 'file', value: attachment.id }]);
	return { attachment, record };
}

/** The answer a member finally reads (a deferred one once it is edited from "thinking…"). */
export async function finalAnswer(s: Scene, record: InteractionRecord, timeoutMs = 30_000): Promise<string> {
	return waitFor('the answer', () => textOf(s.answer(record)) || undefined, { timeoutMs, intervalMs: 50 });
}
