/** The longest a confirmation waits for a burst to end (see `bench/`: the answer seen, p99, against the null bot's). */
export const MAX_HOLD_MS = 200;

/** How many waiting answers go on in one turn of the event loop. */
const RELEASED_PER_TURN = 10;

/**
 * Lets work wait out a burst of interactions. Under a burst (clicks coming in less than {@link ConfirmationHold.quietMs} apart)
 * every click is acknowledged first and the rest waits until the clicks stop for a moment, or {@link ConfirmationHold.maxHoldMs}
 * at the longest: acknowledging is what Discord times (an interaction not acknowledged within 3 s fails), so it goes
 * ahead of anything that can wait. A lone click waits for nothing.
 */
export class ConfirmationHold {
	/** When the latest interaction came in, and the one before it (ms, on `now`'s clock). */
	private latest = Number.NEGATIVE_INFINITY;
	private before = Number.NEGATIVE_INFINITY;
	private readonly waiting: { until: number; go: () => void }[] = [];
	private timer: NodeJS.Timeout | undefined;
	private soon: NodeJS.Immediate | undefined;
	private released = false;

	constructor(
		/** Interactions closer together than this make a burst; this long without one ends it. */
		readonly quietMs = 25,
		/**
		 * The longest anything waits, burst or not: in a steady stream of clicks the quiet never comes, and every member
		 * waits this long to see their vote counted (a second, before; the target is 300 ms).
		 */
		readonly maxHoldMs = MAX_HOLD_MS,
		private readonly now: () => number = () => performance.now(),
	) {}

	/** An interaction came in. */
	interactionArrived(): void {
		this.before = this.latest;
		this.latest = this.now();
	}

	/**
	 * Resolves at once unless a burst is on (the last two interactions came within {@link quietMs} of each other, the
	 * latest within {@link quietMs} of now); otherwise once it is over (no interaction for {@link quietMs}), or
	 * {@link maxHoldMs} from now. Those that wait go on in the order they came.
	 */
	afterBurst(): Promise<void> {
		const now = this.now();
		const burst = now - this.latest < this.quietMs && this.latest - this.before < this.quietMs;
		if (this.released || (!burst && this.waiting.length === 0)) return Promise.resolve();
		return new Promise<void>((go) => {
			this.waiting.push({ until: this.now() + this.maxHoldMs, go });
			this.arm(this.quietMs);
		});
	}

	/** Lets everything that waits go on now, and nothing wait from now on (the bot is stopping). */
	release(): void {
		this.released = true;
		clearTimeout(this.timer);
		this.timer = undefined;
		clearImmediate(this.soon);
		this.soon = undefined;
		for (const waiter of this.waiting.splice(0)) waiter.go();
	}

	private arm(ms: number): void {
		if (this.timer || this.soon) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.check();
		}, ms);
	}

	/**
	 * Lets those go on whose wait is over, {@link RELEASED_PER_TURN} at a time: what they go on to do (a thousand
	 * confirmations after a burst) runs between the clicks that come in meanwhile, and if clicks come again, the rest
	 * wait again.
	 */
	private check(): void {
		const now = this.now();
		const quietFor = now - this.latest;
		const over = quietFor >= this.quietMs;
		let gone = 0;
		while (gone < RELEASED_PER_TURN) {
			const first = this.waiting[0];
			if (!first || (!over && first.until > now)) break;
			this.waiting.shift();
			first.go();
			gone++;
		}
		const next = this.waiting[0];
		if (!next) return;
		if (over || next.until <= now)
			this.soon = setImmediate(() => {
				this.soon = undefined;
				this.check();
			});
		else this.arm(Math.max(1, Math.min(this.quietMs - quietFor, next.until - now)));
	}
}
