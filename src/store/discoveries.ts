/**
 * What a server has found of each dream: the endings its channels reached (when, and where first) and the scenes they
 * were told. One record per server, beside its settings; `/dream reset` never touches it.
 */
import { z } from 'zod';
import type { Store } from './store.js';

export const FOUND_VERSION = 1;

const endingSchema = z.object({
	at: z.number(),
	channelId: z.string(),
	/** The dream that first reached it: noting the same play again (a retry) still finds it new. */
	sessionId: z.string().optional(),
});

const storySchema = z.object({
	/** Ending name → when and where this server first reached it. */
	endings: z.record(z.string(), endingSchema),
	/** The scenes this server has been told, in the order first told. */
	scenes: z.array(z.string()),
});

const foundSchema = z.object({ v: z.literal(FOUND_VERSION), dreams: z.record(z.string(), storySchema) });

export type FoundInStory = z.infer<typeof storySchema>;
export type FoundEnding = z.infer<typeof endingSchema>;
type FoundRecord = z.infer<typeof foundSchema>;

const key = (guildId: string) => `${guildId}:found`;
const NOTHING: FoundInStory = { endings: {}, scenes: [] };

/** A play that reached the end: the ending, and every scene it told. */
export interface Reached {
	storyId: string;
	sessionId: string;
	ending: string | null;
	scenes: readonly string[];
	channelId: string;
	at: number;
}

export class DiscoveryStore {
	constructor(private readonly store: Store) {}

	/** What the server has found of every dream. An unreadable record is an error, never taken for nothing found. */
	async all(guildId: string): Promise<Record<string, FoundInStory>> {
		const raw = await this.store.readGuildValue(key(guildId));
		if (raw === undefined) return {};
		const parsed = foundSchema.safeParse(raw);
		if (!parsed.success) throw new Error(`what server ${guildId} has found is unreadable: ${parsed.error.message}`);
		return parsed.data.dreams;
	}

	async of(guildId: string, storyId: string): Promise<FoundInStory> {
		return (await this.all(guildId))[storyId] ?? NOTHING;
	}

	/**
	 * Notes what a play found, under the server's turn (two channels ending at once both count). Returns what the server
	 * has found of the dream now, and whether the ending is new to it.
	 */
	note(guildId: string, reached: Reached): Promise<{ found: FoundInStory; newEnding: boolean }> {
		return this.store.lock.run(`found in ${guildId}`, async () => {
			const dreams = await this.all(guildId);
			const before = dreams[reached.storyId] ?? NOTHING;
			const earlier = reached.ending === null ? undefined : before.endings[reached.ending];
			const newEnding = reached.ending !== null && (!earlier || earlier.sessionId === reached.sessionId);
			const { at, channelId, sessionId } = reached;
			const endings =
				reached.ending !== null && !earlier
					? { ...before.endings, [reached.ending]: { at, channelId, sessionId } }
					: before.endings;
			const scenes = [
				...before.scenes,
				...reached.scenes.filter((s, i, all) => !before.scenes.includes(s) && all.indexOf(s) === i),
			];
			const found: FoundInStory = { endings, scenes };
			const record: FoundRecord = { v: FOUND_VERSION, dreams: { ...dreams, [reached.storyId]: found } };
			await this.store.writeGuildValue(key(guildId), record);
			return { found, newEnding };
		});
	}
}
