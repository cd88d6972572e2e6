import Keyv from 'keyv';
import { Store, type StoreOptions } from '../../src/store/store.js';

/**
 * A Keyv backend in memory that a test steers, for a store that fails or holds its answers on cue: `failWrites`
 * refuses the writes it says so of (a store down), `hold` keeps every operation waiting until `release` (a slow
 * store). Everything it does is promises, so a test on fake timers runs it in fake time.
 */
export class SteeredBackend {
	readonly data = new Map<string, unknown>();
	/** Writes for which this answers true fail, as a store that cannot be reached. */
	failWrites: ((key: string, value: unknown) => boolean) | null = null;
	/** Every operation fails, as a store that cannot be reached. */
	down = false;
	private gate: Promise<void> | null = null;
	private open: () => void = () => undefined;

	/** Holds every operation from now on until {@link release}. */
	hold(): void {
		this.gate ??= new Promise<void>((resolve) => {
			this.open = resolve;
		});
	}

	release(): void {
		this.open();
		this.gate = null;
	}

	private async answer<T>(value: () => T): Promise<T> {
		if (this.gate) await this.gate;
		if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
		return value();
	}

	get(key: string) {
		return this.answer(() => this.data.get(key));
	}
	has(key: string) {
		return this.answer(() => this.data.has(key));
	}
	set(key: string, value: unknown) {
		return this.answer(() => {
			if (this.failWrites?.(key, value)) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
			this.data.set(key, value);
			return true;
		});
	}
	delete(key: string) {
		return this.answer(() => this.data.delete(key));
	}
	clear() {
		return this.answer(() => this.data.clear());
	}
}

/** A store over a {@link SteeredBackend}. */
export function steeredStore(backend: SteeredBackend, options: StoreOptions = {}): Store {
	const keyv = (namespace: string) => new Keyv({ store: backend, namespace, throwOnErrors: true });
	return new Store(keyv('channels'), keyv('guilds'), options);
}
