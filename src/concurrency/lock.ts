/**
 * Serializes async work per key: two calls with the same key run one after the other, in the order they came;
 * calls with different keys run side by side. Reverie keys it by channel, and a channel's guild lives on exactly one
 * shard, so one process's lock is enough to serialize every read-modify-write of a channel's record.
 */
export class KeyedLock {
	private readonly tails = new Map<string, Promise<unknown>>();

	run<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const result = previous.then(work, work);
		// The next call runs after this one whether it failed or not; its caller sees the failure through `result`.
		const tail = result.catch(() => undefined);
		this.tails.set(key, tail);
		// Forget the key once nothing more is queued behind this call, so the map does not grow with every channel (`tail`
		// never fails: nothing to report).
		void tail.then(() => {
			if (this.tails.get(key) === tail) this.tails.delete(key);
		});
		return result;
	}

	/** How many keys have work queued or running (for tests and diagnostics). */
	get busyKeys(): number {
		return this.tails.size;
	}
}
