/** `work`, or the error `late()` makes if it has not settled within `ms`. */
export function deadline<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(late()), ms);
		work.then(resolve, reject).finally(() => clearTimeout(timer));
	});
}
