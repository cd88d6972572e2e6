import {
	type ButtonInteraction,
	DiscordAPIError,
	type Interaction,
	MessageFlags,
	RESTJSONErrorCodes,
} from 'discord.js';
import type { Ballot, VoteOutcome } from '../sessions/outcomes.js';
import { answerCatchUp } from './catch-up.js';
import type { Command, CommandContext } from './command.js';
import { ConfirmationHold } from './confirmation-hold.js';
import { parseButtonId } from './custom-id.js';
import type { InteractionWebhooks } from './interaction-webhooks.js';
import { moderates } from './members.js';
import { acknowledge, type DeferredAnswer, tell } from './reply.js';
import { ballotWords, generalWords, resetWords } from './words/index.js';

/**
 * How long a ballot's count may take for the click to be answered with it, in one request; a count that takes longer
 * (a slow store, a long queue in the channel) has its click acknowledged first and its answer sent when it comes. One
 * request per click instead of two is most of what separated Reverie's CPU per click from the null bot's (`bench/`).
 */
export const QUICK_COUNT_MS = 100;

/** What `work` resolved to if it settles within `ms`; null if it is still out then. Its failure, if in time, is thrown. */
async function within<T>(work: Promise<T>, ms: number): Promise<{ value: T } | null> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<null>((resolve) => {
		timer = setTimeout(resolve, ms, null);
	});
	try {
		return await Promise.race([work.then((value) => ({ value })), late]);
	} finally {
		clearTimeout(timer);
	}
}

/** The ephemeral answer to a ballot. */
export function voteText(outcome: VoteOutcome): string {
	switch (outcome.kind) {
		case 'counted':
			return outcome.advice
				? ballotWords.advice(outcome.choice, outcome.previous)
				: ballotWords.counted(outcome.choice, outcome.previous);
		case 'decided':
			return ballotWords.decided(outcome.choice);
		case 'went-on':
			return ballotWords.wentOn(outcome.choice);
		case 'unchanged':
			return ballotWords.unchanged(outcome.choice);
		case 'stale':
			return ballotWords.stale[outcome.reason];
		case 'unavailable':
			return ballotWords.unavailable;
	}
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

/** Work an interaction still has once it is acknowledged, done without holding the interaction. */
interface RemainingWork {
	done: Promise<void>;
}

/**
 * Confirms to the member a ballot whose count took longer than {@link QUICK_COUNT_MS}, once it is counted. The
 * confirmation waits out a burst of clicks ({@link ConfirmationHold}), so that every click of the burst is acknowledged
 * first. Errors end here: they are logged and the member is told.
 */
async function confirmBallot(
	counting: Promise<VoteOutcome>,
	later: DeferredAnswer,
	context: CommandContext,
	hold: ConfirmationHold,
	about: ReturnType<typeof logContextOf>,
): Promise<void> {
	try {
		const outcome = await counting;
		await hold.afterBurst();
		await later({ content: voteText(outcome) });
	} catch (error) {
		context.log.error({ err: error, ...about }, 'interaction failed');
		await later({ content: generalWords.wentWrong }).catch((replyError) =>
			context.log.warn({ err: replyError }, 'could not tell the member about an error'),
		);
	}
}

async function onButton(
	interaction: ButtonInteraction,
	context: CommandContext,
	hold: ConfirmationHold,
	webhooks: InteractionWebhooks | null,
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
		// A ballot counted quickly is answered with its count, in one request. One that is not (a slow store, a long queue
		// on the channel's lock) is acknowledged then and confirmed when counted: no member waits for that queue to see
		// their click taken. What is left after the acknowledgement holds the count under way and the interaction's
		// webhook, not the interaction (see acknowledge).
		const ballot: Ballot = {
			channelId: id.channelId,
			sessionId: id.sessionId,
			round: id.round,
			choice: id.choice,
			userId: interaction.user.id,
		};
		const about = logContextOf(interaction);
		if (replayed) {
			// Another copy may have answered it, and counted it, before a later click of the same member: counting it again
			// here would undo that one. Only a click this copy acknowledges itself is counted.
			const later = await acknowledge(interaction, { ephemeral: true, webhooks });
			return { done: confirmBallot(context.sessions.vote(ballot), later, context, hold, about) };
		}
		const counting = context.sessions.vote(ballot);
		// Awaited below, or by confirmBallot: until then a failure must not count as unhandled.
		counting.catch(() => undefined);
		const counted = await within(counting, QUICK_COUNT_MS);
		if (counted) {
			await interaction.reply({ content: voteText(counted.value), flags: MessageFlags.Ephemeral });
			return undefined;
		}
		const later = await acknowledge(interaction, { ephemeral: true, webhooks });
		return { done: confirmBallot(counting, later, context, hold, about) };
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
				remaining = await onButton(interaction, context, hold, webhooks, options.replayed === true);
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
