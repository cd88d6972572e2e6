import type { BucketBudget } from '../store/lease-values.js';

/**
 * Discord's per-channel budgets for posts and, apart, for edits (about 5 each per 5 s), as Discord's answers to this
 * copy's requests tell them. discord.js paces itself by them, but only once it has had an answer in a bucket: a copy
 * taking a channel over from another starts knowing nothing, and its first post in a bucket the other copy had just
 * spent would earn a 429. So the copy handing over says what it had left of each bucket and until when, and the copy
 * taking over keeps to that until Discord's answers tell it more.
 */

/**
 * The bucket of a channel post or edit, as `"POST /channels/<id>/messages"`, or null for a request of another kind.
 * `url`: the request's address (`…/api/v10/channels/…`) or its path from the version on.
 */
export function bucketOf(method: string, url: string): string | null {
	const path = url.replace(/[?#].*$/, '').replace(/^.*?\/v\d+(?=\/)/, '');
	const match = /^\/channels\/(\d+)\/messages(\/\d+)?$/.exec(path);
	if (!match) return null;
	const verb = method.toUpperCase();
	if (verb === 'POST' && !match[2]) return `POST /channels/${match[1]}/messages`;
	if (verb === 'PATCH' && match[2]) return `PATCH /channels/${match[1]}/messages`;
	return null;
}

/** The headers of Discord's answer that tell a bucket's budget. */
export interface BudgetHeaders {
	get(name: string): string | null;
}

export class ChannelBudgets {
	/** What is left of each bucket this copy used or was told of, until it is whole again. */
	private readonly budgets = new Map<string, BucketBudget>();

	constructor(private readonly now: () => number = Date.now) {}

	/** Takes in what Discord's answer to a request says of its bucket's budget. */
	note(method: string, url: string, headers: BudgetHeaders): void {
		const bucket = bucketOf(method, url);
		const left = Number(headers.get('x-ratelimit-remaining') ?? Number.NaN);
		const resetAfter = Number(headers.get('x-ratelimit-reset-after') ?? Number.NaN);
		if (!bucket || !Number.isFinite(left) || !Number.isFinite(resetAfter)) return;
		this.budgets.set(bucket, { left, until: this.now() + resetAfter * 1000 });
	}

	/** What is left of the buckets used lately: what a copy handing its guilds over tells the next owner. */
	handOver(): Record<string, BucketBudget> {
		const now = this.now();
		const budgets: Record<string, BucketBudget> = {};
		for (const [bucket, budget] of this.budgets)
			if (budget.until > now) budgets[bucket] = { ...budget };
			else this.budgets.delete(bucket);
		return budgets;
	}

	/** Takes in what the copy handing over had left, where it knows less than that. */
	takeOver(budgets: Record<string, BucketBudget>): void {
		for (const [bucket, { left, until }] of Object.entries(budgets)) {
			const known = this.budgets.get(bucket);
			this.budgets.set(
				bucket,
				known ? { left: Math.min(left, known.left), until: Math.max(until, known.until) } : { left, until },
			);
		}
	}

	/**
	 * Books a request in `bucket`: how long it should wait for the budget to come back, in ms (0: it may go now, and
	 * takes one of what is left).
	 */
	book(bucket: string): number {
		const budget = this.budgets.get(bucket);
		if (!budget) return 0;
		const wait = budget.until - this.now();
		if (wait <= 0) {
			this.budgets.delete(bucket);
			return 0;
		}
		if (budget.left > 0) {
			budget.left--;
			return 0;
		}
		return wait;
	}
}
