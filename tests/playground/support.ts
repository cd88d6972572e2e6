import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import pino from 'pino';
import { commands as commandList } from '../../commands/index.js';
import { buttonsOf, type ComponentLike } from '../../src/dev/local-discord/layout-checks.js';
import type { LocalDiscord } from '../../src/dev/local-discord/server.js';
import type { MessageView, WorldView } from '../../src/dev/playground/http.js';
import { type Playground, type PlaygroundOptions, startPlayground } from '../../src/dev/playground/index.js';
import { type Command, loadCommands } from '../../src/discord/command.js';
import { SHORT_DREAMS, textsOf, waitFor } from '../helpers.js';

export const silent = pino({ level: 'silent' });

/** A folder for one test's store, and what to remove after it. */
export function tempStore(): { dir: string; url: string; remove(): void } {
	const dir = mkdtempSync(path.join(tmpdir(), 'reverie-playground-'));
	return {
		dir,
		url: `sqlite://${path.join(dir, 'playground.sqlite')}`,
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}

/** Reverie's slash commands, as the entry point hands them to the playground. */
export const commands = loadCommands(commandList);

/** What the bot was handed for `/dream add file:`, as discord.js gives it. */
export interface SeenFile {
	name: string;
	size: number;
	url: string;
}

/** A small dream to drop or pick, titled `title`: it branches once, and its title is what the bot's answer names. */
export function dreamSource(title: string): string {
	return [
		`# title: ${title}`,
		'# description: A lantern drifts down a dark river, and where it lands is up to you.',
		'# author: The playground tests',
		'# color: \\#d4a017',
		'',
		'The lantern drifts past the last house of the town.',
		'* [Follow it downstream] You follow it until the river widens. -> END',
		'* [Let it go] You let it go, and it is a star by morning. -> END',
		'',
	].join('\n');
}

export const LANTERN = { title: 'The Paper Lantern', source: dreamSource('The Paper Lantern') };

/**
 * Reverie's commands with every file given to `/dream add` noted (`seen`) as discord.js hands it to the bot, before
 * Reverie's own `/dream add` answers it; `without` registers /dream with no `add` at all.
 */
export function watchingDreamAdd(mode: 'watch' | 'without' = 'watch') {
	const dream = commands.get('dream');
	if (!dream) throw new Error('Reverie has no /dream');
	const seen: SeenFile[] = [];
	const json = (): RESTPostAPIChatInputApplicationCommandsJSONBody => {
		const own = dream.data.toJSON();
		return mode === 'without' ? { ...own, options: (own.options ?? []).filter((o) => o.name !== 'add') } : own;
	};
	const watched: Command = {
		...dream,
		data: { name: dream.data.name, toJSON: json },
		async execute(interaction, context) {
			if (interaction.options.getSubcommand(false) === 'add') {
				const file = interaction.options.getAttachment('file', true);
				seen.push({ name: file.name, size: file.size, url: file.url });
			}
			return dream.execute(interaction, context);
		},
	};
	return { commands: new Map([...commands, ['dream', watched]]), seen };
}

/**
 * A playground on any free port over `storeUrl`, telling the short dreams (unless `storyDir` says otherwise) without
 * pauses, and a small client for its API.
 */
export async function playground(storeUrl: string, options: Partial<PlaygroundOptions> = {}) {
	const running: Playground = await startPlayground({
		commands,
		port: 0,
		storeUrl,
		beatDelayMs: 0,
		storyDir: SHORT_DREAMS,
		log: silent,
		...options,
	});
	const post = async (route: string, body: unknown) => {
		const response = await fetch(running.url + route, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};
	const get = async <T>(route: string): Promise<T> => (await fetch(running.url + route)).json() as Promise<T>;
	return {
		...running,
		post,
		world: () => get<WorldView>('/api/world'),
		messages: (channel: string, as: string) =>
			get<MessageView[]>(`/api/channels/${encodeURIComponent(channel)}/messages?as=${encodeURIComponent(as)}`),
		command: (as: string, text: string, channel = 'dreams') => post('/api/command', { as, channel, text }),
		click: (as: string, messageId: string, customId: string, channel = 'dreams') =>
			post('/api/click', { as, channel, messageId, customId }),
	};
}

const HOUR = 3_600_000;

/**
 * A scheduled event the bot makes over REST, as Reverie makes a story night's: an external one, in a channel's name,
 * for an hour from `startsInMs` from now. Answers its id.
 */
export async function scheduleAsBot(discord: LocalDiscord, name: string, startsInMs = HOUR): Promise<string> {
	const guild = discord.world.guilds[0]?.id;
	const response = await fetch(`${discord.apiUrl}/v10/guilds/${guild}/scheduled-events`, {
		method: 'POST',
		headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			name,
			privacy_level: 2,
			entity_type: 3,
			entity_metadata: { location: '#dreams' },
			scheduled_start_time: new Date(Date.now() + startsInMs).toISOString(),
			scheduled_end_time: new Date(Date.now() + startsInMs + HOUR).toISOString(),
		}),
	});
	if (response.status !== 200) throw new Error(`the event was refused: ${await response.text()}`);
	return ((await response.json()) as { id: string }).id;
}

/** Posts a message as the bot, straight to the local Discord's REST API: in a channel or a thread. */
export async function postAsBot(discord: LocalDiscord, channelId: string, body: unknown): Promise<{ id: string }> {
	const response = await fetch(`${discord.apiUrl}/v10/channels/${channelId}/messages`, {
		method: 'POST',
		headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (response.status !== 200) throw new Error(`the post was refused: ${await response.text()}`);
	return (await response.json()) as { id: string };
}

interface Embed {
	title?: string;
	description?: string;
	image?: { url: string };
}

/** The buttons of a message, as the page gets them, wherever they stand (in rows, in a container, by a section). */
export function buttons(message: MessageView): { custom_id: string; label: string; disabled?: boolean }[] {
	// A vote's "Story so far" is not one of its choices.
	return (
		buttonsOf(message.components as ComponentLike[]) as { custom_id: string; label: string; disabled?: boolean }[]
	).filter((b) => !b.custom_id.startsWith('rv1:recap:'));
}

export const embedOf = (message: MessageView | undefined): Embed => (message?.embeds[0] ?? {}) as Embed;

/** The texts of a message in Discord's newer layout (a beat, a vote), in reading order. */
export const layoutTexts = (message: MessageView | undefined): string[] => textsOf(message?.components ?? []);

/** The newest open vote in a list of messages. */
export const openVote = (messages: MessageView[]) =>
	messages.findLast(
		(m) => layoutTexts(m)[0] === '### What happens next? Vote below.' && buttons(m).some((b) => !b.disabled),
	);

/** The recap of a dream in a list of messages: its ending, with the map of the night as its picture. */
export const recapOf = (messages: MessageView[]) =>
	messages.findLast((m) => layoutTexts(m).some((text) => text.startsWith('## The end')) && mapUrlOf(m));

/** Where the page loads a recap's map from: the message's file its gallery names. */
export const mapUrlOf = (message: MessageView | undefined): string | undefined =>
	message?.attachments.find((file) => file.filename === 'night-map.png')?.url;

/**
 * Plays a small dream to its recap in #dreams, quickly: Alice (a moderator) drops {@link LANTERN}, starts it, votes,
 * and skips the vote's wait. Returns the recap, with the map of the night.
 */
export async function dreamToItsRecap(pg: Awaited<ReturnType<typeof playground>>): Promise<MessageView> {
	const base64 = Buffer.from(LANTERN.source, 'utf8').toString('base64');
	const added = await pg.post('/api/dream-file', {
		as: 'Alice',
		channel: 'dreams',
		filename: 'lantern.ink',
		content: base64,
	});
	if (!added.body.ok) throw new Error(`the lantern was not added: ${JSON.stringify(added.body)}`);
	await pg.command('Alice', '/dream start story:lantern');
	const vote = await waitFor('the vote', async () => openVote(await pg.messages('dreams', 'Alice')));
	const choice = buttons(vote)[0];
	if (!choice) throw new Error('the vote has no choice');
	await pg.click('Alice', vote.id, choice.custom_id);
	await pg.command('Alice', '/dream skip');
	return waitFor('the recap and its map', async () => recapOf(await pg.messages('dreams', 'Alice')), {
		timeoutMs: 30_000,
	});
}
