/** `/dream add`, `/dream remove`, `/dream list` and the `story` option's choices: the dreams a server can play. */
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../src/discord/command.js';
import { moderates } from '../src/discord/members.js';
import { MAP_FILE, renderStoryList } from '../src/discord/render.js';
import { answer, tell } from '../src/discord/reply.js';
import {
	addedText,
	downloadFailedText,
	generalWords,
	listWords,
	mapWords,
	removedText,
} from '../src/discord/words/index.js';
import { maxBytesOf, metaOf } from '../src/sessions/sessions.js';

/** How long a story file may take to download. */
const DOWNLOAD_MS = 15_000;

/** Downloads an attachment, refusing one larger than `limit` bytes however it is sent. */
async function download(url: string, limit: number): Promise<Uint8Array | 'too-big'> {
	const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_MS) });
	if (!response.ok || !response.body) throw new Error(`the download failed (HTTP ${response.status})`);
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of response.body) {
		size += chunk.byteLength;
		if (size > limit) {
			// The file is refused as too big either way; a failure to stop its download changes nothing.
			await response.body.cancel().catch(() => undefined);
			return 'too-big';
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

export async function add(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { sessions }: CommandContext) {
	if (!(await moderates(interaction, sessions))) return tell(interaction, generalWords.notAModerator);
	const file = interaction.options.getAttachment('file', true);
	const fileName = file.name;
	// An `.ink` file, or a `.zip` of an ink project, each with its own limit.
	const limit = maxBytesOf(fileName);
	// Refused by its declared size before a byte is fetched: a large file costs nothing.
	if (file.size > limit) return tell(interaction, addedText({ kind: 'too-big', bytes: file.size, limit }, fileName));
	await answer(
		interaction,
		async (): Promise<string> => {
			let bytes: Uint8Array | 'too-big';
			try {
				bytes = await download(file.url, limit);
			} catch (error) {
				const why = error instanceof Error ? error.message : String(error);
				return downloadFailedText(fileName, why);
			}
			if (bytes === 'too-big') return addedText({ kind: 'too-big', bytes: limit + 1, limit }, fileName);
			const outcome = await sessions.add({
				guildId: interaction.guildId,
				userId: interaction.user.id,
				fileName,
				bytes,
			});
			return addedText(outcome, fileName);
		},
		(text) => ({ content: text }),
		{ ephemeral: true },
	);
}

export async function remove(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { sessions }: CommandContext) {
	if (!(await moderates(interaction, sessions))) return tell(interaction, generalWords.notAModerator);
	const storyId = interaction.options.getString('story', true);
	await answer(
		interaction,
		sessions.remove(interaction.guildId, storyId, interaction.user.id),
		(outcome) => ({ content: removedText(outcome) }),
		{ ephemeral: true },
	);
}

export async function list(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { sessions }: CommandContext) {
	await answer(
		interaction,
		sessions.list(interaction.guildId),
		({ builtIn, own, found }) => ({ embeds: renderStoryList(builtIn, own.map(metaOf), found) }),
		{ ephemeral: true },
	);
}

/** `/dream map`: the map of the channel's dream so far, privately, without naming what the server has not seen. */
export async function map(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { sessions }: CommandContext) {
	await answer(
		interaction,
		sessions.map(interaction.channelId),
		(outcome) => {
			switch (outcome.kind) {
				case 'none':
					return { content: mapWords.none };
				case 'unavailable':
					return { content: mapWords.unavailable };
				case 'map':
					return {
						embeds: [
							{
								title: mapWords.title(outcome.story.title).slice(0, 256),
								description: mapWords.description,
								image: { url: `attachment://${MAP_FILE}` },
							},
						],
						files: [{ attachment: outcome.png, name: MAP_FILE }],
					};
			}
		},
		{ ephemeral: true },
	);
}

/**
 * The `story` option's choices as a member types: the built-in dreams and this server's own (`/dream remove` offers
 * only the server's own), never another server's.
 */
export async function storyChoices(interaction: AutocompleteInteraction, { sessions }: CommandContext) {
	const typed = interaction.options.getFocused().toLowerCase();
	const guildId = interaction.guildId;
	const { builtIn, own } = guildId ? await sessions.playable(guildId) : { builtIn: [], own: [] };
	const removing = interaction.options.getSubcommand(false) === 'remove';
	const stories = removing ? own.map(metaOf) : [...builtIn, ...own.map(metaOf)];
	const matches = stories
		.filter((s) => s.id.includes(typed) || s.title.toLowerCase().includes(typed))
		.slice(0, 25)
		.map((s) => ({ name: listWords.name(s.title, s.id).slice(0, 100), value: s.id }));
	await interaction.respond(matches);
}
