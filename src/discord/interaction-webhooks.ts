import { type InteractionWebhook, MessagePayload, REST, Routes } from 'discord.js';
import type { Answer } from './reply.js';

/**
 * Edits of interactions' own replies (a ballot's "Counted…"), sent outside discord.js's client REST. Discord does not
 * count interaction webhooks against a bot's 50 requests a second, but discord.js's one REST queue does: a stream of
 * 100 clicks a second sends 100 confirmations a second, twice that budget, and vote edits and beats (channel messages,
 * which Discord does count) queued behind them. Here they have their own REST, with no global budget (each webhook's own
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
