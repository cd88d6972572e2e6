/**
 * A counting semaphore with two queues: urgent waiters are served before the others. The store lets this many
 * operations out at once, so that a burst of background work queues here instead of timing itself out at the backend,
 * and a member's click goes to the front.
 */
export class PrioritySemaphore {
	private free: number;
	private readonly urgentQueue: (() => void)[] = [];
	private readonly queue: (() => void)[] = [];

	constructor(private size: number) {
		this.size = Math.max(1, size);
		this.free = this.size;
	}

	/** Another size from now on: a larger one lets waiters go at once, a smaller one keeps permits as they come back. */
	resize(size: number): void {
		this.free += Math.max(1, size) - this.size;
		this.size = Math.max(1, size);
		while (this.free > 0) {
			const next = this.urgentQueue.shift() ?? this.queue.shift();
			if (!next) return;
			this.free--;
			next();
		}
	}

	/** How many wait for a permit. */
	get waiting(): number {
		return this.urgentQueue.length + this.queue.length;
	}

	/** Resolves once a permit is held; {@link release} gives it back. */
	async acquire(isUrgent: boolean): Promise<void> {
		if (this.free > 0) {
			this.free--;
			return;
		}
		await new Promise<void>((resolve) => (isUrgent ? this.urgentQueue : this.queue).push(resolve));
	}

	/** Gives a permit back: to the next waiter, urgent ones first. */
	release(): void {
		// More permits out than the size (it was made smaller): this one is not handed on.
		if (this.free < 0) {
			this.free++;
			return;
		}
		const next = this.urgentQueue.shift() ?? this.queue.shift();
		if (next) next();
		else this.free++;
	}
}
