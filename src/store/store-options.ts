/** How a store (store.ts) waits and queues; every field has a default. */
export interface StoreOptions {
	/**
	 * How long one operation may take before it fails with a `StoreUnavailableError`, in ms (default 2000): a
	 * store that does not answer (Redis frozen, a network partition) then costs a click this long, not forever.
	 */
	timeoutMs?: number;
	/**
	 * How long one turn of the channel lock (`Store.withChannel`) may last, in ms (default 30 timeouts, as a busy
	 * store's turn may queue for each operation). Then the next turn goes ahead, and the late one's operations fail.
	 */
	turnTimeoutMs?: number;
	/**
	 * How many operations may be out at once (default 16). The rest queue, their deadlines not yet running, so a burst
	 * of work does not time itself out; members' clicks and commands (urgent turns) go to the front.
	 */
	concurrency?: number;
	/**
	 * How long a call waits for its turn of the channel lock, in ms (default one timeout), once the store has failed
	 * since it began waiting: a hung store costs each turn ahead a timeout, a busy one is waited for. A call that gave up
	 * never runs its work.
	 */
	lockWaitMs?: number;
	/**
	 * Whether a `fresh` read (`Store.readChannel`) asks the store even when this process knows the record (default
	 * true). Off for SQLite (`Store.open`): an open file does not stop answering as a server can, nor write late.
	 */
	freshReads?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_CONCURRENCY = 16;
/** How many operations may be out at once while bulk work runs (`Store.bulk`). */
export const BULK_OPERATIONS_AT_ONCE = 256;
