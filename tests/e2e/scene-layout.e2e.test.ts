import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, waitFor } from '../helpers.js';
import { addFile, finalAnswer, playToEnding } from './adding.js';
import {
	buttonsOf,
	closeScene,
	isLayout,
	isRecap,
	layoutTexts,
	partsOf,
	QUICK_TIMINGS,
	Scene,
	textOf,
} from './harness.js';
import { told } from './tellings.js';

let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

/** The lighthouse as its author zips it: the story and the two pictures it brings (a third it names is missing). */
function lighthouseZip(): Buffer {
	const file = (name: string) => new Uint8Array(readFileSync(fixture(`scene-tags/${name}`)));
	return Buffer.from(
		zipSync({
			'the-lighthouse.ink': file('the-lighthouse.ink'),
			pictures: {
				'shore.png': file('pictures/shore.png'),
				'wick.png': file('pictures/wick.png'),
				'mara.png': file('pictures/mara.png'),
			},
		}),
	);
}

describe('scenes laid out as the story tags them', () => {
	it('GIVEN a story with pictures, speakers, a chapter, sounds and a greyed-out choice WHEN added as a zip and played THEN every beat is in the newer layout, each tag shown or left out as the check said, with no violation', async () => {
		const s = await Scene.open({}, undefined, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();
		const added = await addFile(s, 'Carol', 'dreams', { filename: 'the-lighthouse.zip', content: lighthouseZip() });
		expect(await finalAnswer(s, added.record)).toContain('Added **The Lighthouse** (`the-lighthouse`)');

		const recap = await playToEnding(s, 'dreams', 'the-lighthouse');
		expect(recap).toContain('The lamp lit');
		// The beats: the channel's posts (not the answer to /dream start) that are neither a vote nor the recap.
		const beats = s
			.public('dreams')
			.filter((m) => m.type === 0 && isLayout(m) && buttonsOf(m).length === 0 && !isRecap(m));
		// Seven lines told, each one message.
		expect(beats).toHaveLength(7);
		const at = (line: string) => {
			const beat = beats.find((m) => layoutTexts(m).some((t) => t.includes(line)));
			if (!beat) throw new Error(`no beat tells "${line}"`);
			return beat;
		};
		const gallery = (line: string) => partsOf(at(line)).find((p) => p.type === 12)?.items ?? [];

		// Each in the dream's colour, or in the colour of the voice that speaks it.
		const accent = (line: string) => partsOf(at(line))[0]?.accent_color;
		expect(accent('The tide has gone out')).toBe(0x2f6f8f);
		expect(accent('You came by the last boat')).toBe(0x8f3b2f);
		expect(accent('I came for the lamp')).toBe(0x4a7a3a);

		// The shore's picture: the zip's file, sent with the beat, with its alt text.
		expect(layoutTexts(at('The tide has gone out'))[0]).toBe('### The shore');
		expect(gallery('The tide has gone out')).toEqual([
			{ media: { url: 'attachment://shore.png' }, description: 'A grey beach under a white tower, the lamp dark.' },
		]);
		expect(at('The tide has gone out').attachments?.map((a) => a.filename)).toEqual(['shore.png']);
		// Who speaks stands over the words; Mara's portrait beside them.
		expect(layoutTexts(at('You came by the last boat'))).toEqual(['**Mara**\nYou came by the last boat, then.']);
		expect(partsOf(at('You came by the last boat')).find((p) => p.type === 9)).toMatchObject({
			accessory: { type: 11, media: { url: 'attachment://mara.png' }, description: 'Mara' },
		});
		expect(at('You came by the last boat').attachments?.map((a) => a.filename)).toEqual(['mara.png']);
		expect(layoutTexts(at('I came for the lamp'))).toEqual([
			'**The visitor**\nI came for the lamp. Someone said it went out.',
		]);
		// A sound on the web is a link; Discord would not play it.
		expect(layoutTexts(at('Gulls circle'))[1]).toContain('https://example.org/sounds/gulls.ogg');

		// The vote, in the newer layout too: each choice's text beside its button; the greyed-out one is there, with its
		// text, and was chosen by nobody (its button disabled from the start, as a member's click on it shows).
		const vote = s.votes('dreams')[0];
		if (!vote) throw new Error('no vote');
		expect(isLayout(vote)).toBe(true);
		expect(buttonsOf(vote).map((b) => b.label)).toEqual(['1', '2', '3']);
		expect(layoutTexts(vote)).toEqual(
			expect.arrayContaining(['✅ **1. Climb the stair** — 1 vote', '**3. Swim out to the rocks** — 0 votes']),
		);

		// The chapter: a rule, then the heading; its missing picture and its http one are left out; the wick's has no alt
		// text from the story, and still says that a picture is there.
		const chapter = partsOf(at('The lamp room smells'));
		expect(chapter[1]).toMatchObject({ type: 14, divider: true });
		expect(layoutTexts(at('The lamp room smells'))[0]).toBe('### The lamp room');
		expect(gallery('The lamp room smells')).toEqual([]);
		expect(gallery('Light it, if you can')).toEqual([]);
		expect(gallery('The wick is dry')).toEqual([
			{ media: { url: 'attachment://wick.png' }, description: 'A picture from the story' },
		]);
		s.expectClean();
	}, 120_000);

	it('GIVEN a vote whose message waits for the channel’s budget WHEN a moderator closes it before it is posted THEN the message, once posted, is shown closed in the newer layout, and the dream goes on', async () => {
		// The passage before the first vote takes the channel's whole budget for a while: the vote's message waits.
		const passage = told('the-corridor', [], []).length;
		const s = await Scene.open({ BEAT_DELAY_MS: '0' }, undefined, {
			timings: { voteSeconds: 60, channelRate: { limit: passage, windowMs: 5000 } },
		});
		scene = s;
		await s.startBot();
		await s.dream('Alice', 'dreams', 'start', [{ type: 3, name: 'story', value: 'the-corridor' }]);
		await waitFor(
			'the vote open, its message not yet posted',
			async () => {
				const status = await s.dream('Bob', 'dreams', 'status');
				return textOf(s.answer(status)).includes('**State:** Waiting on a vote') || undefined;
			},
			{ timeoutMs: 30_000, intervalMs: 200 },
		);
		expect(s.votes('dreams')).toHaveLength(0);
		const skip = await s.dream('Carol', 'dreams', 'skip');
		expect(textOf(s.answer(skip))).toMatch(/^Vote closed with no ballots: the first choice, “.+”, goes ahead\.$/);
		const vote = await s.vote('dreams', 1, 30_000);
		const closed = await s.closed('dreams', vote, 30_000);
		expect(closed).toContain('Closed: a moderator closed it.');
		expect(isLayout(s.discord.message(s.channelId('dreams'), vote.id))).toBe(true);
		// The dream goes on with the chosen way.
		await waitFor('the next passage', () => s.beats('dreams').length > passage, { timeoutMs: 30_000 });
		s.expectClean();
	}, 90_000);
});
