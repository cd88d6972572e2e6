import {
	Client,
	DefaultRestOptions,
	Events,
	GatewayDispatchEvents,
	GatewayIntentBits,
	type GatewayMessageDeleteBulkDispatchData,
	type GatewayMessageDeleteDispatchData,
	GuildScheduledEventStatus,
	type Interaction,
	Options,
} from 'discord.js';
import type { Config } from '../config.js';
import { type Logger, THIS_COPY } from '../log.js';
import type { ServerEvents } from '../sessions/ports.js';
import type { Sessions } from '../sessions/sessions.js';
import type { GuildLease, LeaseEvents, LeaseOptions } from '../store/lease.js';
import { ChannelBudgets } from './channel-budgets.js';
import type { Command, CommandContext } from './command.js';
import { ConfirmationHold } from './confirmation-hold.js';
import { InteractionWebhooks } from './interaction-webhooks.js';
import { DiscordOutput } from './output.js';
import { createRouter } from './router.js';
import { DiscordServerEvents } from './server-events.js';
import { TimedQueue } from './timed-queue.js';

/**
 * How long a copy that does not own its guilds keeps an interaction, in case it owns them in time to answer it (a
 * restart, a handover): Discord fails one not acknowledged within 3 s of its creation, and the answer needs the rest.
 */
export const WAITING_INTERACTION_MS = 2_500;
/**
 * How long an owner remembers the interactions it answered, to name them as it hands over: longer than a copy standing
 * by keeps one, so whatever the next owner still keeps and this one answered is named.
 */
const ANSWERED_MEMORY_MS = 5_000;
/**
 * How long after taking its guilds a copy starts counting the built-in dreams' endings in the sandbox: the dreams it
 * took up, and the first clicks, go first.
 */
const EXPLORE_AFTER_MS = 5_000;

export interface RunningBot {
	client: Client;
	/** The dreams this copy runs while it owns its guilds; null while another copy does. */
	readonly sessions: Sessions | null;
	/**
	 * Resolves once the bot is logged in and has either taken up the dreams it found in the store, or found that
	 * another copy owns its guilds and stands by.
	 */
	ready: Promise<void>;
	/** Finishes in-flight work, disconnects and closes the store. */
	stop(): Promise<void>;
}

/** What the adapter is given to run on (see app.ts, which builds them). */
export interface BotParts {
	/** The dreams of one spell of ownership, posting through `output`, with the server's events and threads. */
	makeSessions(output: DiscordOutput, events: ServerEvents): Sessions;
	/** The lease on this process's guilds. */
	makeLease(
		options: Pick<LeaseOptions, 'shards' | 'of' | 'owner' | 'answeredLately' | 'budgets'>,
		events: LeaseEvents,
	): GuildLease;
	/** Closes the store and the story, sandbox and painter processes, once the bot has stopped. */
	close(): Promise<void>;
}

/**
 * Connects Reverie to Discord (or to the API at `DISCORD_API_URL`) and takes up every stored dream once this copy
 * owns its guilds. `commands` are the slash commands it answers, handed down by the entry point.
 */
export function startBot(
	config: Config & { discordToken: string },
	log: Logger,
	commands: Map<string, Command>,
	parts: BotParts,
): RunningBot {
	const budgets = new ChannelBudgets();
	const client = new Client({
		// Scheduled events: a story night's event cancelled or deleted in Discord cancels the night.
		intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildScheduledEvents],
		rest: {
			...(config.discordApiUrl ? { api: config.discordApiUrl } : {}),
			globalRequestsPerSecond: config.globalRate,
			// Every answer's budget headers are noted, for the copy this one hands its guilds over to.
			makeRequest: async (url, init) => {
				const response = await DefaultRestOptions.makeRequest(url, init);
				budgets.note(init.method ?? 'GET', url, response.headers);
				return response;
			},
		},
		// No messages are kept: Reverie reads nothing back from them, and a thousand channels' beats and votes held as
		// discord.js objects only grow the heap the collector walks. Deletions are read from the gateway (below).
		makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
		// A dream's words are shown, never a ping: @everyone, roles and members in a story (or a choice's text quoted
		// back to a member) notify nobody, on every message and reply Reverie sends.
		allowedMentions: { parse: [], repliedUser: false },
	});
	const serverEvents = new DiscordServerEvents(client);
	// Each owner's dreams post through their own output, so a lost lease can drop what still waits to be sent.
	let output: DiscordOutput | null = null;
	const makeSessions = () => {
		output = DiscordOutput.forGlobalRate(client, config.globalRate, budgets);
		return parts.makeSessions(output, serverEvents);
	};
	// Only the copy that holds the lease runs dreams: each takeover makes them anew from the store (another copy may
	// have changed anything meanwhile), and a loss closes them.
	let sessions: Sessions | null = null;
	const hold = new ConfirmationHold();
	const context: CommandContext = {
		get sessions() {
			if (!sessions) throw new Error('this copy does not own these guilds now');
			return sessions;
		},
		log,
	};
	const webhooks = new InteractionWebhooks({ api: config.discordApiUrl });
	const route = createRouter(commands, context, hold, webhooks);
	let lease: GuildLease | null = null;
	let stopping = false;
	const owning = () => sessions !== null && lease?.held === true;
	/** What came while this copy did not own its guilds. */
	const waiting = new TimedQueue<Interaction>(WAITING_INTERACTION_MS);
	const answered = new TimedQueue<string>(ANSWERED_MEMORY_MS);
	const answer = (interaction: Interaction, replayed = false) => {
		answered.push(interaction.id);
		// The router answers every interaction and logs its own failures: nothing waits for it here.
		void route(interaction, { replayed });
	};
	// Discord sends every copy every interaction; the one that owns the guilds answers, the others stay silent. A copy
	// that may yet own them (starting, standing by) keeps what comes meanwhile, for the moment it does.
	client.on(Events.InteractionCreate, (interaction) => {
		if (owning()) answer(interaction);
		else if (!stopping) {
			lease?.lookAtOwner();
			waiting.push(interaction);
		}
	});
	// A gateway event has nobody to answer: a failure (the store out of reach) is logged, and the dream goes on.
	const onGatewayEvent = (what: string, work: Promise<void> | undefined) =>
		work?.catch((error: unknown) => log.warn({ err: error }, `could not take in ${what}`));
	client.on(Events.ChannelDelete, (channel) => {
		if (owning())
			void onGatewayEvent('a deleted channel', sessions?.channelGone(channel.id, 'the channel was deleted'));
	});
	client.on(Events.ThreadDelete, (thread) => {
		if (owning()) void onGatewayEvent('a deleted thread', sessions?.channelGone(thread.id, 'the thread was deleted'));
	});
	// A story night's event cancelled or deleted in Discord's own interface: the night will not happen.
	const eventGone = (event: { id: string; guildId: string; creatorId: string | null }) => {
		if (owning() && event.creatorId === client.user?.id)
			void onGatewayEvent('a cancelled event', sessions?.eventGone(event.guildId, event.id));
	};
	client.on(Events.GuildScheduledEventUpdate, (before, after) => {
		if (after.status === GuildScheduledEventStatus.Canceled && before?.status !== GuildScheduledEventStatus.Canceled)
			eventGone(after);
	});
	client.on(Events.GuildScheduledEventDelete, (event) => {
		if (event.status !== GuildScheduledEventStatus.Canceled && event.status !== GuildScheduledEventStatus.Completed)
			eventGone(event);
	});
	// Straight from the gateway: discord.js reports the deletion of a message it does not keep only with partial
	// messages, and with those it builds a whole Message for every edit of one, as of each of Reverie's own vote edits.
	client.ws.on(GatewayDispatchEvents.MessageDelete, (data: GatewayMessageDeleteDispatchData) => {
		if (owning()) void onGatewayEvent('a deleted message', sessions?.messageDeleted(data.channel_id, data.id));
	});
	// A moderator's bulk delete (or a purge bot's) comes as one event for many messages, the vote among them maybe.
	client.ws.on(GatewayDispatchEvents.MessageDeleteBulk, (data: GatewayMessageDeleteBulkDispatchData) => {
		if (owning())
			for (const id of data.ids)
				void onGatewayEvent('a deleted message', sessions?.messageDeleted(data.channel_id, id));
	});
	client.on(Events.Error, (error) => log.error({ err: error }, 'Discord client error'));
	client.on(Events.ShardDisconnect, (event, shard) => log.warn({ code: event.code, shard }, 'gateway disconnected'));

	// Changes of ownership one at a time: a loss closes the dreams before a takeover makes new ones.
	let changing: Promise<void> = Promise.resolve();
	const change = (work: () => Promise<void>) => {
		changing = changing.then(work, work);
		return changing;
	};
	let exploring: NodeJS.Timeout | undefined;
	const closeSessions = async () => {
		clearTimeout(exploring);
		const closing = sessions;
		sessions = null;
		await closing?.close();
	};

	const ready = new Promise<void>((resolve, reject) => {
		client.once(Events.ClientReady, (c) => {
			log.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'connected to Discord');
			const shards = Array.isArray(c.options.shards) ? c.options.shards : [0];
			const of = c.options.shardCount ?? 1;
			const copy = THIS_COPY;
			log.info({ shards, of }, 'this copy of Reverie');
			lease = parts.makeLease(
				{ shards, of, owner: copy, answeredLately: () => answered.live(), budgets: () => budgets.handOver() },
				{
					acquired: (_fence, before) =>
						change(async () => {
							await closeSessions();
							const made = makeSessions();
							sessions = made;
							// What came while ownership was being settled and no other copy answered is answered now: owners that
							// handed over say what they answered; the lease says what one that crashed or lapsed may have answered.
							const answeredBefore = new Set(before.answered);
							budgets.takeOver(before.budgets);
							const kept = waiting
								.drain()
								.filter(
									(interaction) =>
										!answeredBefore.has(interaction.id) && !lease?.anotherMayAnswer(interaction.createdTimestamp),
								);
							if (kept.length > 0) log.info({ interactions: kept.length }, 'answering what came before owning');
							for (const interaction of kept) answer(interaction, true);
							const explore = () =>
								made.exploreBuiltIns().catch((error: unknown) => {
									log.warn({ err: error }, 'could not count the built-in dreams’ endings; asked again when shown');
								});
							exploring = setTimeout(explore, EXPLORE_AFTER_MS).unref();
							// Only this process's servers: with shards, each takes up the dreams of its own guilds.
							await made.resumeAll((guildId) => c.guilds.cache.has(guildId));
							// One read per server, in the background: a change of ownership does not wait on it (with thousands of
							// servers it is thousands of reads), and the store lets clicks go first.
							made.resumeNights([...c.guilds.cache.keys()]).catch((error: unknown) => {
								log.warn({ err: error }, 'could not arm the story nights; they are armed again at the next start');
							});
						}),
					lost: () =>
						change(async () => {
							output?.abandon();
							await closeSessions();
						}),
					// The lease held all along (nobody took it while this copy stalled): what came in the gap is this copy's.
					resumed: () => {
						for (const interaction of waiting.drain()) answer(interaction);
					},
				},
			);
			lease.start().then(() => resolve(), reject);
		});
		client.login(config.discordToken).catch(reject);
	});

	return {
		client,
		get sessions() {
			return sessions;
		},
		ready,
		async stop() {
			// The lease is renewed while in-flight work finishes, so no other copy takes over under it.
			stopping = true;
			waiting.drain();
			hold.release();
			await change(closeSessions);
			// Handed over once this copy's in-flight work is done, so the next owner starts from what it wrote and answers
			// the interactions this one no longer did.
			await lease?.release(answered.live());
			await client.destroy();
			webhooks.close();
			await parts.close();
		},
	};
}
