/** `work`, or the error `late()` makes if it has not settled within `ms`. */
export function deadline<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(late()), ms);
		work.then(resolve, reject).finally(() => clearTimeout(timer));
	});
}

/**
 * What `work` resolved to if it settles within `ms`, as `{ value }`; null if it is still out then (it goes on
 * regardless). Its failure, if in time, is thrown.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<{ value: T } | null> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<null>((resolve) => {
		timer = setTimeout(resolve, ms, null);
	});
	try {
		return await Promise.race([work.then((value) => ({ value })), late]);
	} finally {
		clearTimeout(timer);
	}
}
