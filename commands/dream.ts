import { SlashCommandBuilder, type SlashCommandStringOption } from '@discordjs/builders';
import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	type ChatInputCommandInteraction,
	InteractionContextType,
} from 'discord.js';
import type { Command, CommandContext } from '../src/discord/command.js';
import { encodeButtonId } from '../src/discord/custom-id.js';
import { moderates } from '../src/discord/members.js';
import { renderSettings } from '../src/discord/render.js';
import { answer, tell } from '../src/discord/reply.js';
import { renderStatus } from '../src/discord/status-layout.js';
import {
	dreamCommandWords as described,
	generalWords,
	resetWords,
	settingsWords,
	skipWords,
	statusWords,
} from '../src/discord/words/index.js';
import { normalizeZone } from '../src/sessions/schedule-time.js';
import type { GuildSettings } from '../src/store/records.js';
import { PACES, VOTE_MODES } from '../src/store/records.js';
import { nightChoices, recap, schedule, zoneChoices } from './dream-nights.js';
import { start } from './dream-start.js';
import { add, list, map, remove, storyChoices } from './dream-stories.js';

const data = new SlashCommandBuilder()
	.setName('dream')
	.setDescription(described.description)
	.setContexts(InteractionContextType.Guild)
	.addSubcommand((sub) =>
		sub
			.setName('start')
			.setDescription(described.start.description)
			.addStringOption((option) => option.setName('story').setDescription(described.start.story).setAutocomplete(true))
			.addBooleanOption((option) => option.setName('thread').setDescription(described.start.thread))
			.addStringOption((option) => modeOption(option).setDescription(described.start.mode))
			.addUserOption((option) => option.setName('narrator').setDescription(described.start.narrator))
			.addBooleanOption((option) => option.setName('quick-close').setDescription(described.start.quickClose)),
	)
	.addSubcommand((sub) => sub.setName('recap').setDescription(described.recap.description))
	.addSubcommandGroup((group) =>
		group
			.setName('schedule')
			.setDescription(described.schedule.description)
			.addSubcommand((sub) =>
				sub
					.setName('plan')
					.setDescription(described.schedule.plan)
					.addStringOption((option) =>
						option.setName('story').setDescription(described.start.story).setRequired(true).setAutocomplete(true),
					)
					.addStringOption((option) =>
						option.setName('when').setDescription(described.schedule.when).setRequired(true).setMaxLength(100),
					)
					.addStringOption((option) =>
						option
							.setName('repeat')
							.setDescription(described.schedule.repeat)
							.addChoices(
								{ name: described.schedule.once, value: 'once' },
								{ name: described.schedule.weekly, value: 'weekly' },
							),
					)
					.addBooleanOption((option) => option.setName('thread').setDescription(described.start.thread))
					.addStringOption((option) => modeOption(option).setDescription(described.start.mode))
					.addBooleanOption((option) => option.setName('quick-close').setDescription(described.start.quickClose)),
			)
			.addSubcommand((sub) => sub.setName('list').setDescription(described.schedule.list))
			.addSubcommand((sub) =>
				sub
					.setName('cancel')
					.setDescription(described.schedule.cancel)
					.addStringOption((option) =>
						option.setName('night').setDescription(described.schedule.night).setRequired(true).setAutocomplete(true),
					),
			),
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
			)
			.addStringOption((option) => modeOption(option).setDescription(described.settings.voteMode))
			.addBooleanOption((option) => option.setName('quick-close').setDescription(described.settings.quickClose))
			.addBooleanOption((option) => option.setName('threads').setDescription(described.settings.threads))
			.addStringOption((option) =>
				option.setName('time-zone').setDescription(described.settings.timeZone).setAutocomplete(true).setMaxLength(64),
			),
	);

/** The `mode` option: how a dream's group decides. */
function modeOption(option: SlashCommandStringOption): SlashCommandStringOption {
	return option
		.setName('mode')
		.addChoices(...VOTE_MODES.map((mode) => ({ name: settingsWords.modeName[mode], value: mode })));
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
	const mode = interaction.options.getString('mode');
	if (mode !== null && (VOTE_MODES as readonly string[]).includes(mode))
		patch.voteMode = mode as GuildSettings['voteMode'];
	const quickClose = interaction.options.getBoolean('quick-close');
	if (quickClose !== null) patch.quickClose = quickClose;
	const threads = interaction.options.getBoolean('threads');
	if (threads !== null) patch.threads = threads;
	const zone = interaction.options.getString('time-zone');
	if (zone !== null) {
		const known = normalizeZone(zone);
		if (!known) return tell(interaction, settingsWords.notAZone(zone));
		patch.timeZone = known;
	}
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
		if (interaction.options.getSubcommandGroup(false) === 'schedule') return schedule(interaction, context);
		switch (interaction.options.getSubcommand()) {
			case 'start':
				return start(interaction, context);
			case 'recap':
				return recap(interaction, context);
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
	async autocomplete(interaction, context) {
		const focused = interaction.options.getFocused(true).name;
		if (focused === 'night') return nightChoices(interaction, context);
		if (focused === 'time-zone') return zoneChoices(interaction);
		return storyChoices(interaction, context);
	},
} satisfies Command;
