/** `/dream add`, `/dream remove`, `/dream list` and the `story` option's choices: the dreams a server can play. */
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../src/discord/command.js';
import { moderates, NOT_A_MODERATOR } from '../src/discord/members.js';
import { MAP_FILE, renderDreamList } from '../src/discord/render.js';
import { answer, tell } from '../src/discord/reply.js';
import type { Diagnostic } from '../src/engine/index.js';
import { type AddOutcome, MAX_STORY_BYTES, metaOf, type RemoveOutcome } from '../src/sessions/dreams.js';

/** How long a story file may take to download. */
const DOWNLOAD_MS = 15_000;
/** Diagnostics shown in an answer at most (the message must stay readable and under 2,000 characters). */
const SHOWN_AT_MOST = 5;
/** Discord's limit on a message's content. */
const CONTENT_LIMIT = 2000;

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** A diagnostic for an answer: its line, and what it says. */
const place = (d: Diagnostic) => (d.line === undefined ? d.message : `line ${d.line}: ${d.message}`);

function listed(title: string, items: readonly Diagnostic[]): string {
	if (items.length === 0) return '';
	const shown = items.slice(0, SHOWN_AT_MOST).map((d) => `- ${place(d)}`);
	const more = items.length > SHOWN_AT_MOST ? ` (the first ${SHOWN_AT_MOST} of ${items.length})` : '';
	return `\n**${title}${more}:**\n${shown.join('\n')}`;
}

const clip = (text: string) => (text.length <= CONTENT_LIMIT ? text : `${text.slice(0, CONTENT_LIMIT - 1)}…`);

/** The answer to `/dream add`, in words for the moderator who added the file. */
export function addedText(outcome: AddOutcome, fileName: string): string {
	switch (outcome.kind) {
		case 'added': {
			const { story, stats, warnings, replaced } = outcome;
			const atLeast = stats.bounded ? 'at least ' : '';
			const counts = `${atLeast}${story.branchPoints} branch point${story.branchPoints === 1 ? '' : 's'}, ${atLeast}${story.endings} ending${story.endings === 1 ? '' : 's'}`;
			const verb = replaced ? 'Replaced this server’s earlier version of' : 'Added';
			const after = replaced
				? ' Channels already in it go on from where they are if the new version still has their place; otherwise they stop and are told the dream changed.'
				: '';
			return clip(
				`${verb} **${story.title}** (\`${story.id}\`): ${counts}. \`/dream start story:${story.id}\` begins it.${after}${listed('Warnings', warnings)}`,
			);
		}
		case 'invalid':
			return clip(
				`“${fileName}” was not added: the story has ${outcome.errors.length} error${outcome.errors.length === 1 ? '' : 's'}. Fix ${outcome.errors.length === 1 ? 'it' : 'them'} (Inky shows the same lines) and add it again.${listed('Errors', outcome.errors)}${listed('Warnings', outcome.warnings)}`,
			);
		case 'refused':
			return `“${fileName}” was not added: ${outcome.reason}.`;
		case 'too-big':
			return `“${fileName}” is ${kb(outcome.bytes)}; a story may be at most ${kb(outcome.limit)}. Nothing was added.`;
		case 'not-text':
			return `“${fileName}” is not a text file. Add the story's \`.ink\` source, as Inky saves it. Nothing was added.`;
		case 'bad-name':
			return outcome.reason === 'not-ink'
				? `“${fileName}” is not an \`.ink\` file. Add the story's ink source, as Inky saves it. Nothing was added.`
				: `“${fileName}” gives the dream no id: name the file with letters or digits (its name becomes the dream's id). Nothing was added.`;
		case 'built-in':
			return `\`${outcome.id}\` is a built-in dream's id, which a server cannot replace. Rename the file and add it again.`;
		case 'full':
			return `This server already has ${outcome.limit} dreams of its own, the most it may have. \`/dream remove\` one first. Nothing was added.`;
	}
}

/** The answer to `/dream remove`. */
export function removedText(outcome: RemoveOutcome): string {
	switch (outcome.kind) {
		case 'removed': {
			const { story, stopped } = outcome;
			const channels =
				stopped === 0
					? 'No channel was in it.'
					: `${stopped} channel${stopped === 1 ? ' was' : 's were'} in it: ${stopped === 1 ? 'its dream has' : 'their dreams have'} ended, and ${stopped === 1 ? 'it was' : 'they were'} told why (its text is gone from this server, so they cannot go on).`;
			return `Removed **${story.title}** (\`${story.id}\`) from this server's dreams. ${channels}`;
		}
		case 'unknown':
			return `This server has no dream of its own called \`${outcome.storyId}\`. \`/dream list\` shows them.`;
		case 'built-in':
			return `\`${outcome.storyId}\` is a built-in dream; only a server's own dreams can be removed.`;
	}
}

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

export async function add(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { dreams }: CommandContext) {
	if (!(await moderates(interaction, dreams))) return tell(interaction, NOT_A_MODERATOR);
	const file = interaction.options.getAttachment('file', true);
	const fileName = file.name;
	// Refused by its declared size before a byte is fetched: a large file costs nothing.
	if (file.size > MAX_STORY_BYTES)
		return tell(interaction, addedText({ kind: 'too-big', bytes: file.size, limit: MAX_STORY_BYTES }, fileName));
	await answer(
		interaction,
		async (): Promise<string> => {
			let bytes: Uint8Array | 'too-big';
			try {
				bytes = await download(file.url, MAX_STORY_BYTES);
			} catch (error) {
				const why = error instanceof Error ? error.message : String(error);
				return `“${fileName}” could not be downloaded from Discord (${why}). Nothing was added; try again.`;
			}
			if (bytes === 'too-big')
				return addedText({ kind: 'too-big', bytes: MAX_STORY_BYTES + 1, limit: MAX_STORY_BYTES }, fileName);
			const outcome = await dreams.add({
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

export async function remove(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { dreams }: CommandContext) {
	if (!(await moderates(interaction, dreams))) return tell(interaction, NOT_A_MODERATOR);
	const storyId = interaction.options.getString('story', true);
	await answer(
		interaction,
		dreams.remove(interaction.guildId, storyId, interaction.user.id),
		(outcome) => ({ content: removedText(outcome) }),
		{ ephemeral: true },
	);
}

export async function list(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { dreams }: CommandContext) {
	await answer(
		interaction,
		dreams.list(interaction.guildId),
		({ builtIn, own, found }) => ({ embeds: renderDreamList(builtIn, own.map(metaOf), found) }),
		{ ephemeral: true },
	);
}

/** `/dream map`: the map of the channel's dream so far, privately, without naming what the server has not seen. */
export async function map(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { dreams }: CommandContext) {
	await answer(
		interaction,
		dreams.map(interaction.channelId),
		(outcome) => {
			switch (outcome.kind) {
				case 'none':
					return { content: 'No dream is running in this channel. `/dream start` begins one.' };
				case 'unavailable':
					return { content: "The map of this channel's dream cannot be drawn right now. Try again in a moment." };
				case 'map':
					return {
						embeds: [
							{
								title: `The map so far: ${outcome.story.title}`.slice(0, 256),
								description: 'Scenes and endings this server has not seen yet are left blank.',
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
export async function storyChoices(interaction: AutocompleteInteraction, { dreams }: CommandContext) {
	const typed = interaction.options.getFocused().toLowerCase();
	const guildId = interaction.guildId;
	const { builtIn, own } = guildId ? await dreams.playable(guildId) : { builtIn: [], own: [] };
	const removing = interaction.options.getSubcommand(false) === 'remove';
	const stories = removing ? own.map(metaOf) : [...builtIn, ...own.map(metaOf)];
	const matches = stories
		.filter((s) => s.id.includes(typed) || s.title.toLowerCase().includes(typed))
		.slice(0, 25)
		.map((s) => ({ name: `${s.title} (${s.id})`.slice(0, 100), value: s.id }));
	await interaction.respond(matches);
}
