/**
 * A server's own dreams, added by its moderators: per server, one list of what each dream is (what `/dream list` and
 * autocomplete show without reading any source) and one record per dream holding its ink source.
 */
import { z } from 'zod';
import type { Parsed } from './records.js';
import type { Store } from './store.js';

/** The version of these records' shape; bump it and read the older one when the shape changes. */
export const SERVER_STORIES_VERSION = 1;

/** At most this many dreams of its own per server. */
export const MAX_SERVER_STORIES = 25;

const entrySchema = z.object({
	id: z.string(),
	title: z.string(),
	description: z.string(),
	author: z.string().optional(),
	color: z.number().int(),
	contentHash: z.string(),
	/** How its speakers look (`# voice:`); absent in entries kept before voices were read, which need no migration. */
	voices: z
		.record(z.string(), z.object({ color: z.number().int().optional(), portrait: z.string().optional() }))
		.optional(),
	branchPoints: z.number().int(),
	endings: z.number().int(),
	/** For a story too large to explore whole: the sample plays its `endings` were seen in. */
	plays: z.number().int().optional(),
	/** The source's size in bytes. */
	bytes: z.number().int(),
	addedBy: z.string(),
	addedAt: z.number(),
});

const listSchema = z.object({ v: z.literal(SERVER_STORIES_VERSION), stories: z.array(entrySchema) });

const sourceSchema = z.object({
	v: z.literal(SERVER_STORIES_VERSION),
	id: z.string(),
	/** The compiled story's hash, as in the list: a source and a list entry that differ were caught mid-replace. */
	contentHash: z.string(),
	source: z.string(),
	/** A story of several files (added as a zip): the others' texts, by the name its `INCLUDE`s give. */
	includes: z.record(z.string(), z.string()).optional(),
	addedBy: z.string(),
	addedAt: z.number(),
});

/** A zip's pictures, kept apart from the source: telling a dream reads its source, and rarely needs them. */
const imagesSchema = z.object({
	v: z.literal(SERVER_STORIES_VERSION),
	contentHash: z.string(),
	images: z.record(z.string(), z.object({ type: z.string(), base64: z.string() })),
});

/** What a story of several files brings beside its main text. */
export interface StoryFiles {
	includes?: Record<string, string>;
	images?: Record<string, { type: string; base64: string }>;
}

export type ServerStory = z.infer<typeof entrySchema>;
export type StorySource = z.infer<typeof sourceSchema>;

const listKey = (guildId: string) => `${guildId}:stories`;
const sourceKey = (guildId: string, id: string) => `${guildId}:story:${id}`;
const imagesKey = (guildId: string, id: string) => `${guildId}:story-images:${id}`;

function parse<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, value: result.data };
	const issue = result.error.issues[0];
	return { ok: false, reason: issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'unreadable' };
}

export type AddResult =
	| { kind: 'added'; replaced: ServerStory | null; stories: ServerStory[] }
	/** The server has {@link MAX_SERVER_STORIES} dreams of its own and this one would be another. */
	| { kind: 'full'; stories: ServerStory[] };

/**
 * Reads and changes the servers' dreams in the store. Changes to one server's list take turns (the same lock as the
 * channels', under a key no channel has), so two moderators adding at once both land.
 */
export class ServerStories {
	constructor(private readonly store: Store) {}

	/** This server's dreams, in the order they were first added. An unreadable list reads as none (and is logged). */
	async list(guildId: string): Promise<ServerStory[]> {
		const raw = await this.store.readGuildValue(listKey(guildId));
		if (raw === undefined) return [];
		const parsed = parse(listSchema, raw);
		if (!parsed.ok) throw new Error(`the list of server ${guildId}'s dreams is unreadable: ${parsed.reason}`);
		return parsed.value.stories;
	}

	/** One dream's source, or null when the server has no dream of that id. */
	async source(guildId: string, id: string): Promise<StorySource | null> {
		const raw = await this.store.readGuildValue(sourceKey(guildId, id));
		if (raw === undefined) return null;
		const parsed = parse(sourceSchema, raw);
		if (!parsed.ok) throw new Error(`the source of ${guildId}'s dream "${id}" is unreadable: ${parsed.reason}`);
		return parsed.value;
	}

	/** A dream's pictures by the path its tags give (none for a dream added as one file). */
	async images(guildId: string, id: string): Promise<Record<string, { type: string; base64: string }>> {
		const raw = await this.store.readGuildValue(imagesKey(guildId, id));
		if (raw === undefined) return {};
		const parsed = parse(imagesSchema, raw);
		if (!parsed.ok) throw new Error(`the pictures of ${guildId}'s dream "${id}" are unreadable: ${parsed.reason}`);
		return parsed.value.images;
	}

	/**
	 * Adds a dream, or replaces this server's dream of the same id, with the `files` that came with it. Its source and
	 * pictures are written before the list names it.
	 */
	add(guildId: string, entry: ServerStory, source: string, files: StoryFiles = {}): Promise<AddResult> {
		return this.inTurn(guildId, async () => {
			const stories = await this.list(guildId);
			const replaced = stories.find((s) => s.id === entry.id) ?? null;
			if (!replaced && stories.length >= MAX_SERVER_STORIES) return { kind: 'full', stories };
			const record: StorySource = {
				v: SERVER_STORIES_VERSION,
				id: entry.id,
				contentHash: entry.contentHash,
				source,
				...(files.includes ? { includes: files.includes } : {}),
				addedBy: entry.addedBy,
				addedAt: entry.addedAt,
			};
			await this.store.writeGuildValue(sourceKey(guildId, entry.id), record);
			// A new version without pictures leaves none of the old one's behind.
			if (files.images)
				await this.store.writeGuildValue(imagesKey(guildId, entry.id), {
					v: SERVER_STORIES_VERSION,
					contentHash: entry.contentHash,
					images: files.images,
				});
			else if (replaced) await this.store.deleteGuildValue(imagesKey(guildId, entry.id));
			const next = replaced ? stories.map((s) => (s.id === entry.id ? entry : s)) : [...stories, entry];
			await this.store.writeGuildValue(listKey(guildId), { v: SERVER_STORIES_VERSION, stories: next });
			return { kind: 'added', replaced, stories: next };
		});
	}

	/**
	 * Removes a dream: from the list first, so that nothing names a source that is gone. Returns the removed dream (null
	 * when there was none) and the list as it is now.
	 */
	remove(guildId: string, id: string): Promise<{ removed: ServerStory | null; stories: ServerStory[] }> {
		return this.inTurn(guildId, async () => {
			const stories = await this.list(guildId);
			const removed = stories.find((s) => s.id === id) ?? null;
			if (!removed) return { removed, stories };
			const rest = stories.filter((s) => s.id !== id);
			await this.store.writeGuildValue(listKey(guildId), { v: SERVER_STORIES_VERSION, stories: rest });
			await this.store.deleteGuildValue(sourceKey(guildId, id));
			await this.store.deleteGuildValue(imagesKey(guildId, id));
			return { removed, stories: rest };
		});
	}

	private inTurn<T>(guildId: string, work: () => Promise<T>): Promise<T> {
		return this.store.lock.run(`stories of ${guildId}`, work) as Promise<T>;
	}
}
