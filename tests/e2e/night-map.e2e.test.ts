import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/dev/local-discord/server.js';
import type { WorldSpec } from '../../src/dev/local-discord/world.js';
import { waitFor } from '../helpers.js';
import { closeScene, embedOf, partsOf, QUICK_TIMINGS, Scene, textOf, WORLD } from './harness.js';

let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

/** The usual server, with a channel where Reverie may not attach files. */
const world: WorldSpec = {
	guilds: WORLD.guilds.map((guild) => ({
		...guild,
		channels: [...guild.channels, { name: 'no-files', overwrites: [{ for: '@bot', deny: ['AttachFiles'] }] }],
	})),
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The recap of a channel's dream, once posted. */
const recapIn = (s: Scene, channel: string) => s.ending(channel);

/**
 * Plays the-corridor to its end in a channel: Alice takes the first choice at every vote, and Carol, a moderator, skips
 * the first vote's wait. `midway` runs after the second vote.
 */
async function playToTheEnd(s: Scene, channel: string, midway?: () => Promise<void>): Promise<StoredMessage> {
	await s.dream('Alice', channel, 'start', [{ type: 3, name: 'story', value: 'the-corridor' }]);
	for (let n = 1; ; n++) {
		const next = await waitFor(
			`vote ${n} or the end in #${channel}`,
			() => recapIn(s, channel) ?? s.votes(channel)[n - 1],
			{ timeoutMs: 90_000, intervalMs: 50 },
		);
		if (next === recapIn(s, channel)) return next;
		await s.click('Alice', channel, next, 0);
		// The first vote runs its window unless skipped; later ones close as soon as Alice, the only voter, has voted.
		if (n === 1) await s.dream('Carol', channel, 'skip');
		if (n === 2) await midway?.();
	}
}

/** The bytes of a message's attachment named `name`. */
function attached(s: Scene, message: StoredMessage | undefined, name: string): Buffer | undefined {
	const attachment = message?.attachments?.find((a) => a.filename === name);
	return attachment ? s.discord.attachments.bytes(attachment.id) : undefined;
}

describe('endings found and the map of the night, end to end', () => {
	it('GIVEN a dream played to its end twice WHEN each recap is posted THEN it names the ending as new or found before, counts the endings found, and carries the map as a PNG where Reverie may attach files', async () => {
		const s = await Scene.open({}, world, { timings: QUICK_TIMINGS });
		scene = s;
		await s.startBot();

		// Played side by side (each channel posts at its own rate): the same path, so the same ending.
		const [recap, second] = await Promise.all([
			playToTheEnd(s, 'dreams', async () => {
				const map = await s.dream('Bob', 'dreams', 'map');
				await waitFor('the map so far', () => attached(s, s.answer(map), 'night-map.png'), { timeoutMs: 30_000 });
				const answer = s.answer(map);
				expect(answer?.visibleTo).toBeDefined();
				expect(attached(s, answer, 'night-map.png')?.subarray(0, 8)).toEqual(PNG_SIGNATURE);
				expect(embedOf(answer).title).toBe('The map so far: The Corridor');
			}),
			playToTheEnd(s, 'no-files'),
		]);
		// One of the two reached the ending first; for the other the server had found it already.
		const news = [textOf(recap), textOf(second)].map((text) =>
			text.includes('**A new ending for this server.** 1 of 5 endings found.')
				? 'new'
				: text.includes('This server had reached this ending before. 1 of 5 endings found.')
					? 'before'
					: text,
		);
		expect(news.sort()).toEqual(['before', 'new']);
		const png = attached(s, recap, 'night-map.png');
		expect(png?.subarray(0, 8)).toEqual(PNG_SIGNATURE);
		expect(png?.length).toBeLessThan(400 * 1024);
		// The PNG's width, from its IHDR chunk: at most 1,600 px.
		expect(png?.readUInt32BE(16)).toBeLessThanOrEqual(1600);
		// Shown in the recap's gallery, with words for members who cannot see it.
		expect(partsOf(recap).find((p) => p.type === 12)?.items).toEqual([
			{
				media: { url: 'attachment://night-map.png' },
				description: expect.stringMatching(/^The map of the night for The Corridor: /),
			},
		]);
		// Where Reverie may not attach files, the recap goes without the map and says so.
		expect(textOf(second)).toContain(
			'Reverie may not attach files in this channel, so the map of the night is not shown.',
		);
		expect(second.attachments ?? []).toEqual([]);

		// Kept across a restart, and shown in the list.
		await s.kill();
		await s.startBot();
		const list = await s.dream('Bob', 'dreams', 'list');
		const listed = s.answer(list)?.embeds[0] as { fields?: { name: string; value: string }[] } | undefined;
		const corridor = listed?.fields?.find((f) => f.name.includes('(the-corridor)'));
		expect(corridor?.value).toContain('1 of 5 endings found.');
		s.expectClean();
	}, 240_000);
});
