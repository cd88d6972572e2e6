import { setTimeout as sleep } from 'node:timers/promises';
import {
	type APIMessage,
	type APITextDisplayComponent,
	type Client,
	ComponentType,
	DiscordAPIError,
	PermissionFlagsBits,
	type RawFile,
	Routes,
	type SendableChannels,
} from 'discord.js';
import { PrioritySemaphore } from '../concurrency/priority-semaphore.js';
import { LruMap } from '../engine/index.js';
import {
	type BeatView,
	ChannelGoneError,
	type ChannelOutput,
	type EndingView,
	type NoticeView,
	type VoteView,
} from '../sessions/ports.js';
import { ChannelBudgets } from './channel-budgets.js';
import { renderEnding } from './recap-layout.js';
import { clip, type EmbedMessage, type LayoutMessage, type MessageBody, renderNotice } from './render.js';
import { type Pace, RequestPace } from './request-pace.js';
import { renderBeat } from './scene-layout.js';
import { renderVote } from './vote-layout.js';
import { beatWords } from './words/index.js';

/** A message's body without its files, which go apart. */
type PostBody = Omit<EmbedMessage, 'files'> | Omit<LayoutMessage, 'files'>;

/**
 * The post with a line above it saying which choice `closed` chose, for a message in the newer layout (a go on has
 * nothing to say; the older layout is left as it is).
 */
function withResult(body: PostBody, closed: VoteView): PostBody {
	const winner = closed.winner === null ? undefined : closed.choices[closed.winner];
	if (!winner || closed.choices.length < 2 || !('components' in body)) return body;
	const line: APITextDisplayComponent = {
		type: ComponentType.TextDisplay,
		content: beatWords.chosen(clip(winner.text, 80), winner.votes, closed.ballots),
	};
	return { ...body, components: [line, ...body.components] };
}

/** Discord's error codes that mean the channel or message is gone, or the bot may no longer use it. */
// Unknown channel, guild or message; missing access or permissions; a thread archived and locked (50083, 160005).
const GONE_CODES = new Set([10003, 10004, 10008, 50001, 50013, 50083, 160005]);

/** Discord's global limit on a bot's requests a second, unless Discord raised it for the bot (`DISCORD_GLOBAL_RATE`). */
export const DISCORD_GLOBAL_RATE = 50;

/**
 * How many of Reverie's channel requests go to discord.js's REST at once, at Discord's usual global limit: a second of
 * its budget. The rest wait here, where vote edits go first, instead of in discord.js's queue, which has no order
 * between channels.
 */
export const CHANNEL_REQUESTS_AT_ONCE = DISCORD_GLOBAL_RATE;

/**
 * Reverie's channel requests a second under a global limit of `globalRate`: 96% of it (48 of 50), so that commands'
 * own requests (fetches) still fit.
 */
export const channelRequestsPerSecond = (globalRate: number) => Math.max(1, Math.floor(globalRate * 0.96));
/** How many go at once before the pace holds them: a channel's few requests together are not spread. */
const REQUEST_BURST = 5;

/**
 * Pings nobody: a dream's words may name @everyone, a role or a member. discord.js adds the client's `allowedMentions`
 * only to what goes through its own builders, so the raw requests here say it themselves.
 */
const NO_PINGS = { parse: [] };

/**
 * How many votes shown closed are remembered, so that a late view of one still open is dropped: a tally read just
 * before the close can reach {@link DiscordOutput.editVote} after the close's edit went out, and would open it again.
 * The race lasts a moment, so the last ten thousand closes are plenty.
 */
const CLOSED_VOTES_REMEMBERED = 10_000;

/** A request that was still waiting for its turn when this copy lost its guilds (see {@link DiscordOutput.abandon}). */
export class AbandonedRequestError extends Error {
	constructor() {
		super('not sent: this copy no longer owns these guilds');
	}
}

/** A vote's edit waiting for its turn: the view it will show, and when it has been shown. */
interface WaitingEdit {
	view: VoteView;
	done: Promise<void>;
	/** A closing edit whose channel's next post went ahead of it (see {@link ORDER}). */
	overtaken?: true;
	/** A tally edit that gave its place up to the vote's close, which waits with the other closes. */
	superseded?: true;
}

/**
 * The order in which requests wait for their turn when more are asked for than the global limit lets out: the first
 * post of a channel whose vote just closed (the dream going on: a round's critical path is one request per channel);
 * then votes shown closed, in the order of their deadlines; then open votes' tallies (a vote about to close needs
 * none); then every other post. A thousand votes closing together go on within N/48 s, and are all shown closed within
 * as long again.
 */
const ORDER = { roundPost: 0, closed: 1, tallies: 2, post: 3 } as const;
type Level = (typeof ORDER)[keyof typeof ORDER];

/**
 * The sessions' output, over discord.js's REST. Beats and votes go out as channel messages (not interaction
 * follow-ups, whose tokens last 15 minutes), each with a nonce and `enforce_nonce`, so a retried post is dropped by
 * Discord. They go as the JSON `render.ts` already wrote, straight to the client's REST (its rate limits and queue),
 * not through `channel.send`/`messages.edit`: those resolve the body again and build a discord.js Message from
 * Discord's answer, which nothing here reads; when a thousand votes close at once that was CPU the clicks waited on.
 *
 * Every channel message counts against the bot's 50 requests a second, so a thousand votes closing together wait
 * their turn for 20 s or more. They wait in order ({@link ORDER}): each dream's next post first, then the votes shown
 * closed (a click meanwhile is already answered that the vote is over); a vote has one edit waiting at most, showing
 * its newest state; and while requests wait, no "typing…" is sent, since it would come late and take a post's place.
 */
export class DiscordOutput implements ChannelOutput {
	private readonly requests: PrioritySemaphore;
	/** Vote edits not yet sent, by message id. */
	private readonly waitingEdits = new Map<string, WaitingEdit>();
	/** Closing edits not yet sent, by channel: the channel's next post goes ahead of them, and tells their result. */
	private readonly closingEdits = new Map<string, WaitingEdit>();
	/** Vote messages whose closed view has been sent or is waiting. */
	private readonly closedVotes = new LruMap<string, true>(CLOSED_VOTES_REMEMBERED);
	private abandoned = false;
	/** The request booked last, once past the pace (see {@link paced}). */
	private pacedBefore: Promise<void> = Promise.resolve();

	/**
	 * `budgets`: what Discord's answers told this process of each channel's budgets, and what a copy handing its guilds
	 * over had spent (see channel-budgets.ts): a request in a spent bucket waits for it to come back.
	 */
	constructor(
		private readonly client: Client,
		private readonly pace: Pace = new RequestPace(channelRequestsPerSecond(DISCORD_GLOBAL_RATE), REQUEST_BURST),
		private readonly budgets = new ChannelBudgets(),
		/** Requests at once: a second of the global limit. */
		atOnce = CHANNEL_REQUESTS_AT_ONCE,
	) {
		this.requests = new PrioritySemaphore(atOnce, Object.keys(ORDER).length);
	}

	/** An output paced for a bot whose global limit is `globalRate` requests a second. */
	static forGlobalRate(client: Client, globalRate: number, budgets: ChannelBudgets): DiscordOutput {
		return new DiscordOutput(
			client,
			new RequestPace(channelRequestsPerSecond(globalRate), REQUEST_BURST),
			budgets,
			globalRate,
		);
	}

	/** Waits until the budget of `bucket` has room, when it is known to be spent. */
	private async budgetBack(bucket: string): Promise<void> {
		for (let wait = this.budgets.book(bucket); wait > 0; wait = this.budgets.book(bucket))
			await new Promise((resolve) => setTimeout(resolve, wait));
	}

	/**
	 * This copy lost its guilds' lease: requests still waiting for their turn fail with {@link AbandonedRequestError}
	 * instead of going out, as do any asked for from now on. Under a backlog they could wait twenty seconds, and by
	 * then the copy that took over posts and edits there: a stale tally edit would show its closed vote open again. The
	 * new owner takes every dream up from the store, so what is dropped here is done there. A request already sent is
	 * Discord's to answer.
	 */
	abandon(): void {
		this.abandoned = true;
	}

	/**
	 * Sends one request to Discord in its turn (by its `level`, see {@link ORDER}, then by `rank` within the level) and
	 * at its pace; none, and no turn taken, if by then it is no longer `wanted`.
	 */
	private async inTurn<T>(
		level: Level,
		request: () => Promise<T>,
		wanted = () => true,
		rank?: number,
	): Promise<T | undefined> {
		if (this.abandoned) throw new AbandonedRequestError();
		await this.requests.acquire(level, rank);
		try {
			if (!wanted()) return undefined;
			await this.paced();
			if (this.abandoned) throw new AbandonedRequestError();
			if (!wanted()) return undefined;
			return await request();
		} finally {
			this.requests.release();
		}
	}

	/**
	 * Resolves at the request's time by the pace. Requests pass its last check one after another in the order they
	 * were booked (their turns' order): held by it together, their timers could end in any order.
	 */
	private paced(): Promise<void> {
		const wait = this.pace.book();
		const booked = wait > 0 ? sleep(wait) : undefined;
		const passed = this.pacedBefore.then(async () => {
			await booked;
			for (let more = this.pace.clear(); more > 0; more = this.pace.clear()) await sleep(more);
		});
		this.pacedBefore = passed;
		return passed;
	}

	private async channel(channelId: string): Promise<SendableChannels> {
		const channel = await this.guard(channelId, () => this.client.channels.fetch(channelId));
		if (!channel?.isSendable()) throw new ChannelGoneError(channelId, 'not a channel the bot can post in');
		// A dream's thread archived (by a member, or by Discord after a day without a post) is opened again to go on: an
		// archived thread takes no edit. One a moderator locked too is closed to the dream.
		if (channel.isThread() && channel.archived) {
			if (channel.locked) throw new ChannelGoneError(channelId, 'the thread is archived and locked');
			await this.guard(channelId, async () => {
				await channel.setArchived(false, 'a dream goes on in it');
			});
		}
		return channel;
	}

	/** Turns Discord's "unknown channel/message, missing access" into {@link ChannelGoneError}. */
	private async guard<T>(channelId: string, work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (error) {
			if (error instanceof DiscordAPIError && typeof error.code === 'number' && GONE_CODES.has(error.code))
				throw new ChannelGoneError(channelId, `${error.message} (${error.code})`);
			throw error;
		}
	}

	/**
	 * Posts `payload` in the channel and returns the message's id. The first post after a vote closed goes ahead of the
	 * vote's closing edit if that still waits, and then says which choice won, since the vote does not show it yet.
	 */
	private async send(channelId: string, payload: MessageBody, nonce?: string): Promise<string> {
		await this.channel(channelId);
		const closing = this.closingEdits.get(channelId);
		const overtakes = closing !== undefined && !closing.overtaken;
		if (closing) closing.overtaken = true;
		const { files, ...rest } = payload;
		const raw: RawFile[] | undefined = files?.map((file) => ({ name: file.name, data: file.attachment }));
		await this.budgetBack(`POST /channels/${channelId}/messages`);
		const message = (await this.guard(channelId, () =>
			this.inTurn(overtakes ? ORDER.roundPost : ORDER.post, () => {
				const body = overtakes && this.closingEdits.get(channelId) === closing ? withResult(rest, closing.view) : rest;
				return this.client.rest.post(Routes.channelMessages(channelId), {
					body: {
						...body,
						allowed_mentions: NO_PINGS,
						...(raw ? { attachments: raw.map((file, id) => ({ id, filename: file.name })) } : {}),
						...(nonce ? { nonce, enforce_nonce: true } : {}),
					},
					...(raw ? { files: raw } : {}),
				});
			}),
		)) as APIMessage;
		return message.id;
	}

	postBeat(channelId: string, view: BeatView, nonce: string): Promise<string> {
		return this.send(channelId, renderBeat(view), nonce);
	}

	postVote(channelId: string, view: VoteView, nonce: string): Promise<string> {
		return this.send(channelId, renderVote(view), nonce);
	}

	/**
	 * Edits the vote's message. An edit that is still waiting for its turn takes the newest view instead of a second
	 * edit going out (each edit replaces the whole message), and a closed vote is never shown open again: not by an
	 * edit waiting with it, nor by one that comes after its close went out. A tally edit still waiting when the vote
	 * closes gives its place up to the close, which waits behind the closes before it: a thousand first ballots' tally
	 * edits, still waiting when their votes close, would otherwise go ahead of every dream's next post, and of the
	 * closes that came before theirs.
	 */
	editVote(channelId: string, messageId: string, view: VoteView): Promise<void> {
		const closing = view.state === 'closed';
		if (closing) this.closedVotes.set(messageId, true);
		else if (this.closedVotes.get(messageId)) return Promise.resolve();
		const waiting = this.waitingEdits.get(messageId);
		if (waiting && (waiting.view.state === 'closed' || !closing)) {
			if (closing || waiting.view.state !== 'closed') waiting.view = view;
			return waiting.done;
		}
		if (waiting) waiting.superseded = true;
		const edit: WaitingEdit = { view, done: Promise.resolve() };
		this.waitingEdits.set(messageId, edit);
		if (closing) this.closingEdits.set(channelId, edit);
		edit.done = (async () => {
			try {
				await this.channel(channelId);
				await this.budgetBack(`PATCH /channels/${channelId}/messages`);
				await this.guard(channelId, () =>
					this.inTurn(
						closing ? ORDER.closed : ORDER.tallies,
						() => {
							// From here a newer view is another edit: this one is on its way.
							this.waitingEdits.delete(messageId);
							if (this.closingEdits.get(channelId) === edit) this.closingEdits.delete(channelId);
							// `embeds: []` clears a vote posted as an embed before the newer layout, which an edit may then take on.
							const body = { ...renderVote(edit.view), embeds: [], allowed_mentions: NO_PINGS };
							return this.client.rest.patch(Routes.channelMessage(channelId, messageId), { body });
						},
						() => !edit.superseded,
						// Closes wait in deadline order: on a busy core a close's store turn can end after a later one's.
						closing ? (view.deadline ?? Date.now()) : undefined,
					),
				);
			} finally {
				if (this.waitingEdits.get(messageId) === edit) this.waitingEdits.delete(messageId);
				if (this.closingEdits.get(channelId) === edit) this.closingEdits.delete(channelId);
			}
		})();
		return edit.done;
	}

	/**
	 * The recap, with the map of the night attached where Reverie may attach files; where it may not (by the channel's
	 * permissions, or Discord's answer), the recap goes without the map and says so.
	 */
	async postEnding(channelId: string, view: EndingView, nonce: string): Promise<string> {
		const channel = await this.channel(channelId);
		const me = this.client.user;
		const allowed =
			!view.map || !me || !('permissionsFor' in channel)
				? true
				: (channel.permissionsFor(me)?.has(PermissionFlagsBits.AttachFiles) ?? true);
		if (!allowed) return this.send(channelId, renderEnding(view, { attach: false }), nonce);
		try {
			return await this.send(channelId, renderEnding(view), nonce);
		} catch (error) {
			if (!(view.map && error instanceof ChannelGoneError && error.message.includes('(50013)'))) throw error;
			return this.send(channelId, renderEnding(view, { attach: false }), nonce);
		}
	}

	async postNotice(channelId: string, view: NoticeView): Promise<void> {
		await this.send(channelId, renderNotice(view));
	}

	async typing(channelId: string): Promise<void> {
		if (this.requests.waiting > 0) return;
		await this.channel(channelId);
		await this.guard(channelId, () =>
			this.inTurn(ORDER.post, () => this.client.rest.post(Routes.channelTyping(channelId))),
		);
	}
}
