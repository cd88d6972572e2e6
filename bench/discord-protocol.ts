/**
 * What the benchmarks ask of the local Discord running in its own process (bench/discord-process.ts), over Node's IPC
 * channel, and what it answers. Times are epoch milliseconds (with a fraction where the local Discord stamps them),
 * read in the local Discord's process: the bench only compares them, so IPC's latency is in none of them.
 */
import type { CommandInput } from '../src/dev/local-discord/members.js';
import type { WorldSpec } from '../src/dev/local-discord/world.js';

/** How to start it: its world, and the bot's global limit on channel requests a second (Discord's 50 if left out). */
export interface DiscordSpec {
	world: WorldSpec;
	globalRate?: number;
}

/** What the bench needs to know of a started local Discord. */
export interface StartedDiscord {
	token: string;
	applicationId: string;
	apiUrl: string;
	guilds: { id: string; name: string; channels: { id: string; name: string }[] }[];
}

/** A vote message to click on: its id, and its choices' buttons' custom ids. */
export interface VoteMessage {
	id: string;
	buttons: string[];
}

/** A click to make `at` ms after the plan's start. */
export interface PlannedClick {
	at: number;
	user: string;
	channel: string;
	messageId: string;
	customId: string;
}

/**
 * Clicks the local Discord makes on its own clock, from `startAt` (epoch ms). Its event loop's delay is measured
 * from `loopWindow[0]` to `loopWindow[1]` ms after the start (all the clicks when left out).
 */
export interface ClickPlan {
	startAt: number;
	clicks: PlannedClick[];
	loopWindow?: [number, number];
}

/** One click, as the local Discord saw it. */
export interface ClickResult {
	/** The interaction's id, to ask for its answer later (`answers`). */
	id: string;
	channelId: string;
	userId: string;
	/** When it was dispatched to the bot. */
	sentAt: number;
	/** When its first callback came (the acknowledgement), or null if none did. */
	callbackAt: number | null;
	/** When the member first saw an answer, or null. */
	answeredAt: number | null;
}

export interface PlanResult {
	results: ClickResult[];
	/** The local Discord's own event loop delay over the window, p99 in ms. */
	loopP99: number;
	/** When the last click was answered (or failed). */
	settledAt: number;
	/** How late the latest click was dispatched, against the plan, in ms: a harness too slow to keep to it. */
	lateMs: number;
}

/** The local Discord's counters, read at once; the bench subtracts two readings. */
export interface Counters {
	/** REST calls answered, by route shape. */
	calls: Record<string, number>;
	/** The 429s the bot earned: what each was for (the global limit, or which channel's budget), and when (epoch ms). */
	rateLimits: { detail: string; at: number }[];
	/** TCP connections the bot opened (REST and gateway). */
	connectionsOpened: number;
	/** Interactions the bot did not answer within 3 s. */
	failed: number;
}

/** Per closing channel: when its vote was shown closed, and when its first post after its vote's deadline came. */
export interface Closes {
	closedAt: Record<string, number>;
	postedAt: Record<string, number>;
}

/** Each request's arguments and answer. */
export interface Ops {
	start: [DiscordSpec, StartedDiscord];
	/** A member uses a slash command; resolves once the bot answered. */
	command: [CommandInput, null];
	/** One vote per channel, opened as the bot does it (see bench/discord-process.ts's openVotes). */
	openVotes: [{ kind: 'reverie' | 'null'; channelIds: string[]; members: number }, [string, VoteMessage][]];
	/** Until every vote of `votes` (channel id, message id) says it waits for its first ballot. */
	waitingForFirstBallot: [{ votes: [string, string][] }, null];
	/** Makes the clicks and answers once each was answered or failed. */
	clicks: [ClickPlan, PlanResult];
	/** The answer each interaction's member sees now (its content), waiting up to `waitMs` for every one to have one. */
	answers: [{ ids: string[]; waitMs: number }, Record<string, string | null>];
	counters: [null, Counters];
	/** From now on, notes when each vote of `votes` (channel id, message id) is shown closed and its channel's posts. */
	watchCloses: [{ votes: [string, string][] }, null];
	/**
	 * When each channel's vote was shown closed and its first post after its deadline (channel id, epoch ms) came,
	 * waiting up to `waitMs` for all.
	 */
	closes: [{ deadlines: [string, number][]; waitMs: number }, Closes];
	/** All the text a message shows (its content, embeds and components as JSON), by channel id. */
	messageTexts: [{ messages: [string, string][] }, Record<string, string>];
	stop: [null, null];
}

export type Op = keyof Ops;

export interface Request<K extends Op = Op> {
	id: number;
	op: K;
	args: Ops[K][0];
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
