import type { ServerResponse } from 'node:http';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { HttpError, type Violate } from './errors.js';

/** A per-channel budget: `limit` calls per `windowMs`, for a channel's posts and, apart, for its edits. */
export interface ChannelRate {
	limit: number;
	windowMs: number;
}

/** Discord's per-channel budgets: about 5 messages and 5 edits per 5 s. */
export const CHANNEL_RATE: ChannelRate = { limit: 5, windowMs: 5000 };

/** Discord's global limit on a bot's requests a second (channel posts and edits here; interactions are not counted). */
export const GLOBAL_RATE = 50;

/** The buckets of a channel's posts and of its edits. */
export const postBucket = (channelId: string) => `POST /channels/${channelId}/messages`;
export const editBucket = (channelId: string) => `PATCH /channels/${channelId}/messages`;

/**
 * An error the local Discord answers on purpose for a while (fault tests). With `afterCreate`, a post is stored first
 * and then answered with the error, as when Discord did the work but the answer was lost: only a nonce keeps the
 * retry from posting it twice.
 */
export interface Fault {
	status: 500 | 429;
	/** Epoch milliseconds; in force from the start when left out. */
	from?: number;
	until: number;
	afterCreate?: boolean;
}

/** Where the headers of a rate-limited answer go: the response being answered. */
type HeaderSink = Pick<ServerResponse, 'setHeader'>;

interface Bucket {
	count: number;
	resetAt: number;
}

const rateLimited = () => new HttpError(429, RESTJSONErrorCodes.GeneralError, 'You are being rate limited.');

/**
 * Discord's per-channel rate limits, with the headers discord.js reads to pace itself, and the faults a test injects.
 * A 429 the bot earns is a violation; an injected one is only counted.
 */
export class RateLimits {
	/** 429s the bot earned by going over a budget. */
	rateLimited = 0;
	/** Errors answered because a fault test asked for them (not the bot's doing), by status. */
	readonly injected = { 500: 0, 429: 0 };
	/** The faults in force or to come; a test pushes onto it. */
	readonly faults: Fault[] = [];
	private readonly buckets = new Map<string, Bucket>();

	/** The second the global count is of (its start, epoch ms), and the requests counted in it. */
	private globalSecond = { start: 0, count: 0 };

	/**
	 * `rate`: Discord's budgets unless a test asks for others (see `LocalDiscordOptions.channelRate`); `globalRate`:
	 * the bot's requests a second, all channels together (`LocalDiscordOptions.globalRate`).
	 */
	constructor(
		private readonly violate: Violate,
		public rate: ChannelRate = CHANNEL_RATE,
		readonly globalRate = GLOBAL_RATE,
	) {}

	/**
	 * Counts a channel request against the bot's global limit, in whole seconds as Discord counts it; over it, a 429
	 * with `x-ratelimit-global` (which discord.js waits out for every route), and a violation.
	 */
	takeGlobal(res: HeaderSink): void {
		const now = Date.now();
		const start = now - (now % 1000);
		if (this.globalSecond.start !== start) this.globalSecond = { start, count: 0 };
		if (this.globalSecond.count >= this.globalRate) {
			this.rateLimited++;
			this.violate('rate-limited', `429: over the global limit of ${this.globalRate} requests a second`);
			const retryAfter = (start + 1000 - now) / 1000;
			res.setHeader('x-ratelimit-global', 'true');
			res.setHeader('x-ratelimit-scope', 'global');
			res.setHeader('retry-after', retryAfter.toFixed(3));
			throw rateLimited();
		}
		this.globalSecond.count++;
	}

	/** Counts a call against a per-channel bucket; answers 429 with Discord's headers when it is spent. */
	take(res: HeaderSink, key: string): void {
		const now = Date.now();
		let bucket = this.buckets.get(key);
		if (!bucket || bucket.resetAt <= now) {
			bucket = { count: 0, resetAt: now + this.rate.windowMs };
			this.buckets.set(key, bucket);
		}
		const resetAfter = Math.max(0, bucket.resetAt - now) / 1000;
		const headers = {
			'x-ratelimit-limit': String(this.rate.limit),
			'x-ratelimit-reset-after': resetAfter.toFixed(3),
			'x-ratelimit-reset': (bucket.resetAt / 1000).toFixed(3),
			'x-ratelimit-bucket': key.replace(/[^a-z]/gi, '').slice(0, 24) || 'bucket',
		};
		if (bucket.count >= this.rate.limit) {
			this.rateLimited++;
			this.violate('rate-limited', `429 on ${key}`);
			for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
			res.setHeader('x-ratelimit-remaining', '0');
			res.setHeader('x-ratelimit-scope', 'user');
			res.setHeader('retry-after', String(Math.ceil(resetAfter)));
			throw rateLimited();
		}
		bucket.count++;
		for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
		res.setHeader('x-ratelimit-remaining', String(this.rate.limit - bucket.count));
	}

	/** How many more calls the bucket `key` takes before it resets (a fresh bucket takes the whole budget). */
	remaining(key: string): number {
		const bucket = this.buckets.get(key);
		return !bucket || bucket.resetAt <= Date.now() ? this.rate.limit : this.rate.limit - bucket.count;
	}

	/**
	 * Answers with an injected failure while one is in force: a 500, or a 429 with Retry-After. `after` is the stage
	 * once a post has been stored, for faults with `afterCreate`.
	 */
	injectFault(res: HeaderSink, stage: 'before' | 'after' = 'before'): void {
		const now = Date.now();
		const fault = this.faults.find(
			(f) => (f.from ?? 0) <= now && f.until > now && Boolean(f.afterCreate) === (stage === 'after'),
		);
		if (!fault) return;
		this.injected[fault.status]++;
		if (fault.status === 500) throw new HttpError(500, RESTJSONErrorCodes.GeneralError, 'Internal Server Error');
		res.setHeader('retry-after', '1');
		res.setHeader('x-ratelimit-scope', 'shared');
		throw rateLimited();
	}
}
