/**
 * Each server's story nights planned ahead (`/dream schedule`): per server, one list of the nights still to come, each
 * with its time, zone, channel, dream, how its group will decide, and the server's scheduled event for it. A night
 * that has begun leaves the list (a weekly one moves on a week); the dream it began keeps its event in its record.
 */
import { z } from 'zod';
import { VOTE_MODES } from './records.js';
import type { Store } from './store.js';

/** The version of these records' shape; bump it and read the older one when the shape changes. */
export const STORY_NIGHTS_VERSION = 1;

/** At most this many nights planned per server. */
export const MAX_STORY_NIGHTS = 10;

const nightSchema = z.object({
	id: z.string(),
	guildId: z.string(),
	/** Where the dream is told (or the channel its thread is opened from). */
	channelId: z.string(),
	storyId: z.string(),
	/** When it begins, in Unix ms. */
	at: z.number(),
	/** The IANA zone its time was given in: a weekly night keeps its wall-clock time there. */
	zone: z.string(),
	repeat: z.enum(['weekly']).nullable(),
	/** Whether it is told in a thread of its own. */
	thread: z.boolean(),
	/** How its group will decide, where the plan chose; the server's settings for the rest. */
	voting: z.object({
		mode: z.enum(VOTE_MODES).optional(),
		narratorId: z.string().nullable().optional(),
		quickClose: z.boolean().optional(),
	}),
	/** The server's scheduled event for it in Discord; null while it could not be made. */
	eventId: z.string().nullable(),
	createdBy: z.string(),
	createdAt: z.number(),
});

export type StoryNight = z.infer<typeof nightSchema>;

const listSchema = z.object({ v: z.literal(STORY_NIGHTS_VERSION), nights: z.array(nightSchema) });

const listKey = (guildId: string) => `${guildId}:nights`;

export type PlanResult = { kind: 'planned'; nights: StoryNight[] } | { kind: 'full'; nights: StoryNight[] };

/** Reads and changes the servers' story nights. Changes to one server's list take turns, as its dreams' do. */
export class StoryNights {
	constructor(private readonly store: Store) {}

	/** The server's nights to come, soonest first. */
	async list(guildId: string): Promise<StoryNight[]> {
		const raw = await this.store.readGuildValue(listKey(guildId));
		if (raw === undefined) return [];
		const parsed = listSchema.safeParse(raw);
		if (!parsed.success)
			throw new Error(`the story nights of server ${guildId} are unreadable: ${parsed.error.issues[0]?.message}`);
		return parsed.data.nights.toSorted((a, b) => a.at - b.at);
	}

	/** Adds a night, unless the server has {@link MAX_STORY_NIGHTS} already. */
	plan(night: StoryNight): Promise<PlanResult> {
		return this.change(night.guildId, (nights) => (nights.length >= MAX_STORY_NIGHTS ? null : [...nights, night])).then(
			(result) =>
				result.changed ? { kind: 'planned', nights: result.nights } : { kind: 'full', nights: result.nights },
		);
	}

	/** Replaces the night `id` with what `update` makes of it (null removes it); the night, or null when there is none. */
	async update(
		guildId: string,
		id: string,
		update: (night: StoryNight) => StoryNight | null,
	): Promise<{ before: StoryNight; after: StoryNight | null } | null> {
		let found: { before: StoryNight; after: StoryNight | null } | null = null;
		await this.change(guildId, (nights) => {
			const before = nights.find((n) => n.id === id);
			if (!before) return null;
			const after = update(before);
			found = { before, after };
			return nights.flatMap((n) => (n.id !== id ? [n] : after ? [after] : []));
		});
		return found;
	}

	private change(
		guildId: string,
		change: (nights: StoryNight[]) => StoryNight[] | null,
	): Promise<{ changed: boolean; nights: StoryNight[] }> {
		return this.store.lock.run(`nights of ${guildId}`, async () => {
			const nights = await this.list(guildId);
			const next = change(nights);
			if (!next) return { changed: false, nights };
			await this.store.writeGuildValue(listKey(guildId), { v: STORY_NIGHTS_VERSION, nights: next });
			return { changed: true, nights: next.toSorted((a, b) => a.at - b.at) };
		}) as Promise<{ changed: boolean; nights: StoryNight[] }>;
	}
}
