import type { GuildSettings } from '../store/records.js';
import type { Store } from '../store/store.js';

/**
 * Each server's settings, read from the store once and kept: they change only through {@link update}, in the process
 * that holds the server.
 */
export class GuildSettingsCache {
	private readonly cache = new Map<string, GuildSettings>();

	constructor(
		private readonly store: Store,
		/** Settings for a server that has set none. */
		private readonly defaults: GuildSettings,
	) {}

	async get(guildId: string): Promise<GuildSettings> {
		const cached = this.cache.get(guildId);
		if (cached) return cached;
		const settings = await this.store.readSettings(guildId, this.defaults);
		this.cache.set(guildId, settings);
		return settings;
	}

	/** Changes the settings, one change at a time (each write expects what the one before left). */
	update(guildId: string, patch: Partial<GuildSettings>): Promise<GuildSettings> {
		return this.store.lock.run(`settings of ${guildId}`, async () => {
			const settings = { ...(await this.get(guildId)), ...patch };
			await this.store.writeSettings(guildId, settings);
			this.cache.set(guildId, settings);
			return settings;
		}) as Promise<GuildSettings>;
	}
}
