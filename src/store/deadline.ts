/**
 * The store did not answer in time, or could not be reached (the backend's error is the `cause`). A read gave
 * nothing; a write may or may not have landed, as with any request that got no answer.
 */
export class StoreUnavailableError extends Error {
	override readonly name = 'StoreUnavailableError';
}

/** `work`, or the error `late()` makes if it has not settled within `ms`. */
export function deadline<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(late()), ms);
		work.then(resolve, reject).finally(() => clearTimeout(timer));
	});
}
