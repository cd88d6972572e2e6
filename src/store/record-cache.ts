/** How many records a {@link RecordCache} keeps, outside bulk work. */
export const RECORD_CACHE_LIMIT = 2000;

/**
 * The channel records this process read or wrote last, as stored. A channel's records are written only by the process
 * that holds its guild's lease (one shard per guild, one copy per shard: see lease.ts), under the channel's lock, so what this process last wrote is what the
 * store holds, and reading it back can be skipped. Kept as JSON text, as written: each read parses its own copy (which
 * its caller may change), and a write's text is the one the store is sent. Least recently used out first.
 *
 * A read that overlapped a write or delete of the same channel may have read what was there before (a pool of
 * connections need not answer in the order asked), so it is not remembered: reads are bracketed by {@link beginRead}
 * and {@link endRead}, changes by {@link beginChange} and {@link endChange}, and {@link unchangedSince} tells which.
 */
export class RecordCache {
	private readonly texts = new Map<string, string>();
	private max = RECORD_CACHE_LIMIT;
	/** Writes and deletes so far, and each channel's last one while reads are out. */
	private changes = 0;
	private readsOut = 0;
	private readonly lastChange = new Map<string, number>();

	/** How many records it keeps; lowering it forgets the least recently used beyond it. */
	get limit(): number {
		return this.max;
	}

	set limit(count: number) {
		this.max = count;
		this.trim();
	}

	/** Whether the channel's record is known, without counting as a use. */
	has(channelId: string): boolean {
		return this.texts.has(channelId);
	}

	/** The channel's record as stored, if known, which is then the most recently used. */
	use(channelId: string): string | undefined {
		const text = this.texts.get(channelId);
		if (text !== undefined) this.remember(channelId, text);
		return text;
	}

	/** Keeps `text` as what the store holds for the channel, as the most recently used. */
	remember(channelId: string, text: string): void {
		this.texts.delete(channelId);
		this.texts.set(channelId, text);
		this.trim();
	}

	/** Forgets every record. */
	clear(): void {
		this.texts.clear();
	}

	/** A write or delete of the channel is being sent: until it lands, what the store holds is not known. */
	beginChange(channelId: string): void {
		this.texts.delete(channelId);
		this.noteChange(channelId);
	}

	/** The write or delete answered, or failed: reads that overlapped it must not remember what they read. */
	endChange(channelId: string): void {
		this.noteChange(channelId);
	}

	/** A read from the store begins; the mark it returns is for {@link unchangedSince}. */
	beginRead(): number {
		this.readsOut++;
		return this.changes;
	}

	/** The read that {@link beginRead} began has its answer (or failed). */
	endRead(): void {
		this.readsOut--;
		if (this.readsOut === 0) this.lastChange.clear();
	}

	/** Whether no write or delete of the channel began or ended since the read that got `mark` began. */
	unchangedSince(channelId: string, mark: number): boolean {
		return (this.lastChange.get(channelId) ?? 0) <= mark;
	}

	private noteChange(channelId: string): void {
		this.changes++;
		if (this.readsOut > 0) this.lastChange.set(channelId, this.changes);
	}

	private trim(): void {
		while (this.texts.size > this.max) {
			const oldest = this.texts.keys().next().value;
			if (oldest === undefined) return;
			this.texts.delete(oldest);
		}
	}
}
