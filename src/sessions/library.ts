/**
 * The dreams a server can play: the built-in ones, and the ones its moderators added (kept in the store, checked in
 * the sandbox before they are kept). Only the dreams in use are held in memory, in a bounded cache.
 */

import { readFile } from 'node:fs/promises';
import { within } from '../concurrency/deadline.js';
import {
	ARCHIVE_LIMITS,
	type ArchiveRefusal,
	type Catalogue,
	type Diagnostic,
	type GraphResult,
	includedFiles,
	LruMap,
	type SandboxResult,
	type SceneGraph,
	type StoryMeta,
	type StoryStats,
	storyIdFromFileName,
	storyMeta,
	storyText,
	type TellableStory,
	tellableOf,
	type UnpackResult,
} from '../engine/index.js';
import type { Logger } from '../log.js';
import { MAX_SERVER_STORIES, ServerStories, type ServerStory } from '../store/server-stories.js';
import type { Store } from '../store/store.js';
import type { EndingTotal } from './ports.js';

/** The largest story file a server may add, in bytes. */
export const MAX_STORY_BYTES = ARCHIVE_LIMITS.inkBytes;
/** The largest `.zip` of a story a server may add, in bytes (and what it may unpack to: {@link ARCHIVE_LIMITS}). */
export const MAX_ARCHIVE_BYTES = 8 * 1024 * 1024;

/** Whether a file name is a story's zip (else it must be an `.ink` file). */
export const isArchiveName = (fileName: string) => /\.zip$/i.test(fileName);
/** The largest file of that name a server may add. */
export const maxBytesOf = (fileName: string) => (isArchiveName(fileName) ? MAX_ARCHIVE_BYTES : MAX_STORY_BYTES);
/** Server dreams held in memory at once (their text and what they are), across all servers. */
const CACHED_STORIES = 64;
/** Servers whose list of dreams is held in memory at once. */
const CACHED_LISTS = 512;
/**
 * How long `/dream list` and `/dream status` wait for a dream's endings to be counted before answering without the
 * count: exploring a dream in the sandbox can take seconds on a busy machine, and a member's answer should not.
 */
export const ENDING_COUNT_WAIT_MS = 250;

/** Checks and explores a story from its text, away from this thread: the engine's `StorySandbox`. */
export interface StoryChecker {
	/** `includes`: the texts of the other files of a story of several files, by the name its `INCLUDE`s give. */
	check(
		fileName: string,
		source: string,
		options?: { includes?: Record<string, string>; pictures?: string[] },
	): Promise<SandboxResult>;
	/**
	 * The dream's scenes and endings and the ways between them (for the map of the night and its count of endings);
	 * `own`: one of Reverie's built-in dreams, which may take longer than a stranger's.
	 */
	graph(
		fileName: string,
		source: string,
		options?: { own?: boolean; includes?: Record<string, string> },
	): Promise<GraphResult>;
	/** A story's zip unpacked, or why not (`overrun`: it took more than a stranger's story may). */
	unpack(fileName: string, bytes: Uint8Array): Promise<UnpackResult | { kind: 'overrun'; reason: string }>;
}

/** What a moderator adds: a file, as its name and bytes. */
export interface AddRequest {
	guildId: string;
	userId: string;
	fileName: string;
	bytes: Uint8Array;
}

export type AddOutcome =
	| {
			kind: 'added';
			story: ServerStory;
			replaced: ServerStory | null;
			warnings: Diagnostic[];
			stats: StoryStats;
			/** For a zip: how many ink files and pictures came with it, and the files left out. */
			files: AddedFiles | null;
	  }
	/** The name ends in neither `.ink` nor `.zip`, or gives no id. */
	| { kind: 'bad-name'; fileName: string; reason: 'not-ink' | 'no-id' }
	| { kind: 'too-big'; bytes: number; limit: number }
	/** Not text: not UTF-8, or it holds NUL bytes. */
	| { kind: 'not-text' }
	/** The id is a built-in dream's, which a server cannot replace. */
	| { kind: 'built-in'; id: string }
	/** The story does not compile or does not pass the checks. */
	| { kind: 'invalid'; id: string; errors: Diagnostic[]; warnings: Diagnostic[] }
	/** The sandbox refused it for what it did (a loop, a recursion, a heap that grows): `reason` says what. */
	| { kind: 'refused'; id: string; reason: string }
	| { kind: 'full'; limit: number }
	/** A zip refused for what it holds, before anything of it was kept. */
	| { kind: 'archive-refused'; refusal: ArchiveRefusal };

/** What came with a story's zip. */
export interface AddedFiles {
	ink: number;
	images: number;
	skipped: string[];
}

/** What a server can play: the built-in dreams, then its own. */
export interface StoryListing {
	builtIn: StoryMeta[];
	own: ServerStory[];
	/** Per dream id: how many of its endings the server has found, and how many it has (null while not known). */
	found: Record<string, { count: number; total: EndingTotal | null }>;
}

export { storyIdFromFileName, storyText };

export class StoryLibrary {
	private readonly servers: ServerStories;
	private readonly builtIns: Map<string, TellableStory>;
	/** Each server's list as last read or written here: one process owns a server's channels and commands. */
	private readonly lists = new LruMap<string, ServerStory[]>(CACHED_LISTS);
	private readonly stories = new LruMap<string, TellableStory>(CACHED_STORIES);
	/** Scene graphs by content hash: each version of a dream is explored once (in the sandbox) while it is in use. */
	private readonly graphs = new LruMap<string, Promise<SceneGraph | null>>(CACHED_STORIES);
	/** The graphs whose exploration has finished, by content hash: what can be told without waiting. */
	private readonly explored = new LruMap<string, SceneGraph>(CACHED_STORIES);

	constructor(
		readonly catalogue: Catalogue,
		private readonly store: Store,
		private readonly checker: StoryChecker | null,
		private readonly log: Logger,
	) {
		this.servers = new ServerStories(store);
		this.builtIns = new Map(catalogue.stories.map((s) => [s.id, tellableOf(s)]));
	}

	/** The pictures of `guildId`'s dream `storyId`, by the path its tags give: none for a built-in dream. */
	pictures(guildId: string, storyId: string): Promise<Record<string, { type: string; base64: string }>> {
		return this.isBuiltIn(storyId) ? Promise.resolve({}) : this.servers.images(guildId, storyId);
	}

	/** The built-in dreams, in the catalogue's order. */
	get builtIn(): StoryMeta[] {
		return this.catalogue.stories;
	}

	/** Whether `id` names a built-in dream. */
	isBuiltIn(id: string): boolean {
		return this.builtIns.has(id);
	}

	/** The dream `storyId` as `guildId` plays it: a built-in one, or that server's own; undefined when it has none. */
	async find(guildId: string, storyId: string): Promise<TellableStory | undefined> {
		const builtIn = this.builtIns.get(storyId);
		if (builtIn) return builtIn;
		const entry = (await this.own(guildId)).find((s) => s.id === storyId);
		if (!entry) return undefined;
		const key = `${guildId}/${storyId}`;
		const cached = this.stories.get(key);
		if (cached?.meta.contentHash === entry.contentHash) return cached;
		const source = await this.servers.source(guildId, storyId);
		if (!source) {
			this.log.error({ guildId, storyId }, "a server's dream is listed but its source is missing");
			return undefined;
		}
		const story: TellableStory = {
			meta: metaOf(entry),
			fileName: `${storyId}.ink`,
			program: {
				kind: 'source',
				source: source.source,
				...(source.includes ? { includes: source.includes } : {}),
			},
		};
		this.stories.set(key, story);
		return story;
	}

	/**
	 * How many endings a dream has, as the engine's exploration (or, for a story too large for it, its sample plays)
	 * found them: a server's dream was explored when it was added; a built-in one is explored in the sandbox the first
	 * time it is asked. Null when it is not known.
	 */
	async endingCount(guildId: string, storyId: string): Promise<EndingTotal | null> {
		if (!this.catalogue.get(storyId)) {
			const own = (await this.own(guildId)).find((s) => s.id === storyId);
			return own ? { endings: own.endings, samplePlays: own.plays ?? null } : null;
		}
		const graph = await this.graphOf(guildId, storyId);
		return graph ? totalOf(graph) : null;
	}

	/**
	 * How many endings a dream has as far as is known within {@link ENDING_COUNT_WAIT_MS}: a built-in dream still
	 * being explored then is null, and its exploration goes on. For answers a member waits on, such as `/dream list`.
	 */
	async knownEndingCount(guildId: string, storyId: string): Promise<EndingTotal | null> {
		const builtIn = this.builtIns.get(storyId);
		if (!builtIn) return this.endingCount(guildId, storyId);
		const { contentHash } = builtIn.meta;
		const done = this.explored.get(contentHash);
		if (done) return totalOf(done);
		const exploring = this.graphOf(guildId, storyId);
		// Counted before, by this copy or an earlier one (a restart), and kept in the store: no need to wait.
		const kept = await this.keptEndingCount(contentHash);
		if (kept !== null) return kept;
		const graph = (await within(exploring, ENDING_COUNT_WAIT_MS))?.value;
		return graph ? totalOf(graph) : null;
	}

	/** A built-in dream's count of endings as the store keeps it for this version, or null. */
	private async keptEndingCount(contentHash: string): Promise<EndingTotal | null> {
		try {
			const kept = (await this.store.readGuildValue(endingsKey(contentHash))) as
				| { endings?: unknown; samplePlays?: unknown }
				| undefined;
			if (typeof kept?.endings !== 'number') return null;
			return { endings: kept.endings, samplePlays: typeof kept.samplePlays === 'number' ? kept.samplePlays : null };
		} catch (error) {
			this.log.warn({ err: error, contentHash }, "could not read a dream's count of endings");
			return null;
		}
	}

	/**
	 * Explores every built-in dream in the sandbox now, one after another, so that the first `/dream list` or
	 * `/dream status` finds their endings counted instead of waiting for it. Resolves when all are done; never rejects.
	 */
	async exploreBuiltIns(): Promise<void> {
		for (const story of this.builtIn) await this.graphOf('', story.id);
	}

	/**
	 * The dream's scene graph, explored in the sandbox once per version of the story (a built-in one from its file, a
	 * server's from its stored source). Null when it cannot be had now (the sandbox refused or failed; asked again later).
	 */
	async graphOf(guildId: string, storyId: string): Promise<SceneGraph | null> {
		const story = await this.find(guildId, storyId);
		if (!story || !this.checker) return null;
		const { contentHash } = story.meta;
		let graph = this.graphs.get(contentHash);
		if (!graph) {
			graph = this.explore(story).then((known) => this.noteExplored(story, known));
			this.graphs.set(contentHash, graph);
		}
		return graph;
	}

	/**
	 * Notes what an exploration found: nothing, to be asked again later; or the graph, kept in memory and, for a
	 * built-in dream, its count of endings in the store, so the next start's first `/dream list` need not wait for it.
	 */
	private async noteExplored(story: TellableStory, known: SceneGraph | null): Promise<SceneGraph | null> {
		const { id, contentHash } = story.meta;
		if (!known) {
			this.graphs.delete(contentHash);
			return null;
		}
		this.explored.set(contentHash, known);
		// Only a whole exploration counts every ending; one cut short by its bound is not kept for the next start.
		if (this.builtIns.has(id) && !known.truncated)
			await this.store
				.writeGuildValue(endingsKey(contentHash), totalOf(known))
				.catch((error: unknown) =>
					this.log.warn({ err: error, storyId: id }, "could not keep a dream's count of endings"),
				);
		return known;
	}

	private async explore(story: TellableStory): Promise<SceneGraph | null> {
		const { id } = story.meta;
		try {
			const builtIn = this.catalogue.get(id);
			const source =
				story.program.kind === 'source' ? story.program.source : builtIn ? await readFile(builtIn.file, 'utf8') : null;
			if (source === null || !this.checker) return null;
			// A server's story brings its other files; a built-in one's are read beside it, as the catalogue read them.
			const includes =
				story.program.kind === 'source'
					? story.program.includes
					: builtIn && source !== null
						? includedFiles(builtIn.file, source)
						: undefined;
			const explored = await this.checker.graph(story.fileName, source, {
				own: builtIn !== undefined && story.program.kind !== 'source',
				...(includes ? { includes: { ...includes } } : {}),
			});
			if (explored.kind === 'graph') return explored.graph;
			this.log.warn({ storyId: id, reason: explored.reason }, 'could not explore a dream for its map');
		} catch (error) {
			this.log.warn({ err: error, storyId: id }, 'could not explore a dream for its map');
		}
		return null;
	}

	/** What `guildId` can play, without what it has found (see `Sessions.list`). */
	async list(guildId: string): Promise<Omit<StoryListing, 'found'>> {
		return { builtIn: this.builtIn, own: await this.own(guildId) };
	}

	/**
	 * Checks a moderator's file in the sandbox and, when it passes, keeps it as this server's dream: an `.ink` file, or a
	 * `.zip` of an ink project (its files unpacked in the sandbox, see `unpackStoryArchive`).
	 */
	async add(request: AddRequest): Promise<AddOutcome> {
		const { guildId, userId, fileName, bytes } = request;
		const archive = isArchiveName(fileName);
		if (!archive && !/\.ink$/i.test(fileName)) return { kind: 'bad-name', fileName, reason: 'not-ink' };
		const id = storyIdFromFileName(fileName);
		if (!id) return { kind: 'bad-name', fileName, reason: 'no-id' };
		const limit = maxBytesOf(fileName);
		if (bytes.byteLength > limit) return { kind: 'too-big', bytes: bytes.byteLength, limit };
		const text = archive ? null : storyText(bytes);
		if (!archive && text === null) return { kind: 'not-text' };
		if (this.isBuiltIn(id)) return { kind: 'built-in', id };
		const own = await this.own(guildId);
		if (own.length >= MAX_SERVER_STORIES && !own.some((s) => s.id === id))
			return { kind: 'full', limit: MAX_SERVER_STORIES };
		if (!this.checker) throw new Error('this Reverie checks no uploaded stories');
		const files = archive ? await this.checker.unpack(fileName, bytes) : null;
		if (files?.kind === 'overrun') return { kind: 'refused', id, reason: files.reason };
		if (files?.kind === 'refused') return { kind: 'archive-refused', refusal: files.refusal };
		const unpacked = files?.kind === 'unpacked' ? files.archive : null;
		const source = unpacked?.source ?? text ?? '';
		const includes = unpacked ? { includes: unpacked.includes, pictures: Object.keys(unpacked.images) } : {};
		const checked = await this.checker.check(`${id}.ink`, source, includes);
		if (checked.kind === 'refused') return { kind: 'refused', id, reason: checked.reason };
		const { report } = checked;
		const errors = report.diagnostics.filter((d) => d.severity === 'error');
		const warnings = report.diagnostics.filter((d) => d.severity !== 'error');
		if (errors.length > 0 || !report.meta || !report.stats) return { kind: 'invalid', id, errors, warnings };
		const { meta, stats } = report;
		const story: ServerStory = {
			id,
			title: meta.title,
			description: meta.description,
			...(meta.author ? { author: meta.author } : {}),
			...(meta.voices ? { voices: meta.voices } : {}),
			color: meta.color,
			contentHash: meta.contentHash,
			branchPoints: stats.branchPoints,
			endings: stats.endings.length,
			...(stats.shape.kind === 'sampled' ? { plays: stats.shape.plays } : {}),
			bytes: bytes.byteLength,
			addedBy: userId,
			addedAt: Date.now(),
		};
		const added = await this.servers.add(guildId, story, source, {
			...includes,
			...(unpacked && Object.keys(unpacked.images).length > 0 ? { images: unpacked.images } : {}),
		});
		if (added.kind === 'full') return { kind: 'full', limit: MAX_SERVER_STORIES };
		// The cached text of an earlier version is not used again: `find` compares its hash with the list's.
		this.lists.set(guildId, added.stories);
		this.log.info({ guildId, userId, storyId: id, replaced: added.replaced !== null }, "a server's dream added");
		const counted: AddedFiles | null = unpacked && {
			ink: 1 + Object.keys(unpacked.includes).length,
			images: Object.keys(unpacked.images).length,
			skipped: unpacked.skipped,
		};
		return { kind: 'added', story, replaced: added.replaced, warnings, stats, files: counted };
	}

	/** Removes one of the server's own dreams; null when it has none of that id. */
	async remove(guildId: string, id: string): Promise<ServerStory | null> {
		const { removed, stories } = await this.servers.remove(guildId, id);
		this.lists.set(guildId, stories);
		return removed;
	}

	private async own(guildId: string): Promise<ServerStory[]> {
		const cached = this.lists.get(guildId);
		if (cached) return cached;
		const stories = await this.servers.list(guildId);
		this.lists.set(guildId, stories);
		return stories;
	}
}

/** Where the store keeps a built-in dream's count of endings: by version, as a server-wide value of no server. */
const endingsKey = (contentHash: string) => `endings-of:${contentHash}`;

const endingsIn = (graph: SceneGraph) => graph.nodes.filter((n) => n.kind === 'ending').length;

/** A dream's count of endings as its graph has them: all of them, or those its sample plays saw. */
const totalOf = (graph: SceneGraph): EndingTotal => ({
	endings: endingsIn(graph),
	samplePlays: graph.coverage?.kind === 'sampled' ? graph.coverage.plays : null,
});

/** What the catalogue shows of a server's dream. */
export function metaOf(story: ServerStory): StoryMeta {
	return storyMeta(story);
}
