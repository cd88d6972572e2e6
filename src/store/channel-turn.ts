import type { ChannelRecord } from './records.js';

/** What reading a channel's record found. */
export type ChannelRead =
	| { kind: 'none' }
	| { kind: 'ok'; record: ChannelRecord }
	/** Stored, but not readable as a record: the caller logs it and resets the channel. */
	| { kind: 'corrupt'; reason: string };

/** The store's operations on a channel's record, as a turn runs them (the store hands them to each turn it makes). */
export interface ChannelOperations {
	read(channelId: string, options: { fresh?: boolean }, turn: ChannelTurn): Promise<ChannelRead>;
	write(record: ChannelRecord, turn: ChannelTurn): Promise<void>;
	delete(channelId: string, turn: ChannelTurn): Promise<void>;
}

/**
 * One turn of a channel's lock (`Store.withChannel`): the channel's record, read and written while the lock is
 * held; the only way to write or delete one. The turn is handed to its work and every operation goes through it, so that an operation knows its turn:
 * once the turn ran out its operations are refused, and a turn a member waits on has its operations go first.
 */
export class ChannelTurn {
	/** Set when the turn ran out: its work goes on after the lock moved on, and must not touch the store any more. */
	aborted = false;

	constructor(
		private readonly operations: ChannelOperations,
		readonly channelId: string,
		/** A member waits for this turn (a click, a command): its operations go ahead of background ones. */
		readonly urgent: boolean,
	) {}

	read(options: { fresh?: boolean } = {}): Promise<ChannelRead> {
		return this.operations.read(this.channelId, options, this);
	}

	write(record: ChannelRecord): Promise<void> {
		if (record.channelId !== this.channelId)
			return Promise.reject(new Error(`a turn of channel ${this.channelId} cannot write channel ${record.channelId}`));
		return this.operations.write(record, this);
	}

	delete(): Promise<void> {
		return this.operations.delete(this.channelId, this);
	}
}
