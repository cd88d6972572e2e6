/**
 * How long a dream let prepare its post keeps its place if the post never comes (a reset, a dream stuck or moved on
 * meanwhile): past it the place goes to the next dream waiting. A post let out in time gives it back sooner.
 */
const PLACE_KEPT_MS = 10_000;

/**
 * The dreams going on after their votes closed that may prepare their next post now (take their choice, run the story,
 * write the record, render), at most `limit` at once: each keeps its place until its post is let out to Discord. When
 * a thousand votes close together their posts go out over twenty seconds at the global limit; prepared all at once,
 * that work would be done seconds early, in the same moment, on the core that answers clicks. Paced by the posts, it
 * is done a little ahead of each post's turn.
 */
export class PostsAhead {
	/** The channels preparing a post, each with the timer that gives its place up if the post never comes. */
	private readonly places = new Map<string, NodeJS.Timeout>();
	private readonly waiting: { channelId: string; go: () => void }[] = [];

	constructor(
		readonly limit: number,
		private readonly placeKeptMs = PLACE_KEPT_MS,
	) {}

	/** Resolves when `channelId` may prepare its next post: at once while fewer than `limit` are preparing theirs. */
	ready(channelId: string): Promise<void> {
		if (this.places.has(channelId)) return Promise.resolve();
		if (this.waiting.length === 0 && this.places.size < this.limit) {
			this.take(channelId);
			return Promise.resolve();
		}
		return new Promise((go) => this.waiting.push({ channelId, go }));
	}

	/** The channel's post was let out (or failed): its place goes to the next dream waiting. */
	posted(channelId: string): void {
		const timer = this.places.get(channelId);
		if (timer === undefined) return;
		clearTimeout(timer);
		this.places.delete(channelId);
		this.letNext();
	}

	/** Lets every waiting dream go on at once: this copy no longer posts, so nothing is left to pace. */
	letAllGo(): void {
		for (const { go } of this.waiting.splice(0)) go();
	}

	/** How many dreams wait for a place. */
	get waitingCount(): number {
		return this.waiting.length;
	}

	private take(channelId: string): void {
		const timer = setTimeout(() => this.posted(channelId), this.placeKeptMs);
		timer.unref();
		this.places.set(channelId, timer);
	}

	private letNext(): void {
		while (this.places.size < this.limit) {
			const next = this.waiting.shift();
			if (!next) return;
			if (!this.places.has(next.channelId)) this.take(next.channelId);
			next.go();
		}
	}
}
