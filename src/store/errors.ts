/** What the store's callers are told when it fails them. */

/**
 * The store did not answer in time, or could not be reached (the backend's error is the `cause`). A read gave
 * nothing; a write may or may not have landed, as with any request that got no answer.
 */
export class StoreUnavailableError extends Error {
	override readonly name: string = 'StoreUnavailableError';
}

/**
 * The store refused a write because what it holds is not what the writer read: another copy of Reverie wrote since
 * (this one lost its lease), or this write came after a newer one. Nothing was written; the value is read again.
 */
export class StaleWriteError extends StoreUnavailableError {
	override readonly name = 'StaleWriteError';
}
