import type { ButtonInteraction, Interaction } from 'discord.js';
import type { StaleReason, VoteOutcome } from '../sessions/dreams.js';
import { Calm } from './calm.js';
import type { Command, CommandContext } from './command.js';
import { parseButtonId } from './custom-id.js';
import { moderates, NOT_A_MODERATOR } from './members.js';
import { answer, tell } from './reply.js';

const STALE: Record<StaleReason | 'other-channel' | 'unknown-button', string> = {
	'no-dream': 'This dream is no longer running here (it was reset or it ended). `/dream start` begins a new one.',
	'other-dream': 'That vote belongs to an earlier dream in this channel. Vote on the newest one.',
	ended: 'This dream has ended. `/dream start` begins another.',
	stuck: 'This dream is stopped and cannot go on. A moderator can `/dream reset` it.',
	'old-round': 'That vote is already over. Vote on the newest one.',
	closed: 'That vote is closed.',
	'other-channel': 'That button belongs to a dream in another channel: it changes nothing here.',
	'unknown-button': 'That button is from an older version of Reverie and no longer does anything.',
};

/** The ephemeral answer to a ballot. */
export function voteText(outcome: VoteOutcome): string {
	switch (outcome.kind) {
		case 'counted':
			return outcome.previous
				? `Changed: your vote is now for “${outcome.choice}” (was “${outcome.previous}”).`
				: `Counted: your vote is for “${outcome.choice}”. You can change it until the vote closes.`;
		case 'unchanged':
			return `Your vote is already for “${outcome.choice}”.`;
		case 'stale':
			return STALE[outcome.reason];
		case 'unavailable':
			return 'I could not record your vote just now. Please try again in a moment.';
	}
}

async function onButton(interaction: ButtonInteraction, context: CommandContext, calm: Calm) {
	const id = parseButtonId(interaction.customId);
	if (!id) return tell(interaction, STALE['unknown-button']);
	if (id.channelId !== interaction.channelId) return tell(interaction, STALE['other-channel']);
	if (id.kind === 'vote') {
		const work = () =>
			context.dreams.vote({
				channelId: id.channelId,
				sessionId: id.sessionId,
				round: id.round,
				choice: id.choice,
				userId: interaction.user.id,
			});
		// A ballot is acknowledged at once and confirmed when written: under a burst of clicks the ballots queue on
		// the channel's lock, and no member should wait for that queue to see their click taken. The ballot is
		// written at once too (a vote about to close counts it); its confirmation waits out a burst of clicks, so that
		// every click of the burst is acknowledged first.
		await answer(interaction, work, (outcome) => ({ content: voteText(outcome) }), {
			ephemeral: true,
			budgetMs: 0,
			tellWhen: () => calm.afterBurst(),
		});
		return;
	}
	// The answer to "reset this dream?": only its moderator's own ephemeral message carries these buttons.
	if (!id.confirm) {
		await interaction.update({ content: 'Left as it is.', components: [] });
		return;
	}
	if (!(await moderates(interaction, context.dreams))) return tell(interaction, NOT_A_MODERATOR);
	await interaction.deferUpdate();
	const result = await context.dreams.reset(id.channelId, interaction.user.id, id.sessionId);
	const content =
		result.kind === 'reset'
			? 'The dream was reset.'
			: result.kind === 'stale'
				? 'That dream had already given way to another; nothing was reset.'
				: 'There was no dream left to reset.';
	await interaction.editReply({ content, components: [] });
}

/**
 * The one `interactionCreate` handler: commands, autocomplete and every button. Buttons are routed by their
 * `custom_id`, so those posted before a restart keep working. Each interaction has one error boundary: the error
 * is logged with its context and the member is told, never left with "This interaction failed".
 */
export function createRouter(commands: Map<string, Command>, context: CommandContext, calm = new Calm()) {
	return async (interaction: Interaction): Promise<void> => {
		calm.arrived();
		try {
			if (interaction.isChatInputCommand()) {
				const command = commands.get(interaction.commandName);
				if (!command) return await tell(interaction, `Reverie has no /${interaction.commandName} command.`);
				await command.execute(interaction, context);
			} else if (interaction.isAutocomplete()) {
				await commands.get(interaction.commandName)?.autocomplete?.(interaction, context);
			} else if (interaction.isButton()) {
				await onButton(interaction, context, calm);
			}
		} catch (error) {
			context.log.error(
				{
					err: error,
					interaction: interaction.id,
					type: interaction.type,
					command: interaction.isCommand() ? interaction.commandName : undefined,
					customId: interaction.isButton() ? interaction.customId : undefined,
					channelId: interaction.channelId,
					guildId: interaction.guildId,
					userId: interaction.user.id,
				},
				'interaction failed',
			);
			if (interaction.isRepliable())
				await tell(interaction, 'Something went wrong on my side. Please try again in a moment.').catch((replyError) =>
					context.log.warn({ err: replyError }, 'could not tell the member about an error'),
				);
		}
	};
}
