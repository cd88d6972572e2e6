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
import { missingPermissions, moderates } from '../src/discord/members.js';
import { renderSettings } from '../src/discord/render.js';
import { answer, tell } from '../src/discord/reply.js';
import { renderStart } from '../src/discord/start-layout.js';
import { renderStatus } from '../src/discord/status-layout.js';
import {
	dreamCommandWords as described,
	generalWords,
	resetWords,
	settingsWords,
	skipWords,
	startAnswers,
	statusWords,
} from '../src/discord/words/index.js';
import type { GuildSettings } from '../src/store/records.js';
import { PACES } from '../src/store/records.js';
import { add, list, map, remove, storyChoices } from './dream-stories.js';

const data = new SlashCommandBuilder()
	.setName('dream')
	.setDescription(described.description)
	.setContexts(InteractionContextType.Guild)
	.addSubcommand((sub) =>
		sub
			.setName('start')
			.setDescription(described.start.description)
			.addStringOption((option) => option.setName('story').setDescription(described.start.story).setAutocomplete(true)),
	)
	.addSubcommand((sub) => sub.setName('status').setDescription(described.status.description))
	.addSubcommand((sub) => sub.setName('list').setDescription(described.list.description))
	.addSubcommand((sub) => sub.setName('map').setDescription(described.map.description))
	.addSubcommand((sub) =>
		sub
			.setName('add')
			.setDescription(described.add.description)
			.addAttachmentOption((option) => option.setName('file').setDescription(described.add.file).setRequired(true)),
	)
	.addSubcommand((sub) =>
		sub
			.setName('remove')
			.setDescription(described.remove.description)
			.addStringOption((option) =>
				option.setName('story').setDescription(described.remove.story).setRequired(true).setAutocomplete(true),
			),
	)
	.addSubcommand((sub) => sub.setName('reset').setDescription(described.reset.description))
	.addSubcommand((sub) => sub.setName('skip').setDescription(described.skip.description))
	.addSubcommand((sub) =>
		sub
			.setName('settings')
			.setDescription(described.settings.description)
			.addIntegerOption((option) =>
				option.setName('vote-seconds').setDescription(described.settings.voteSeconds).setMinValue(10).setMaxValue(3600),
			)
			.addStringOption((option) =>
				option
					.setName('pace')
					.setDescription(described.settings.pace)
					.addChoices(...PACES.map((pace) => ({ name: settingsWords.paceName[pace], value: pace }))),
			)
			.addRoleOption((option) => option.setName('moderator-role').setDescription(described.settings.moderatorRole))
			.addBooleanOption((option) =>
				option.setName('clear-moderator-role').setDescription(described.settings.clearModeratorRole),
			),
	);

async function start(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { sessions }: CommandContext) {
	const missing = missingPermissions(interaction);
	if (missing.length > 0) return tell(interaction, startAnswers.missingPermissions(missing));
	const storyId = interaction.options.getString('story');
	const outcome = await answer(
		interaction,
		sessions.start({
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
					return { content: result.phase === 'stuck' ? startAnswers.stuck : startAnswers.running(result.story) };
				case 'unknown-story':
					return { content: startAnswers.unknownStory(result.storyId, result.available) };
				case 'no-stories':
					return { content: startAnswers.noStories };
				case 'story-broken':
					return { content: startAnswers.broken(result.story.title, result.failure) };
			}
		},
		// Everyone sees a dream begin; only the member sees why it did not.
		{ ephemeral: (result) => result.kind !== 'started' },
	);
	if (outcome.kind === 'started') sessions.begin(interaction.channelId);
}

async function status(interaction: ChatInputCommandInteraction, { sessions }: CommandContext) {
	await answer(
		interaction,
		sessions.status(interaction.channelId),
		(result) => (result.kind === 'none' ? { content: statusWords.none } : renderStatus(result.view)),
		{ ephemeral: true },
	);
}

async function reset(interaction: ChatInputCommandInteraction, { sessions }: CommandContext) {
	if (!(await moderates(interaction, sessions))) return tell(interaction, generalWords.notAModerator);
	const current = await sessions.status(interaction.channelId);
	if (current.kind === 'none' || current.view.phase === 'ended') return tell(interaction, resetWords.nothing);
	const ids = { channelId: interaction.channelId, sessionId: current.view.sessionId };
	const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder()
			.setCustomId(encodeButtonId({ kind: 'reset', ...ids, confirm: true }))
			.setLabel(resetWords.yes)
			.setStyle(ButtonStyle.Danger),
		new ButtonBuilder()
			.setCustomId(encodeButtonId({ kind: 'reset', ...ids, confirm: false }))
			.setLabel(resetWords.no)
			.setStyle(ButtonStyle.Secondary),
	);
	const title = current.view.story?.title ?? current.view.storyId;
	await answer(
		interaction,
		Promise.resolve(null),
		() => ({
			content: resetWords.confirm(title),
			components: [row],
		}),
		{ ephemeral: true },
	);
}

async function skip(interaction: ChatInputCommandInteraction, { sessions }: CommandContext) {
	if (!(await moderates(interaction, sessions))) return tell(interaction, generalWords.notAModerator);
	await answer(
		interaction,
		sessions.skip(interaction.channelId),
		(result) => {
			switch (result.kind) {
				case 'closed-vote':
					return { content: skipWords.closed(result.choice, result.ballots) };
				case 'cut-pause':
					return { content: skipWords.cutPause };
				case 'nothing':
					return { content: skipWords.nothing[result.reason] };
			}
		},
		{ ephemeral: true },
	);
}

async function settings(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, { sessions }: CommandContext) {
	if (!(await moderates(interaction, sessions))) return tell(interaction, generalWords.notAModerator);
	const patch: Partial<GuildSettings> = {};
	const voteSeconds = interaction.options.getInteger('vote-seconds');
	const pace = interaction.options.getString('pace');
	const role = interaction.options.getRole('moderator-role');
	if (voteSeconds !== null) patch.voteSeconds = voteSeconds;
	if (pace !== null) {
		if (!(PACES as readonly string[]).includes(pace))
			return tell(
				interaction,
				settingsWords.notAPace(
					pace,
					PACES.map((p) => settingsWords.paceName[p]),
				),
			);
		patch.pace = pace as GuildSettings['pace'];
	}
	if (role) patch.moderatorRoleId = role.id;
	if (interaction.options.getBoolean('clear-moderator-role')) patch.moderatorRoleId = null;
	const changed = Object.keys(patch).length > 0;
	await answer(
		interaction,
		changed ? sessions.updateSettings(interaction.guildId, patch) : sessions.settings(interaction.guildId),
		(result) => ({
			content: changed ? settingsWords.saved : undefined,
			embeds: [renderSettings(result)],
		}),
		{ ephemeral: true },
	);
}

export const dream = {
	data,
	async execute(interaction, context) {
		if (!interaction.inGuild()) return tell(interaction, generalWords.directMessage);
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
				return tell(interaction, generalWords.noSuchSubcommand);
		}
	},
	autocomplete: storyChoices,
} satisfies Command;
