import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers.js';
import { type Bot, GUILD, sqliteUrl, startBot } from './harness.js';

const bots: Bot[] = [];
afterEach(async () => {
	for (const bot of bots.splice(0)) await bot.stop();
});
function bot(options: Parameters<typeof startBot>[0]): Bot {
	const b = startBot(options);
	bots.push(b);
	return b;
}

/** Plays the two-doors dream in a channel, the group choosing by these texts, and returns its recap. */
async function play(b: Bot, channelId: string, choices: string[]) {
	await b.dreams.start({ guildId: GUILD, channelId, userId: 'u', storyId: 'branching' });
	for (const [i, text] of choices.entries()) {
		const vote = await waitFor(`vote ${i + 1}`, () => b.channel.votes(channelId).find((v) => v.view.round === i + 1));
		const choice = vote.view.choices.find((c) => c.text === text);
		if (!choice) throw new Error(`no choice ${text}`);
		await b.dreams.vote({
			channelId,
			sessionId: vote.view.sessionId,
			round: i + 1,
			choice: choice.index,
			userId: 'alice',
		});
	}
	return waitFor('the recap', () => b.channel.ending(channelId));
}

const GARDEN = ['Take the key', 'Unlock the left door'];
const LONG_DARK = ['Leave it', 'Go through the right door', 'Sit in the dark'];

describe('endings found in a server', () => {
	it('GIVEN plays in several channels, a reset and a restart WHEN each ends THEN the recap says whether its ending is new and how many of the three are found', async () => {
		const url = sqliteUrl();
		const first = bot({ url, voteMs: 50 });
		expect((await play(first, 'c1', GARDEN)).view).toMatchObject({
			ending: 'The glass garden',
			found: { count: 1, total: 3, newEnding: true },
		});
		expect((await play(first, 'c2', GARDEN)).view.found).toEqual({ count: 1, total: 3, newEnding: false });
		await first.dreams.start({ guildId: GUILD, channelId: 'c3', userId: 'u', storyId: 'branching' });
		await first.dreams.reset('c3', 'moderator');
		await first.stop();
		bots.splice(0);

		const second = bot({ url, voteMs: 50 });
		expect((await play(second, 'c4', LONG_DARK)).view.found).toEqual({ count: 2, total: 3, newEnding: true });
		expect((await second.dreams.list(GUILD)).found.branching).toEqual({ count: 2, total: 3 });
		await second.dreams.start({ guildId: GUILD, channelId: 'c6', userId: 'u', storyId: 'branching' });
		expect(await second.dreams.status('c6')).toMatchObject({ view: { found: { count: 2, total: 3 } } });
		// Another server has found nothing yet.
		expect((await second.dreams.list('100000000000000009')).found.branching).toEqual({ count: 0, total: 3 });
	});
});
