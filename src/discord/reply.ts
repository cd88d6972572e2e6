import { type InteractionReplyOptions, MessageFlags, type RepliableInteraction } from 'discord.js';
import { within } from '../concurrency/deadline.js';
import type { InteractionWebhooks } from './interaction-webhooks.js';

/**
 * How long an answer may take before the interaction is deferred. Discord fails an interaction that is not
 * acknowledged within 3 s; deferring after 1.5 s leaves room for a slow network on the way back.
 */
export const ANSWER_BUDGET_MS = 1500;

/**
 * What an answer says. `flags` may say it is laid out in Discord's newer message layout (its components are then the
 * whole of it); whether only the member sees it is for {@link answer} to say.
 */
export type Answer = Pick<
	InteractionReplyOptions,
	'content' | 'embeds' | 'components' | 'allowedMentions' | 'files'
> & {
	flags?: MessageFlags.IsComponentsV2;
};

/**
 * Answers an interaction with what `work` produces: directly when it is quick, otherwise deferred first and edited
 * when it is done, so a click is always acknowledged in time, whatever the store is doing.
 */
export async function answer<T>(
	interaction: RepliableInteraction,
	work: Promise<T> | (() => Promise<T>),
	render: (result: T) => Answer,
	options: {
		/** Whether only the member sees the answer; decided by the result when it comes in time to choose. */
		ephemeral: boolean | ((result: T) => boolean);
	},
): Promise<T> {
	const visibility = options.ephemeral;
	const flagsFor = (result?: T) => {
		const ephemeral = typeof visibility === 'function' ? result !== undefined && visibility(result) : visibility;
		return ephemeral ? MessageFlags.Ephemeral : undefined;
	};
	const flags = flagsFor();
	const started = typeof work === 'function' ? work() : work;
	const first = await within(started, ANSWER_BUDGET_MS);
	if (first) {
		const rendered = render(first.value);
		await interaction.reply({ ...rendered, flags: (flagsFor(first.value) ?? 0) | (rendered.flags ?? 0) });
		return first.value;
	}
	await interaction.deferReply({ flags });
	const value = await started;
	await interaction.editReply(render(value));
	return value;
}

/** Answers an interaction acknowledged by {@link acknowledge}: edits its "thinking…" into the answer. */
export type DeferredAnswer = (answer: Answer) => Promise<void>;

/**
 * Acknowledges an interaction at once ("thinking…", a deferred reply) and returns how to answer it later. What it
 * returns holds the interaction's webhook (the client, the application's id and the interaction's token), not the
 * interaction: an answer that waits, behind a channel's lock or a burst of clicks, then keeps a token alive rather
 * than discord.js's whole interaction with its message and member, which a thousand clicks held for a second would
 * carry into the collector's old generation.
 */
export async function acknowledge(
	interaction: RepliableInteraction,
	options: { ephemeral: boolean; webhooks?: InteractionWebhooks | null },
): Promise<DeferredAnswer> {
	await interaction.deferReply({ flags: options.ephemeral ? MessageFlags.Ephemeral : undefined });
	const { webhook } = interaction;
	const { webhooks } = options;
	return async (answer) => {
		if (webhooks) await webhooks.editReply(webhook, answer);
		else await webhook.editMessage('@original', answer);
	};
}

/** A short ephemeral answer, whether or not the interaction was already answered. */
export async function tell(interaction: RepliableInteraction, content: string): Promise<void> {
	if (interaction.deferred && !interaction.replied)
		await interaction.editReply({ content, embeds: [], components: [] });
	else if (interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
	else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
}
