import KeyvRedis from '@keyv/redis';
import type { Logger } from '../../log.js';
import { type Guard, type GuardedAdapter, REDIS_WRITE_IF } from './guarded.js';
import { redact } from './url.js';

/** The longest wait between two tries to reconnect to Redis, in ms. */
export const REDIS_RECONNECT_MAX_MS = 2000;

type RedisClient = ReturnType<KeyvRedis<string>['getClient']>;

/**
 * A Redis adapter whose first connection is shared by every command sent while it is made, and whose `disconnect`
 * also ends a client that cannot reach its server (`QUIT` would never answer). The base adapter connects on the first
 * command; a second command sent before that connection is ready found the client open but offline, and failed. It
 * relies on every command of the base adapter getting its client from `getClient()` (pinned by
 * tests/store/adapters.test.ts).
 */
export class ClosingRedis extends KeyvRedis<string> implements GuardedAdapter {
	private connecting: RedisClient | undefined;

	storedKey(namespace: string, key: string): string {
		return this.createKeyPrefix(key, namespace);
	}

	/** The guarded write as one script, which Redis runs with nothing else between its reads and its write. */
	async writeIf(key: string, text: string, guard: Guard): Promise<boolean> {
		const client = await this.getClient();
		const keys = guard.fence ? [key, guard.fence.key] : [key];
		const args = [text, String(guard.revision), String(guard.fence?.value ?? 0)];
		const landed = await client.eval(REDIS_WRITE_IF, { keys, arguments: args });
		return landed === 1;
	}

	override getClient(): RedisClient {
		if (this.client.isOpen && !this.connecting) return super.getClient();
		this.connecting ??= super.getClient().finally(() => {
			this.connecting = undefined;
		});
		return this.connecting;
	}

	override async disconnect(force?: boolean): Promise<void> {
		const client = this.client;
		if (!client.isOpen) return;
		if (!force && 'isReady' in client && client.isReady) {
			const quit = await Promise.race([
				client.quit().then(() => true),
				new Promise<false>((resolve) => setTimeout(() => resolve(false), 1000).unref()),
			]).catch(() => false);
			if (quit) return;
		}
		if (client.isOpen) await client.disconnect();
	}
}

/**
 * A Redis adapter over its own connection. Commands fail at once while the connection is down (no offline queue),
 * instead of piling up and landing, out of turn, once it is back; the client keeps reconnecting in the background.
 * Its socket errors are logged once per outage: node-redis throws an `error` event nobody listens to, which would
 * end the process.
 */
export function redisAdapter(url: string, log: Logger, namespace: string): KeyvRedis<string> {
	const adapter = new ClosingRedis(
		{
			url,
			disableOfflineQueue: true,
			socket: {
				connectTimeout: 5000,
				reconnectStrategy: (retries: number) => Math.min(2 ** retries * 100, REDIS_RECONNECT_MAX_MS),
			},
		},
		{ throwErrors: true, throwOnConnectError: true, connectionTimeout: 5000 },
	);
	let down = false;
	adapter.client.on('error', (error: unknown) => {
		if (down) return;
		down = true;
		log.error({ err: error, namespace, store: redact(url) }, 'lost the connection to Redis; reconnecting');
	});
	adapter.client.on('ready', () => {
		if (!down) return;
		down = false;
		log.warn({ namespace, store: redact(url) }, 'connected to Redis again');
	});
	return adapter;
}
