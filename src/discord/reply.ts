import { type InteractionReplyOptions, MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Calm } from './calm.js';

/**
 * How long an answer may take before the interaction is deferred. Discord fails an interaction that is not
 * acknowledged within 3 s; deferring after 1.5 s leaves room for a slow network on the way back.
 */
export const ANSWER_BUDGET_MS = 1500;

export type Answer = Pick<InteractionReplyOptions, 'content' | 'embeds' | 'components' | 'allowedMentions'>;

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
		budgetMs?: number;
		/** With `budgetMs: 0`: what the answer waits for once the work is done (see {@link Calm.afterBurst}). */
		tellWhen?: () => Promise<void>;
	},
): Promise<T> {
	const visibility = options.ephemeral;
	const flagsFor = (result?: T) => {
		const ephemeral = typeof visibility === 'function' ? result !== undefined && visibility(result) : visibility;
		return ephemeral ? MessageFlags.Ephemeral : undefined;
	};
	const flags = flagsFor();
	if (options.budgetMs === 0) {
		// Acknowledge first, then work, then tell: the member's click is answered as fast as Discord allows, however
		// busy the channel's lock, the store or this process is.
		await interaction.deferReply({ flags });
		const value = await (typeof work === 'function' ? work() : work);
		await options.tellWhen?.();
		await interaction.editReply(render(value));
		return value;
	}
	const started = typeof work === 'function' ? work() : work;
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<'late'>((resolve) => {
		timer = setTimeout(() => resolve('late'), options.budgetMs ?? ANSWER_BUDGET_MS);
	});
	const first = await Promise.race([started.then((value) => ({ value })), late]);
	clearTimeout(timer);
	if (first !== 'late') {
		await interaction.reply({ ...render(first.value), flags: flagsFor(first.value) });
		return first.value;
	}
	await interaction.deferReply({ flags });
	const value = await started;
	await interaction.editReply(render(value));
	return value;
}

/** A short ephemeral answer, whether or not the interaction was already answered. */
export async function tell(interaction: RepliableInteraction, content: string): Promise<void> {
	if (interaction.deferred && !interaction.replied)
		await interaction.editReply({ content, embeds: [], components: [] });
	else if (interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
	else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
}
