import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands as commandList } from '../../commands/index.js';
import { buttonsOf } from '../../src/dev/local-discord/layout-checks.js';
import { QUICK_COUNT_MS, QUICK_COUNTS_AT_ONCE } from '../../src/discord/ballot-answer.js';
import { loadCommands } from '../../src/discord/command.js';
import { createRouter } from '../../src/discord/router.js';
import { renderVote } from '../../src/discord/vote-layout.js';
import type { VoteView } from '../../src/sessions/ports.js';
import { textsOf, waitFor } from '../helpers.js';
import { SteeredBackend, steeredStore } from '../sessions/backend.js';
import { type Bot, CHANNEL, GUILD, silent, sqliteUrl, startBot } from '../sessions/harness.js';
import { FakeInteraction, type FakeOptions } from './fake-interaction.js';

const MOD: FakeOptions = { userId: '300000000000000009', permissions: [PermissionFlagsBits.ManageMessages] };

const bots: Bot[] = [];
afterEach(async () => {
	vi.useRealTimers();
	for (const b of bots.splice(0)) await b.stop();
});

/** A bot and its router; with `backend`, over a store in memory that the test steers (see {@link SteeredBackend}). */
function setup(options: { voteMs?: number; backend?: SteeredBackend } = {}) {
	const { backend, ...rest } = options;
	const store = backend ? steeredStore(backend) : undefined;
	const bot = startBot({ url: sqliteUrl(), store, ...rest });
	bots.push(bot);
	const route = createRouter(loadCommands(commandList), { sessions: bot.sessions, log: silent });
	const send = async (interaction: FakeInteraction) => {
		await route(interaction.asInteraction);
		return interaction;
	};
	return { bot, send, route };
}

/** The collector, run on demand: whether something is still held shows only after a full collection. */
function collectGarbage(): void {
	setFlagsFromString('--expose-gc');
	(runInNewContext('gc') as () => void)();
}

/** The custom ids of the vote message's buttons, as rendered for Discord. */
function buttonIds(view: VoteView): string[] {
	return buttonsOf(renderVote(view).components).map((b) => b.custom_id ?? '');
}

async function startedWithVote(send: ReturnType<typeof setup>['send'], bot: Bot, channelId = CHANNEL) {
	await send(FakeInteraction.command('start', {}, { channelId }));
	const vote = await waitFor('the vote', () => bot.channel.lastVote(channelId));
	return buttonIds(vote.view);
}

describe('/dream start', () => {
	it('GIVEN a member in a channel WHEN they start a dream THEN everyone sees it announced, and its beats follow', async () => {
		const { bot, send } = setup();
		const start = await send(FakeInteraction.command('start', { story: 'branching' }));
		expect(start.ephemeral).toBe(false);
		expect(start.calls[0]?.kind).toBe('reply');
		expect(textsOf(start.payload<{ components: unknown[] }>().components)[0]).toBe('### Two Doors');
		await waitFor('the vote', () => bot.channel.lastVote(CHANNEL));
		expect(bot.channel.beats(CHANNEL)[0]).toBe('You stand in a hall of two doors.');
	});

	it('GIVEN the bot lacks Embed Links WHEN a dream is started THEN the member is told which permission, and nothing starts', async () => {
		const { bot, send } = setup();
		const start = await send(
			FakeInteraction.command(
				'start',
				{},
				{ appPermissions: [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages] },
			),
		);
		expect(start.ephemeral).toBe(true);
		expect(start.text).toContain('**Embed Links**');
		expect(await bot.sessions.status(CHANNEL)).toEqual({ kind: 'none' });
	});

	it('GIVEN a direct message WHEN /dream start is used THEN it is refused', async () => {
		const { send } = setup();
		const start = await send(FakeInteraction.command('start', {}, { guildId: null }));
		expect(start.text).toContain('not in direct messages');
	});

	it('GIVEN a dream running WHEN started again THEN the member is pointed to /dream status', async () => {
		const { bot, send } = setup();
		await startedWithVote(send, bot);
		const again = await send(FakeInteraction.command('start'));
		expect(again.ephemeral).toBe(true);
		expect(again.text).toMatch(/already running here \(“Two Doors”\)\. See `\/dream status`/);
	});

	it('GIVEN a story that does not exist WHEN started THEN the dreams there are are named', async () => {
		const { send } = setup();
		const start = await send(FakeInteraction.command('start', { story: 'nope' }));
		expect(start.text).toBe('There is no dream called “nope”. The dreams are: `branching` (Two Doors).');
	});

	it('GIVEN a member typing in the story option WHEN autocomplete asks THEN matching dreams are offered', async () => {
		const { send } = setup();
		const typed = await send(FakeInteraction.autocomplete('two'));
		expect(typed.calls[0]).toMatchObject({
			kind: 'respond',
			payload: [{ name: 'Two Doors (branching)', value: 'branching' }],
		});
		const none = await send(FakeInteraction.autocomplete('zzz'));
		expect(none.calls[0]?.payload).toEqual([]);
	});
});

describe('vote buttons', () => {
	it('GIVEN an open vote WHEN a member clicks, then changes their mind THEN each click is confirmed privately', async () => {
		const { bot, send } = setup();
		const [take, leave] = await startedWithVote(send, bot);
		const first = await send(FakeInteraction.button(take ?? ''));
		expect(first.ephemeral).toBe(true);
		expect(first.text).toBe('Counted: your vote is for “Take the key”. You can change it until the vote closes.');
		const second = await send(FakeInteraction.button(leave ?? ''));
		expect(second.text).toBe('Changed: your vote is now for “Leave it” (was “Take the key”).');
	});

	it('GIVEN a closed round WHEN its old button is clicked THEN the member is told it is over and nothing changes', async () => {
		const { bot, send } = setup();
		const [take] = await startedWithVote(send, bot);
		await send(FakeInteraction.command('skip', {}, MOD));
		await waitFor('the second vote', () => bot.channel.votes(CHANNEL).length === 2);
		const late = await send(FakeInteraction.button(take ?? ''));
		expect(late.text).toBe('That vote is already over. Vote on the newest one.');
		expect(await bot.sessions.status(CHANNEL)).toMatchObject({ view: { vote: { round: 2, ballots: 0 } } });
	});

	it('GIVEN a button carrying another channel WHEN clicked here THEN it is refused', async () => {
		const { bot, send } = setup();
		const [take] = await startedWithVote(send, bot);
		const elsewhere = await send(FakeInteraction.button(take ?? '', { channelId: '200000000000000002' }));
		expect(elsewhere.text).toContain('belongs to a dream in another channel');
		expect(await bot.sessions.status(CHANNEL)).toMatchObject({ view: { vote: { ballots: 0 } } });
	});

	it('GIVEN a button Reverie does not know WHEN clicked THEN the member is told it no longer does anything', async () => {
		const { send } = setup();
		const unknown = await send(FakeInteraction.button('rv0:old:format'));
		expect(unknown.text).toContain('no longer does anything');
	});

	it('GIVEN an open vote and a quick store WHEN a member clicks THEN the click is answered with its count in one request', async () => {
		const { bot, send } = setup();
		const [take] = await startedWithVote(send, bot);
		// The quick window's clock stands still, so that a busy test machine cannot make the count late.
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const click = await send(FakeInteraction.button(take ?? ''));
		expect(click.calls.map((c) => c.kind)).toEqual(['reply']);
		expect(click.ephemeral).toBe(true);
		expect(click.text).toMatch(/^Counted/);
	});

	it('GIVEN a burst of clicks a few ms apart while the store is slow WHEN they are answered THEN every click is acknowledged before the burst’s confirmations, and each is confirmed', async () => {
		const backend = new SteeredBackend();
		const { bot, send } = setup({ backend });
		const buttons = await startedWithVote(send, bot);
		// The router's burst detection reads performance.now() and waits with timers: all of them fake from here.
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
		backend.hold();
		const clicks: Promise<FakeInteraction>[] = [];
		for (let i = 0; i < 30; i++) {
			clicks.push(
				send(FakeInteraction.button(buttons[i % 2] ?? '', { userId: `3000000000000001${String(i).padStart(2, '0')}` })),
			);
			await vi.advanceTimersByTimeAsync(2);
		}
		// Past the quick count's wait, the store answers; by then the burst is under way.
		await vi.advanceTimersByTimeAsync(QUICK_COUNT_MS);
		backend.release();
		await vi.advanceTimersByTimeAsync(1000);
		const answered = await Promise.all(clicks);
		expect(answered.every((c) => c.text.startsWith('Counted'))).toBe(true);
		const acks = answered.map((c) => c.calls.find((call) => call.kind === 'deferReply')?.seq ?? Number.NaN);
		const confirmations = answered.map((c) => c.calls.find((call) => call.kind === 'editReply')?.seq ?? Number.NaN);
		expect(Math.min(...confirmations)).toBeGreaterThan(Math.max(...acks));
		expect(await bot.sessions.status(CHANNEL)).toMatchObject({ view: { vote: { ballots: 30 } } });
	});

	it('GIVEN a ballot being counted in the channel while the store is slow WHEN another member clicks there THEN that click is acknowledged at once, and answered once counted', async () => {
		const backend = new SteeredBackend();
		const { bot, send } = setup({ backend });
		const [take] = await startedWithVote(send, bot);
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
		backend.hold();
		const clicks = ['300000000000000301', '300000000000000302'].map((userId) =>
			FakeInteraction.button(take ?? '', { userId }),
		);
		const sent = clicks.map((click) => send(click));
		await vi.advanceTimersByTimeAsync(1);
		const kinds = () => clicks.map((click) => click.calls.map((call) => call.kind));
		// The first still within its quick window; the second would queue behind it.
		expect(kinds()).toEqual([[], ['deferReply']]);
		backend.release();
		await vi.advanceTimersByTimeAsync(1000);
		await Promise.all(sent);
		expect(kinds()).toEqual([['reply'], ['deferReply', 'editReply']]);
		expect(clicks.every((click) => click.text.startsWith('Counted'))).toBe(true);
	});

	it('GIVEN ballots already being counted in other channels while the store is slow WHEN a member clicks in one more THEN that click is acknowledged at once, and answered once counted', async () => {
		const backend = new SteeredBackend();
		const { bot, send } = setup({ backend });
		const channels = Array.from({ length: QUICK_COUNTS_AT_ONCE + 1 }, (_, i) => `2000000000000001${10 + i}`);
		const buttons: string[] = [];
		for (const channelId of channels) buttons.push((await startedWithVote(send, bot, channelId))[0] ?? '');
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
		backend.hold();
		const clicks = channels.map((channelId, i) => FakeInteraction.button(buttons[i] ?? '', { channelId }));
		const sent = clicks.map((click) => send(click));
		await vi.advanceTimersByTimeAsync(1);
		const kinds = () => clicks.map((click) => click.calls.map((call) => call.kind));
		expect(kinds()).toEqual([...Array(QUICK_COUNTS_AT_ONCE).fill([]), ['deferReply']]);
		backend.release();
		await vi.advanceTimersByTimeAsync(1000);
		await Promise.all(sent);
		expect(kinds()).toEqual([...Array(QUICK_COUNTS_AT_ONCE).fill(['reply']), ['deferReply', 'editReply']]);
		expect(clicks.every((click) => click.text.startsWith('Counted'))).toBe(true);
	});

	it('GIVEN a click kept while this copy took over WHEN routed THEN it is acknowledged before its ballot counts, then confirmed', async () => {
		const { bot, route, send } = setup();
		const [take] = await startedWithVote(send, bot);
		const click = FakeInteraction.button(take ?? '');
		await route(click.asInteraction, { replayed: true });
		await waitFor('the confirmation', () => click.calls.length === 2);
		expect(click.calls.map((call) => call.kind)).toEqual(['deferReply', 'editReply']);
		expect(click.text).toMatch(/^Counted/);
		expect(await bot.sessions.status(CHANNEL)).toMatchObject({ view: { vote: { ballots: 1 } } });
	});

	it('GIVEN a store that takes long WHEN a member clicks THEN the click is acknowledged at once and confirmed when counted', async () => {
		const backend = new SteeredBackend();
		const { bot, send } = setup({ backend });
		const [take] = await startedWithVote(send, bot);
		backend.hold();
		const click = FakeInteraction.button(take ?? '');
		const sent = send(click);
		await waitFor('the acknowledgement', () => click.calls.length > 0);
		expect(click.calls.map((c) => c.kind)).toEqual(['deferReply']);
		backend.release();
		await sent;
		expect(click.calls.map((c) => c.kind)).toEqual(['deferReply', 'editReply']);
		expect(click.ephemeral).toBe(true);
		expect(click.text).toContain('Counted');
	});
});

describe('a click waiting for its confirmation', () => {
	it('GIVEN a click acknowledged while the store is slow WHEN it waits for its ballot to be counted THEN it holds nothing of the interaction, and is confirmed after', async () => {
		const backend = new SteeredBackend();
		const { bot, route, send } = setup({ backend });
		const [take] = await startedWithVote(send, bot);
		backend.hold();
		// Only the calls and a weak reference are kept here: whatever holds the interaction now is Reverie.
		const { calls, interaction, routed } = (() => {
			const click = FakeInteraction.button(take ?? '');
			return { calls: click.calls, interaction: new WeakRef(click), routed: route(click.asInteraction) };
		})();
		await waitFor('the acknowledgement', () => calls.some((call) => call.kind === 'deferReply'));
		await new Promise((resolve) => setImmediate(resolve));
		collectGarbage();
		expect(interaction.deref()).toBeUndefined();
		expect(calls.map((call) => call.kind)).toEqual(['deferReply']);
		backend.release();
		await routed;
		expect(calls.map((call) => call.kind)).toEqual(['deferReply', 'editReply']);
		expect(calls[1]?.payload).toMatchObject({ content: expect.stringMatching(/^Counted/) });
	});
});

describe('moderator commands', () => {
	it('GIVEN a member without moderator rights WHEN they reset, skip or change settings THEN each is refused', async () => {
		const { bot, send } = setup();
		await startedWithVote(send, bot);
		for (const sub of ['reset', 'skip', 'settings']) {
			const attempt = await send(FakeInteraction.command(sub));
			expect(attempt.text).toContain('Only moderators can do that');
		}
		expect(await bot.sessions.status(CHANNEL)).toMatchObject({ view: { phase: 'voting' } });
	});

	it('GIVEN a moderator WHEN they reset and confirm THEN the dream is cleared and its buttons stop working', async () => {
		const { bot, send } = setup();
		const [take] = await startedWithVote(send, bot);
		const ask = await send(FakeInteraction.command('reset', {}, MOD));
		expect(ask.ephemeral).toBe(true);
		expect(ask.text).toContain('Reset “Two Doors” in this channel?');
		const { components } = ask.payload<{ components: { toJSON(): { components: { custom_id: string }[] } }[] }>();
		const [yes, no] = components[0]?.toJSON().components.map((b) => b.custom_id) ?? [];
		const kept = await send(FakeInteraction.button(no ?? '', MOD));
		expect(kept.text).toBe('Left as it is.');
		expect(await bot.sessions.status(CHANNEL)).toMatchObject({ kind: 'status' });
		const done = await send(FakeInteraction.button(yes ?? '', MOD));
		expect(done.text).toBe('The dream was reset.');
		expect(await bot.sessions.status(CHANNEL)).toEqual({ kind: 'none' });
		const click = await send(FakeInteraction.button(take ?? ''));
		expect(click.text).toContain('no longer running here');
		const twice = await send(FakeInteraction.button(yes ?? '', MOD));
		expect(twice.text).toBe('There was no dream left to reset.');
	});

	it('GIVEN a role made the moderator role WHEN a member with it resets THEN they may', async () => {
		const { bot, send } = setup();
		await startedWithVote(send, bot);
		await send(FakeInteraction.command('settings', { 'moderator-role': '400000000000000001' }, MOD));
		const ask = await send(FakeInteraction.command('reset', {}, { roles: ['400000000000000001'] }));
		expect(ask.text).toContain('Reset “Two Doors”');
	});

	it('GIVEN a moderator WHEN they look at and change settings THEN they are shown and saved for the server', async () => {
		const { bot, send } = setup();
		const shown = await send(FakeInteraction.command('settings', {}, MOD));
		const embed = shown.payload<{ embeds: { fields: { name: string; value: string }[] }[] }>().embeds[0];
		expect(embed?.fields).toContainEqual(expect.objectContaining({ name: 'Vote window', value: '60 seconds' }));
		const saved = await send(FakeInteraction.command('settings', { 'vote-seconds': 25, pace: 'fast' }, MOD));
		expect(saved.text).toContain('Saved');
		expect(await bot.sessions.settings(GUILD)).toMatchObject({ voteSeconds: 25, pace: 'fast' });
	});

	it('GIVEN a moderator WHEN they set the vote mode, quick close, threads and a time zone THEN they are saved, and a zone that does not exist is refused by name', async () => {
		const { bot, send } = setup();
		const saved = await send(
			FakeInteraction.command(
				'settings',
				{ mode: 'sealed', 'quick-close': true, threads: true, 'time-zone': 'europe/paris' },
				MOD,
			),
		);
		expect(saved.text).toContain('Saved');
		expect(await bot.sessions.settings(GUILD)).toMatchObject({
			voteMode: 'sealed',
			quickClose: true,
			threads: true,
			timeZone: 'Europe/Paris',
		});
		const fields = saved.payload<{ embeds: { fields: { name: string; value: string }[] }[] }>().embeds[0]?.fields;
		expect(fields).toContainEqual({ name: 'Vote mode', value: expect.stringMatching(/^Sealed: /) });
		const refused = await send(FakeInteraction.command('settings', { 'time-zone': 'Mars/Olympus' }, MOD));
		expect(refused.text).toContain('“Mars/Olympus” is not a time zone I know');
		expect((await bot.sessions.settings(GUILD)).timeZone).toBe('Europe/Paris');
	});

	it('GIVEN a narrator named with a mode that has none WHEN a dream is started THEN the member is told, and nothing starts', async () => {
		const { bot, send } = setup();
		const start = await send(FakeInteraction.command('start', { mode: 'sealed', narrator: '300000000000000002' }));
		expect(start.text).toContain('A narrator decides only in the narrator mode');
		expect(await bot.sessions.status(CHANNEL)).toEqual({ kind: 'none' });
	});

	it('GIVEN the dreams this bot has WHEN a member asks for the list THEN they privately see each one with its id and description', async () => {
		const { send } = setup();
		const listed = await send(FakeInteraction.command('list'));
		expect(listed.ephemeral).toBe(true);
		const embed = listed.payload<{ embeds: { description: string; fields: { name: string; value: string }[] }[] }>()
			.embeds[0];
		expect(embed?.description).toContain('`/dream start story:<id>`');
		expect(embed?.fields).toEqual([
			{
				name: 'Two Doors (branching)',
				value: "A small dream with two doors, used by the engine's tests.\n0 of 3 endings found.",
			},
		]);
	});

	it('GIVEN a running dream WHEN anyone asks for its status THEN they privately see the story, scene and open vote', async () => {
		const { bot, send } = setup();
		await startedWithVote(send, bot);
		const status = await send(FakeInteraction.command('status'));
		expect(status.ephemeral).toBe(true);
		const answer = status.payload<{ flags: number; components: unknown[] }>();
		expect(answer.flags & MessageFlags.IsComponentsV2).toBe(MessageFlags.IsComponentsV2);
		const texts = textsOf(answer.components);
		expect(texts[0]).toBe('### Two Doors');
		expect(texts[1]).toContain('**Scene:** The hall');
		expect(texts[2]).toMatch(/^\*\*Vote 1 \(closes <t:\d+:R>\)\*\*\n1\. /);
	});
});

describe('the error boundary', () => {
	it('GIVEN a click that came during a handover and another copy acknowledged first WHEN routed THEN its ballot is not counted, nothing is told, and it is no error', async () => {
		const { bot } = setup();
		const logged: { level: string; message: string }[] = [];
		const log = {
			debug: () => undefined,
			info: (_: object, message: string) => void logged.push({ level: 'info', message }),
			warn: (_: object, message: string) => void logged.push({ level: 'warn', message }),
			error: (_: object, message: string) => void logged.push({ level: 'error', message }),
		};
		const route = createRouter(loadCommands(commandList), { sessions: bot.sessions, log });
		await route(FakeInteraction.command('start').asInteraction);
		const vote = await waitFor('the vote', () => bot.channel.lastVote(CHANNEL));
		const [first] = buttonIds(vote.view);
		const click = FakeInteraction.button(first ?? '', { answeredElsewhere: true });
		await route(click.asInteraction, { replayed: true });
		expect(click.calls).toEqual([]);
		expect(logged).toEqual([{ level: 'info', message: 'another copy answered this interaction' }]);
		expect(await bot.sessions.status(CHANNEL)).toMatchObject({ view: { vote: { ballots: 0 } } });
	});

	it('GIVEN a handler that fails WHEN a member uses it THEN they are told privately and the router goes on', async () => {
		const backend = new SteeredBackend();
		const { send } = setup({ backend });
		backend.down = true;
		const failed = await send(FakeInteraction.command('status'));
		backend.down = false;
		expect(failed.text).toBe('Something went wrong on my side. Please try again in a moment.');
		expect(failed.ephemeral).toBe(true);
		const next = await send(FakeInteraction.command('start'));
		expect(next.calls[0]?.kind).toBe('reply');
	});
});
