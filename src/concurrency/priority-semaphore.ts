/** A waiter: how to let it go, and its place within its level (lower first; unranked waiters queue last). */
interface Waiter {
	go: () => void;
	rank: number;
}

/**
 * A counting semaphore whose waiters queue by priority: level 0 is served first, then 1, and so on; within a level,
 * by rank where one is given (lower first), else and among equal ranks first come first served. The store lets this
 * many operations out at once, so that a burst of background work queues here instead of timing itself out at the
 * backend, and a member's click goes to the front; Discord's output orders its requests by what a member waits on.
 */
export class PrioritySemaphore {
	private free: number;
	private readonly queues: Waiter[][];

	/** `size` permits; waiters at `levels` priorities (0 to levels - 1). */
	constructor(
		private size: number,
		levels = 2,
	) {
		this.size = Math.max(1, size);
		this.free = this.size;
		this.queues = Array.from({ length: Math.max(1, levels) }, () => []);
	}

	/** Another size from now on: a larger one lets waiters go at once, a smaller one keeps permits as they come back. */
	resize(size: number): void {
		this.free += Math.max(1, size) - this.size;
		this.size = Math.max(1, size);
		while (this.free > 0) {
			const next = this.next();
			if (!next) return;
			this.free--;
			next();
		}
	}

	/** How many wait for a permit. */
	get waiting(): number {
		return this.queues.reduce((sum, queue) => sum + queue.length, 0);
	}

	/**
	 * Resolves once a permit is held, waiting behind every waiter of a lower `level` and, within the level, behind those
	 * of a lower or equal `rank`; {@link release} gives it back.
	 */
	async acquire(level: number, rank = Number.POSITIVE_INFINITY): Promise<void> {
		if (this.free > 0) {
			this.free--;
			return;
		}
		const queue = this.queues[Math.min(Math.max(0, level), this.queues.length - 1)] ?? [];
		await new Promise<void>((go) => queue.splice(afterRank(queue, rank), 0, { go, rank }));
	}

	/** Gives a permit back: to the next waiter, the lowest level first. */
	release(): void {
		// More permits out than the size (it was made smaller): this one is not handed on.
		if (this.free < 0) {
			this.free++;
			return;
		}
		const next = this.next();
		if (next) next();
		else this.free++;
	}

	private next(): (() => void) | undefined {
		for (const queue of this.queues) if (queue.length > 0) return queue.shift()?.go;
		return undefined;
	}
}

/** Where a waiter of `rank` goes in `queue` (kept sorted by rank): after every waiter ranked the same or lower. */
function afterRank(queue: readonly Waiter[], rank: number): number {
	let low = 0;
	let high = queue.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((queue[middle]?.rank ?? 0) <= rank) low = middle + 1;
		else high = middle;
	}
	return low;
}
