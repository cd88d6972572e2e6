/**
 * `/dream schedule plan|list|cancel`: story nights planned ahead, each with the server's scheduled event; and
 * `/dream recap`, the story so far for a member who joins late.
 */
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { answerCatchUp } from '../src/discord/catch-up.js';
import type { CommandContext } from '../src/discord/command.js';
import { missingOf, moderates, NEEDED_FOR_NIGHTS, NEEDED_FOR_THREADS } from '../src/discord/members.js';
import { answer, tell } from '../src/discord/reply.js';
import { generalWords, nightWords, startAnswers } from '../src/discord/words/index.js';
import { zonesMatching } from '../src/sessions/schedule-time.js';
import type { PlanOutcome } from '../src/sessions/sessions.js';
import { VOTE_MODES, type VotingRules } from '../src/store/records.js';

type Interaction = ChatInputCommandInteraction<'cached' | 'raw'>;

export async function recap(interaction: Interaction, context: CommandContext) {
	await answerCatchUp(interaction, context, interaction.channelId);
}

export async function schedule(interaction: Interaction, context: CommandContext) {
	switch (interaction.options.getSubcommand()) {
		case 'plan':
			return plan(interaction, context);
		case 'list':
			return list(interaction, context);
		case 'cancel':
			return cancel(interaction, context);
		default:
			return tell(interaction, generalWords.noSuchSubcommand);
	}
}

async function plan(interaction: Interaction, { sessions }: CommandContext) {
	if (!(await moderates(interaction, sessions))) return tell(interaction, generalWords.notAModerator);
	const thread = interaction.options.getBoolean('thread') ?? (await sessions.settings(interaction.guildId)).threads;
	const missing = missingOf(interaction, thread ? [...NEEDED_FOR_NIGHTS, ...NEEDED_FOR_THREADS] : NEEDED_FOR_NIGHTS);
	if (missing.length > 0) return tell(interaction, nightWords.missingPermissions(missing));
	const mode = interaction.options.getString('mode');
	const quickClose = interaction.options.getBoolean('quick-close');
	const voting: Partial<VotingRules> = {};
	if (mode !== null && (VOTE_MODES as readonly string[]).includes(mode)) voting.mode = mode as VotingRules['mode'];
	if (quickClose !== null) voting.quickClose = quickClose;
	await answer(
		interaction,
		sessions.planNight({
			guildId: interaction.guildId,
			channelId: interaction.channelId,
			storyId: interaction.options.getString('story', true),
			when: interaction.options.getString('when', true),
			weekly: interaction.options.getString('repeat') === 'weekly',
			thread,
			voting,
			userId: interaction.user.id,
		}),
		(result) => ({ content: planText(result) }),
		// Everyone in the channel sees a night planned; only the moderator sees why it was not.
		{ ephemeral: (result) => result.kind !== 'planned' },
	);
}

function planText(result: PlanOutcome): string {
	switch (result.kind) {
		case 'planned':
			return nightWords.planned(result.night);
		case 'bad-time':
			return nightWords.badTime(result.problem, result.zone);
		case 'unknown-story':
			return startAnswers.unknownStory(result.storyId, result.available);
		case 'full':
			return nightWords.full(result.max);
		case 'no-event':
			return nightWords.noEvent(result.detail);
	}
}

async function list(interaction: Interaction, { sessions }: CommandContext) {
	await answer(
		interaction,
		sessions.nightsOf(interaction.guildId),
		(nights) => ({
			content:
				nights.length === 0
					? nightWords.none
					: [`**${nightWords.listTitle}**`, ...nights.map((n) => nightWords.listed(n))].join('\n'),
		}),
		{ ephemeral: true },
	);
}

async function cancel(interaction: Interaction, { sessions }: CommandContext) {
	if (!(await moderates(interaction, sessions))) return tell(interaction, generalWords.notAModerator);
	const id = interaction.options.getString('night', true);
	await answer(
		interaction,
		sessions.cancelNight(interaction.guildId, id),
		(result) => ({
			content: result.kind === 'cancelled' ? nightWords.cancelled(result.night) : nightWords.noSuchNight(id),
		}),
		{ ephemeral: (result) => result.kind !== 'cancelled' },
	);
}

/** The `night` option's choices: the server's nights to come, by their dream and time. */
export async function nightChoices(interaction: AutocompleteInteraction, { sessions }: CommandContext) {
	const typed = interaction.options.getFocused().toLowerCase();
	const nights = interaction.guildId ? await sessions.nightsOf(interaction.guildId) : [];
	await interaction.respond(
		nights
			.map((n) => ({ name: `${n.story?.title ?? n.storyId} · ${n.local} ${n.zone}`.slice(0, 100), value: n.id }))
			.filter((c) => c.name.toLowerCase().includes(typed) || c.value.toLowerCase().includes(typed))
			.slice(0, 25),
	);
}

/** The `time-zone` option's choices as a member types. */
export async function zoneChoices(interaction: AutocompleteInteraction) {
	const typed = interaction.options.getFocused();
	await interaction.respond(zonesMatching(typed).map((zone) => ({ name: zone, value: zone })));
}
