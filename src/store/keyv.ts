import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

/** Something that logs: pino's logger fits, and so does a test's. */
export interface StoreLogger {
	error(object: object, message: string): void;
}

/** A store URL Reverie cannot use, with the reason. */
export class StoreUrlError extends Error {}

/** The Keyv adapter for a `STORE_URL`. SQLite by default; the file's folder is created on first use. */
export function adapterFor(url: string): KeyvSqlite {
	const parsed = /^sqlite:\/\/(.+)$/.exec(url);
	if (!parsed?.[1]) throw new StoreUrlError(`STORE_URL "${url}" is not supported: use sqlite://path/to/file.sqlite`);
	const file = parsed[1];
	if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	return new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000 });
}

/** One Keyv namespace over the store at `url`, with its errors logged rather than thrown from an emitter. */
export function openKeyv<T>(url: string, namespace: string, log: StoreLogger): Keyv<T> {
	const keyv = new Keyv<T>({ store: adapterFor(url), namespace });
	keyv.on('error', (error: unknown) => log.error({ err: error, namespace }, 'store error'));
	return keyv;
}
