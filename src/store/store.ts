import type Keyv from 'keyv';
import { openKeyv, type StoreLogger } from './keyv.js';
import { KeyedLock } from './lock.js';
import { type ChannelRecord, type GuildSettings, parseChannelRecord, parseGuildSettings } from './records.js';

export type ChannelRead =
	| { kind: 'none' }
	| { kind: 'ok'; record: ChannelRecord }
	/** Stored, but not readable as a record: the caller logs it and resets the channel. */
	| { kind: 'corrupt'; reason: string };

/**
 * Reverie's state: one record per channel, one settings record per server, and the per-channel lock that every
 * read-modify-write of a channel record goes through ({@link Store.withChannel}).
 */
export class Store {
	readonly lock = new KeyedLock();

	constructor(
		private readonly channels: Keyv<unknown>,
		private readonly guilds: Keyv<unknown>,
	) {}

	static open(url: string, log: StoreLogger): Store {
		return new Store(openKeyv(url, 'channels', log), openKeyv(url, 'guilds', log));
	}

	/** Runs `work` with the channel's lock held: reads inside it see every write made before it. */
	withChannel<T>(channelId: string, work: () => Promise<T>): Promise<T> {
		return this.lock.run(channelId, work);
	}

	async readChannel(channelId: string): Promise<ChannelRead> {
		let raw: unknown;
		try {
			raw = await this.channels.get(channelId);
		} catch (error) {
			// Keyv's JSON parse of a damaged value throws here.
			if (error instanceof SyntaxError) return { kind: 'corrupt', reason: error.message };
			throw error;
		}
		if (raw === undefined) return { kind: 'none' };
		const parsed = parseChannelRecord(raw);
		return parsed.ok ? { kind: 'ok', record: parsed.value } : { kind: 'corrupt', reason: parsed.reason };
	}

	async writeChannel(record: ChannelRecord): Promise<void> {
		const ok = await this.channels.set(record.channelId, record);
		if (ok === false) throw new Error(`store refused to write channel ${record.channelId}`);
	}

	async deleteChannel(channelId: string): Promise<void> {
		await this.channels.delete(channelId);
	}

	/** Every channel id with a record, for resuming after a restart. */
	async *channelIds(): AsyncGenerator<string> {
		if (!this.channels.iterator) throw new Error('this store cannot list its records');
		for await (const entry of this.channels.iterator(undefined)) {
			const key = Array.isArray(entry) ? entry[0] : undefined;
			if (typeof key === 'string') yield key;
		}
	}

	async readSettings(guildId: string, defaults: GuildSettings): Promise<GuildSettings> {
		try {
			return parseGuildSettings(await this.guilds.get(guildId), defaults);
		} catch {
			return defaults;
		}
	}

	async writeSettings(guildId: string, settings: GuildSettings): Promise<void> {
		await this.guilds.set(guildId, settings);
	}

	async close(): Promise<void> {
		await Promise.allSettled([this.channels.disconnect(), this.guilds.disconnect()]);
	}
}
