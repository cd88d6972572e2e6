import { type ButtonInteraction, DiscordAPIError, type Interaction, RESTJSONErrorCodes } from 'discord.js';
import type { Ballot } from '../sessions/outcomes.js';
import { answerBallot, type BallotAnswering, CountsUnderWay } from './ballot-answer.js';
import { answerCatchUp } from './catch-up.js';
import type { Command, CommandContext } from './command.js';
import { ConfirmationHold } from './confirmation-hold.js';
import { parseButtonId } from './custom-id.js';
import type { InteractionWebhooks } from './interaction-webhooks.js';
import { moderates } from './members.js';
import { tell } from './reply.js';
import { ballotWords, generalWords, resetWords } from './words/index.js';

/** Work an interaction still has once it is acknowledged, done without holding the interaction. */
interface RemainingWork {
	done: Promise<void>;
}

/** Whether Discord refused an acknowledgement because the interaction was acknowledged already (by another copy). */
function answeredElsewhere(error: unknown): boolean {
	return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged;
}

/** What the log says of an interaction that failed. */
function logContextOf(interaction: Interaction) {
	return {
		interaction: interaction.id,
		type: interaction.type,
		command: interaction.isCommand() ? interaction.commandName : undefined,
		customId: interaction.isButton() ? interaction.customId : undefined,
		channelId: interaction.channelId,
		guildId: interaction.guildId,
		userId: interaction.user.id,
	};
}

async function onButton(
	interaction: ButtonInteraction,
	context: CommandContext,
	answering: Omit<BallotAnswering, 'about' | 'replayed'>,
	replayed: boolean,
): Promise<RemainingWork | undefined> {
	const id = parseButtonId(interaction.customId);
	if (!id) {
		await tell(interaction, ballotWords.stale['unknown-button']);
		return undefined;
	}
	if (id.channelId !== interaction.channelId) {
		await tell(interaction, ballotWords.stale['other-channel']);
		return undefined;
	}
	if (id.kind === 'vote') {
		const ballot: Ballot = {
			channelId: id.channelId,
			sessionId: id.sessionId,
			round: id.round,
			choice: id.choice,
			userId: interaction.user.id,
		};
		return answerBallot(interaction, ballot, { ...answering, about: logContextOf(interaction), replayed });
	}
	if (id.kind === 'recap') {
		await answerCatchUp(interaction, context, id.channelId, id.sessionId);
		return undefined;
	}
	// The answer to "reset this dream?": only its moderator's own ephemeral message carries these buttons.
	if (!id.confirm) {
		await interaction.update({ content: resetWords.kept, components: [] });
		return undefined;
	}
	if (!(await moderates(interaction, context.sessions))) {
		await tell(interaction, generalWords.notAModerator);
		return undefined;
	}
	await interaction.deferUpdate();
	const result = await context.sessions.reset(id.channelId, interaction.user.id, id.sessionId);
	const content =
		result.kind === 'reset' ? resetWords.done : result.kind === 'stale' ? resetWords.stale : resetWords.gone;
	await interaction.editReply({ content, components: [] });
	return undefined;
}

/**
 * The one `interactionCreate` handler: commands, autocomplete and every button. Buttons are routed by their
 * `custom_id`, so those posted before a restart keep working. Each interaction has one error boundary: the error
 * is logged with its context and the member is told, never left with "This interaction failed". The promise returned
 * settles once the interaction is answered in full; what is left after its acknowledgement does not hold it.
 */
export function createRouter(
	commands: Map<string, Command>,
	context: CommandContext,
	hold = new ConfirmationHold(),
	/** Where ballots' confirmations are sent (see interaction-webhooks.ts); through the interaction's client without. */
	webhooks: InteractionWebhooks | null = null,
) {
	const answering = { context, hold, webhooks, counts: new CountsUnderWay() };
	/** `replayed`: the interaction came while this copy did not own its guilds, and another may have answered it. */
	return async (interaction: Interaction, options: { replayed?: boolean } = {}): Promise<void> => {
		hold.interactionArrived();
		let remaining: RemainingWork | undefined;
		try {
			if (interaction.isChatInputCommand()) {
				const command = commands.get(interaction.commandName);
				if (!command) return await tell(interaction, generalWords.noSuchCommand(interaction.commandName));
				await command.execute(interaction, context);
			} else if (interaction.isAutocomplete()) {
				await commands.get(interaction.commandName)?.autocomplete?.(interaction, context);
			} else if (interaction.isButton()) {
				remaining = await onButton(interaction, context, answering, options.replayed === true);
			}
		} catch (error) {
			// A copy that took over answers what came while it was taking over; the copy before may have answered some.
			if (answeredElsewhere(error)) {
				context.log.info(logContextOf(interaction), 'another copy answered this interaction');
				return;
			}
			context.log.error({ err: error, ...logContextOf(interaction) }, 'interaction failed');
			if (interaction.isRepliable())
				await tell(interaction, generalWords.wentWrong).catch((replyError) =>
					context.log.warn({ err: replyError }, 'could not tell the member about an error'),
				);
		}
		// Returned, not awaited: this function's frame, and the interaction with it, is let go here.
		return remaining?.done;
	};
}
