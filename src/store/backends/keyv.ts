import KeyvRedis from '@keyv/redis';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import type { Logger } from '../../log.js';
import { PooledPostgres } from './postgres.js';
import { redisAdapter } from './redis.js';
import { sqliteAdapter } from './sqlite.js';
import { deserialize, serialize } from './stored-form.js';
import { storeKind } from './url.js';

/**
 * The Keyv adapter for a `STORE_URL` (see `STORE_URL_FORMS` in url.ts), with its connection errors logged. Every
 * adapter throws its failures instead of answering "no value", so a store that is down is never taken for an empty one.
 */
export function adapterFor(url: string, log: Logger, namespace = 'store'): KeyvStoreAdapter {
	switch (storeKind(url)) {
		case 'sqlite':
			return sqliteAdapter(url.slice('sqlite://'.length), log);
		case 'redis':
			return redisAdapter(url, log, namespace);
		case 'postgres':
			return new PooledPostgres(url, log);
	}
}

/** One Keyv namespace over the store at `url`, with its errors logged rather than thrown from an emitter. */
export function openKeyv<T>(url: string, namespace: string, log: Logger): Keyv<T> {
	const store = adapterFor(url, log, namespace);
	// Redis adapters prefix keys with their namespace themselves (`channels::…`); Keyv's own prefix would double it.
	const keyv = new Keyv<T>({
		store,
		namespace,
		useKeyPrefix: !(store instanceof KeyvRedis),
		throwOnErrors: true,
		serialize,
		deserialize,
	});
	keyv.on('error', (error: unknown) => log.error({ err: error, namespace }, 'store error'));
	return keyv;
}
