import { type ButtonInteraction, MessageFlags } from 'discord.js';
import { within } from '../concurrency/deadline.js';
import type { Ballot, VoteOutcome } from '../sessions/outcomes.js';
import type { CommandContext } from './command.js';
import type { ConfirmationHold } from './confirmation-hold.js';
import type { InteractionWebhooks } from './interaction-webhooks.js';
import { acknowledge, type DeferredAnswer } from './reply.js';
import { ballotWords, generalWords } from './words/index.js';

/**
 * How long a ballot's count may take for the click to be answered with it, in one request; a count that takes longer
 * (a slow store, a long queue in the channel) has its click acknowledged first and its answer sent when it comes. One
 * request per click instead of two is most of what separated Reverie's CPU per click from the null bot's (`bench/`).
 * A few milliseconds, the null bot's whole answer: a count that takes longer than that delays the acknowledgement.
 */
export const QUICK_COUNT_MS = 3;

/**
 * How many ballots may be being counted at once before a click is acknowledged first, whatever its count would take:
 * past that the counts queue (a burst of clicks, a slow store), and an answer that waited on its count would wait in
 * that queue. Under a burst of a thousand clicks in a second, acknowledging first and confirming after the burst kept
 * the acknowledgements' p99 at a third of what waiting for each count gave (`bench/`, 1,000 channels).
 */
export const QUICK_COUNTS_AT_ONCE = 4;

/** The ballots being counted now, whichever way their clicks are answered: in all, and by channel. */
export class CountsUnderWay {
	private counting = 0;
	private readonly byChannel = new Map<string, number>();

	constructor(readonly limit = QUICK_COUNTS_AT_ONCE) {}

	/**
	 * Whether a ballot in `channelId` would wait for others' counts: too many are under way in all, or one is in its
	 * channel already (a channel's ballots are counted one after another, so this one would queue behind it). Its click
	 * is then acknowledged at once, not after a quick window it would likely miss.
	 */
	queueing(channelId: string): boolean {
		return this.counting >= this.limit || this.byChannel.has(channelId);
	}

	/** `count`, counted as under way in `channelId` until it settles. */
	track<T>(channelId: string, count: Promise<T>): Promise<T> {
		this.counting++;
		this.byChannel.set(channelId, (this.byChannel.get(channelId) ?? 0) + 1);
		return count.finally(() => {
			this.counting--;
			const left = (this.byChannel.get(channelId) ?? 1) - 1;
			if (left > 0) this.byChannel.set(channelId, left);
			else this.byChannel.delete(channelId);
		});
	}
}

/** What answering a ballot needs besides the click. */
export interface BallotAnswering {
	context: CommandContext;
	hold: ConfirmationHold;
	/** Where confirmations are sent (see interaction-webhooks.ts); through the interaction's client without. */
	webhooks: InteractionWebhooks | null;
	counts: CountsUnderWay;
	/** What the log says of this click if it fails. */
	about: object;
	/** The click came while this copy did not own its guilds, and another may have answered it. */
	replayed: boolean;
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

/**
 * Counts a ballot and answers its click. Counted within {@link QUICK_COUNT_MS}, the click is answered with its count
 * in one request. Otherwise, or when its count would queue ({@link CountsUnderWay}), it is acknowledged ("thinking…") and
 * confirmed once counted: no member waits for that queue to see their click taken. Resolves once the click is
 * acknowledged, with what is left to do (its `done`), which holds the count under way and the interaction's webhook,
 * not the interaction (see acknowledge).
 */
export async function answerBallot(
	interaction: ButtonInteraction,
	ballot: Ballot,
	answering: BallotAnswering,
): Promise<{ done: Promise<void> } | undefined> {
	const { context, counts, webhooks } = answering;
	// Acknowledged first while counts queue, and when replayed: another copy may have answered a replayed click, and
	// counted it, before a later click of the same member; counting it again here would undo that one, so it counts
	// only once this copy's acknowledgement succeeds.
	if (answering.replayed || counts.queueing(ballot.channelId)) {
		const later = await acknowledge(interaction, { ephemeral: true, webhooks });
		return { done: confirmBallot(counts.track(ballot.channelId, context.sessions.vote(ballot)), later, answering) };
	}
	const counting = counts.track(ballot.channelId, context.sessions.vote(ballot));
	// Awaited below, or by confirmBallot: until then a failure must not count as unhandled.
	counting.catch(() => undefined);
	const counted = await within(counting, QUICK_COUNT_MS);
	if (counted) {
		await interaction.reply({ content: voteText(counted.value), flags: MessageFlags.Ephemeral });
		return undefined;
	}
	const later = await acknowledge(interaction, { ephemeral: true, webhooks });
	return { done: confirmBallot(counting, later, answering) };
}

/**
 * Confirms to the member a ballot acknowledged before it was counted, once it is. The confirmation waits out a burst of
 * clicks ({@link ConfirmationHold}), so that every click of the burst is acknowledged first. Errors end here: they are
 * logged and the member is told.
 */
async function confirmBallot(
	counting: Promise<VoteOutcome>,
	later: DeferredAnswer,
	{ context, hold, about }: BallotAnswering,
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
