/** A map that keeps at most `capacity` entries, forgetting the one used least recently. */
export class LruMap<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(readonly capacity: number) {}

	get(key: K): V | undefined {
		const value = this.entries.get(key);
		if (value === undefined) return undefined;
		// A Map iterates in insertion order: moving the entry to the end keeps the least recently used first.
		this.entries.delete(key);
		this.entries.set(key, value);
		return value;
	}

	set(key: K, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		for (const oldest of this.entries.keys()) {
			if (this.entries.size <= this.capacity) break;
			this.entries.delete(oldest);
		}
	}

	delete(key: K): void {
		this.entries.delete(key);
	}

	get size(): number {
		return this.entries.size;
	}
}
