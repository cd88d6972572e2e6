import { SlashCommandBuilder } from '@discordjs/builders';
import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	type ChatInputCommandInteraction,
	InteractionContextType,
} from 'discord.js';
import type { Command, CommandContext } from '../src/discord/command.js';
import { encodeButtonId } from '../src/discord/custom-id.js';
import { missingPermissions, moderates, NOT_A_MODERATOR } from '../src/discord/members.js';
import { renderSettings, renderStart, renderStatus } from '../src/discord/render.js';
import { answer, tell } from '../src/discord/reply.js';
import { stopReasonText } from '../src/discord/words/index.js';
import type { GuildSettings } from '../src/store/records.js';
import { PACES } from '../src/store/records.js';
import { add, list, map, remove, storyChoices } from './dream-library.js';

const data = new SlashCommandBuilder()
	.setName('dream')
	.setDescription('Dream together in this channel')
	.setContexts(InteractionContextType.Guild)
	.addSubcommand((sub) =>
		sub
			.setName('start')
			.setDescription('Begin a dream in this channel')
			.addStringOption((option) =>
				option.setName('story').setDescription('Which dream (the first one if you leave it out)').setAutocomplete(true),
			),
	)
	.addSubcommand((sub) => sub.setName('status').setDescription("Where this channel's dream is"))
	.addSubcommand((sub) => sub.setName('list').setDescription('The dreams this server can play'))
	.addSubcommand((sub) => sub.setName('map').setDescription("The map of this channel's dream so far, just for you"))
	.addSubcommand((sub) =>
		sub
			.setName('add')
			.setDescription("Moderators: add an ink story (.ink, as Inky saves it) to this server's dreams")
			.addAttachmentOption((option) =>
				option.setName('file').setDescription('The story’s .ink file, at most 256 KB').setRequired(true),
			),
	)
	.addSubcommand((sub) =>
		sub
			.setName('remove')
			.setDescription("Moderators: remove one of this server's own dreams")
			.addStringOption((option) =>
				option.setName('story').setDescription('Which dream').setRequired(true).setAutocomplete(true),
			),
	)
	.addSubcommand((sub) => sub.setName('reset').setDescription("Moderators: end and clear this channel's dream"))
	.addSubcommand((sub) =>
		sub.setName('skip').setDescription('Moderators: close the open vote now, or go on to the next beat'),
	)
	.addSubcommand((sub) =>
		sub
			.setName('settings')
			.setDescription("Moderators: this server's dream settings (shows them without options)")
			.addIntegerOption((option) =>
				option.setName('vote-seconds').setDescription('How long a vote stays open').setMinValue(10).setMaxValue(3600),
			)
			.addStringOption((option) =>
				option
					.setName('pace')
					.setDescription('How quickly the beats follow each other')
					.addChoices(...PACES.map((pace) => ({ name: pace, value: pace }))),
			)
			.addRoleOption((option) =>
				option.setName('moderator-role').setDescription('Members with this role may reset, skip and change settings'),
			)
			.addBooleanOption((option) =>
				option.setName('clear-moderator-role').setDescription('Stop giving a role moderator rights'),
			),
	);

async function start(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { dreams }: CommandContext) {
	const missing = missingPermissions(interaction);
	if (missing.length > 0)
		return tell(
			interaction,
			`I can't tell a dream here: I'm missing the **${missing.join('**, **')}** permission${missing.length > 1 ? 's' : ''} in this channel. Nothing was started.`,
		);
	const storyId = interaction.options.getString('story');
	const outcome = await answer(
		interaction,
		dreams.start({
			guildId: interaction.guildId,
			channelId: interaction.channelId,
			storyId,
			userId: interaction.user.id,
			deferTelling: true,
		}),
		(result) => {
			switch (result.kind) {
				case 'started':
					return renderStart(result.story, interaction.user.id);
				case 'already-running':
					return {
						content:
							result.phase === 'stuck'
								? 'A dream is stopped in this channel and cannot go on. A moderator can `/dream reset` it first.'
								: `A dream is already running here${result.story ? ` (“${result.story.title}”)` : ''}. See \`/dream status\`.`,
					};
				case 'unknown-story':
					return {
						content: `There is no dream called “${result.storyId}”. The dreams are: ${result.available.map((s) => `\`${s.id}\` (${s.title})`).join(', ')}.`,
					};
				case 'no-stories':
					return { content: 'Reverie has no dreams to tell: story/ has none that compile.' };
				case 'story-broken':
					return {
						content: `“${result.story.title}” could not begin: ${stopReasonText(result.failure)}. Nothing was started.`,
					};
			}
		},
		// Everyone sees a dream begin; only the member sees why it did not.
		{ ephemeral: (result) => result.kind !== 'started' },
	);
	if (outcome.kind === 'started') dreams.begin(interaction.channelId);
}

async function status(interaction: ChatInputCommandInteraction, { dreams }: CommandContext) {
	await answer(
		interaction,
		dreams.status(interaction.channelId),
		(result) =>
			result.kind === 'none'
				? { content: 'No dream is running in this channel. `/dream start` begins one.' }
				: { embeds: [renderStatus(result.view)] },
		{ ephemeral: true },
	);
}

async function reset(interaction: ChatInputCommandInteraction, { dreams }: CommandContext) {
	if (!(await moderates(interaction, dreams))) return tell(interaction, NOT_A_MODERATOR);
	const current = await dreams.status(interaction.channelId);
	if (current.kind === 'none' || current.view.phase === 'ended')
		return tell(interaction, 'There is no dream running in this channel to reset.');
	const ids = { channelId: interaction.channelId, sessionId: current.view.sessionId };
	const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder()
			.setCustomId(encodeButtonId({ kind: 'reset', ...ids, confirm: true }))
			.setLabel('Reset the dream')
			.setStyle(ButtonStyle.Danger),
		new ButtonBuilder()
			.setCustomId(encodeButtonId({ kind: 'reset', ...ids, confirm: false }))
			.setLabel('Keep it')
			.setStyle(ButtonStyle.Secondary),
	);
	const title = current.view.story?.title ?? current.view.storyId;
	await answer(
		interaction,
		Promise.resolve(null),
		() => ({
			content: `Reset “${title}” in this channel? Its progress and the open vote are cleared for everyone.`,
			components: [row],
		}),
		{ ephemeral: true },
	);
}

async function skip(interaction: ChatInputCommandInteraction, { dreams }: CommandContext) {
	if (!(await moderates(interaction, dreams))) return tell(interaction, NOT_A_MODERATOR);
	await answer(
		interaction,
		dreams.skip(interaction.channelId),
		(result) => {
			switch (result.kind) {
				case 'closed-vote':
					return {
						content:
							result.ballots === 0
								? `Vote closed with no ballots: the first choice, “${result.choice}”, goes ahead.`
								: `Vote closed: “${result.choice}” goes ahead.`,
					};
				case 'cut-pause':
					return { content: 'On to the next beat.' };
				case 'nothing':
					return {
						content: {
							'no-dream': 'No dream is running in this channel.',
							ended: 'This channel’s dream has ended.',
							stuck: 'This channel’s dream is stopped; `/dream reset` clears it.',
							busy: 'Nothing to skip right now: the next beat is on its way.',
						}[result.reason],
					};
			}
		},
		{ ephemeral: true },
	);
}

async function settings(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { dreams }: CommandContext) {
	if (!(await moderates(interaction, dreams))) return tell(interaction, NOT_A_MODERATOR);
	const patch: Partial<GuildSettings> = {};
	const voteSeconds = interaction.options.getInteger('vote-seconds');
	const pace = interaction.options.getString('pace');
	const role = interaction.options.getRole('moderator-role');
	if (voteSeconds !== null) patch.voteSeconds = voteSeconds;
	if (pace !== null) {
		if (!(PACES as readonly string[]).includes(pace))
			return tell(interaction, `“${pace}” is not a pace: choose ${PACES.join(', ')}.`);
		patch.pace = pace as GuildSettings['pace'];
	}
	if (role) patch.moderatorRoleId = role.id;
	if (interaction.options.getBoolean('clear-moderator-role')) patch.moderatorRoleId = null;
	const changed = Object.keys(patch).length > 0;
	await answer(
		interaction,
		changed ? dreams.updateSettings(interaction.guildId, patch) : dreams.settings(interaction.guildId),
		(result) => ({
			content: changed ? 'Saved. New votes use these settings.' : undefined,
			embeds: [renderSettings(result)],
		}),
		{ ephemeral: true },
	);
}

export const dream = {
	data,
	async execute(interaction, context) {
		if (!interaction.inGuild()) return tell(interaction, 'Dreams are told in server channels, not in direct messages.');
		switch (interaction.options.getSubcommand()) {
			case 'start':
				return start(interaction, context);
			case 'status':
				return status(interaction, context);
			case 'list':
				return list(interaction, context);
			case 'map':
				return map(interaction, context);
			case 'add':
				return add(interaction, context);
			case 'remove':
				return remove(interaction, context);
			case 'reset':
				return reset(interaction, context);
			case 'skip':
				return skip(interaction, context);
			case 'settings':
				return settings(interaction, context);
			default:
				return tell(interaction, 'That subcommand is not one Reverie knows. Try `/dream start`.');
		}
	},
	autocomplete: storyChoices,
} satisfies Command;
