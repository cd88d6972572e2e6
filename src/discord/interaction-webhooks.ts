import { type InteractionWebhook, MessagePayload, REST, Routes, type WebhookMessageEditOptions } from 'discord.js';
import { Agent } from 'undici';

/** Connections to Discord the confirmations share; each answers in a few ms, so a burst's confirmations queue briefly. */
export const CONFIRMATION_CONNECTIONS = 8;

/**
 * Edits of interactions' own replies (a ballot's "Counted…"), sent outside discord.js's client REST. Discord does not
 * count interaction webhooks against a bot's 50 requests a second, but discord.js's one REST queue does: a stream of
 * 100 clicks a second sends 100 confirmations a second, twice that budget, and vote edits and beats (channel messages,
 * which Discord does count) queued behind them. Here they have their own REST, with no global budget (each webhook's own
 * limits still apply, from Discord's headers), and the answer is not built into a discord.js Message nobody reads.
 *
 * They also have their own few connections ({@link CONFIRMATION_CONNECTIONS}), kept open and reused. On the process's
 * shared pool, the confirmations let out after a burst took every open connection at once, so the acknowledgements
 * of the clicks that came meanwhile each opened a new one (over TLS to Discord, a handshake each): here confirmations
 * queue for their own connections, and the acknowledgements' pool stays as small as they need.
 */
export class InteractionWebhooks {
	private readonly rest: REST;
	private readonly connections: Agent;

	constructor(options: { api?: string | null } = {}) {
		this.connections = new Agent({ connections: CONFIRMATION_CONNECTIONS });
		this.rest = new REST({
			...(options.api ? { api: options.api } : {}),
			globalRequestsPerSecond: Number.POSITIVE_INFINITY,
			agent: this.connections,
		});
	}

	/** Edits the interaction's reply ("thinking…", or its first answer) into `answer`. */
	async editReply(webhook: InteractionWebhook, answer: WebhookMessageEditOptions): Promise<void> {
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
		// Stopping: the connections close when their last request ends, and nothing waits for that.
		void this.connections.close();
	}
}
