/** A store URL Reverie cannot use, with the reason. */
export class StoreUrlError extends Error {}

/** The `STORE_URL` forms Reverie takes, for error messages. */
export const STORE_URL_FORMS =
	'sqlite://path/to/file.sqlite, redis://host:6379 (or rediss:// for TLS), or postgresql://user:password@host:5432/database';

/** The backends Reverie can keep its state in. */
export type StoreKind = 'sqlite' | 'redis' | 'postgres';

/** Which backend a `STORE_URL` names; a {@link StoreUrlError} for one Reverie cannot use. */
export function storeKind(url: string): StoreKind {
	if (/^sqlite:\/\/.+/.test(url)) return 'sqlite';
	if (/^rediss?:\/\/.+/.test(url)) return 'redis';
	if (/^postgres(ql)?:\/\/.+/.test(url)) return 'postgres';
	throw new StoreUrlError(`STORE_URL "${redact(url)}" is not supported: use ${STORE_URL_FORMS}`);
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
	return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}
