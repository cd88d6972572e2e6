import { type InteractionWebhook, MessagePayload, REST, Routes } from 'discord.js';
import type { Answer } from './reply.js';

/**
 * Edits of interactions' own replies (a ballot's "Counted…"), sent outside discord.js's client REST. Discord does not
 * count interaction webhooks against a bot's 50 requests a second, but discord.js's one REST queue does: under a
 * steady stream of clicks the confirmations used up that budget, and every vote's tally edit (a channel message, which
 * Discord does count) waited behind them. Here they have their own REST, with no global budget (each webhook's own
 * limits still apply, from Discord's headers), and the answer is not built into a discord.js Message nobody reads.
 */
export class InteractionWebhooks {
	private readonly rest: REST;

	constructor(options: { api?: string | null } = {}) {
		this.rest = new REST({
			...(options.api ? { api: options.api } : {}),
			globalRequestsPerSecond: Number.POSITIVE_INFINITY,
		});
	}

	/** Edits the interaction's reply ("thinking…", or its first answer) into `answer`. */
	async editReply(webhook: InteractionWebhook, answer: Answer): Promise<void> {
		const { body, files } = await MessagePayload.create(webhook, answer).resolveBody().resolveFiles();
		await this.rest.patch(Routes.webhookMessage(webhook.id, webhook.token, '@original'), {
			body,
			files: files ?? undefined,
			auth: false,
		});
	}

	close(): void {
		this.rest.clearHashSweeper();
		this.rest.clearHandlerSweeper();
	}
}
