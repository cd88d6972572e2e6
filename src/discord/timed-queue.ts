/**
 * Items kept for a while after they came, oldest first: a copy of Reverie that does not own its guilds yet keeps the
 * interactions Discord sends it (it may own them within Discord's 3 s), and an owner keeps the ids of those it
 * answered (so the copy that takes over after it answers none of them twice). Pruned as it is used: no timers.
 */
export class TimedQueue<T> {
	private items: { item: T; until: number }[] = [];

	constructor(
		/** How long an item is kept after it came. */
		private readonly keepMs: number,
		private readonly now: () => number = Date.now,
	) {}

	push(item: T): void {
		this.prune();
		this.items.push({ item, until: this.now() + this.keepMs });
	}

	/** The items still kept, oldest first. */
	live(): T[] {
		this.prune();
		return this.items.map((entry) => entry.item);
	}

	/** The items still kept, oldest first, and none kept any more. */
	drain(): T[] {
		const live = this.live();
		this.items = [];
		return live;
	}

	get size(): number {
		this.prune();
		return this.items.length;
	}

	private prune(): void {
		const now = this.now();
		let expired = 0;
		while (expired < this.items.length && (this.items[expired]?.until ?? 0) <= now) expired++;
		if (expired > 0) this.items.splice(0, expired);
	}
}
