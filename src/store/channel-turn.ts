import type { ChannelRecord } from './records.js';
import type { ChannelRead, Store } from './store.js';

/**
 * One turn of a channel's lock ({@link Store.withChannel}): the channel's record, read and written while the lock is
 * held. The turn is handed to its work and every operation goes through it, so that an operation knows its turn:
 * once the turn ran out its operations are refused, and a turn a member waits on has its operations go first.
 */
export class ChannelTurn {
	/** Set when the turn ran out: its work goes on after the lock moved on, and must not touch the store any more. */
	aborted = false;

	constructor(
		private readonly store: Store,
		readonly channelId: string,
		/** A member waits for this turn (a click, a command): its operations go ahead of background ones. */
		readonly urgent: boolean,
	) {}

	read(options: { fresh?: boolean } = {}): Promise<ChannelRead> {
		return this.store.readChannel(this.channelId, { ...options, turn: this });
	}

	write(record: ChannelRecord): Promise<void> {
		if (record.channelId !== this.channelId)
			return Promise.reject(new Error(`a turn of channel ${this.channelId} cannot write channel ${record.channelId}`));
		return this.store.writeChannel(record, this);
	}

	delete(): Promise<void> {
		return this.store.deleteChannel(this.channelId, this);
	}
}
