/**
 * The picture a beat shows, as it can be sent: an `https` address as the story wrote it (Discord fetches it), or a
 * picture the story's zip brought (its bytes, sent with the beat's message). A picture that is neither, or that the
 * story does not bring, is left out: the check warned of it, and a beat is never broken for it.
 */
import { LruMap } from '../engine/lru.js';
import { type Picture, sourceKind, storyPath } from '../engine/scene-tags.js';
import type { PictureView } from './ports.js';

/** A server's dream's pictures by the path its tags give, as the store keeps them. */
export type PictureFiles = Record<string, { type: string; base64: string }>;

/** Reads the pictures of `guildId`'s dream `storyId` (none for a built-in dream or one added as one file). */
export type ReadPictures = (guildId: string, storyId: string) => Promise<PictureFiles>;

/** How many dreams' pictures are kept in memory: a night tells a few pictures many times. */
const CACHED = 8;

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/gif': 'gif',
	'image/webp': 'webp',
};

export class StoryPictures {
	/** By guild, dream and version: a new version of a dream brings its own pictures. */
	private readonly kept = new LruMap<string, Promise<PictureFiles>>(CACHED);

	constructor(private readonly read: ReadPictures) {}

	/** What a beat's picture is sent as, or null when it is left out. */
	async resolve(guildId: string, storyId: string, version: string, picture: Picture): Promise<PictureView | null> {
		const alt = picture.alt === undefined ? {} : { alt: picture.alt };
		const kind = sourceKind(picture.source);
		if (kind === 'https') return { kind: 'url', url: picture.source, ...alt };
		const at = kind === 'file' ? storyPath(picture.source) : null;
		if (at === null) return null;
		const file = (await this.files(guildId, storyId, version))[at];
		const extension = file ? EXTENSIONS[file.type] : undefined;
		if (!file || !extension) return null;
		// The file's name in the message: from its path, in the characters Discord keeps in an attachment's name.
		const base = (at.split('/').at(-1) ?? 'picture').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '_');
		return {
			kind: 'file',
			name: `${base || 'picture'}.${extension}`,
			bytes: Buffer.from(file.base64, 'base64'),
			...alt,
		};
	}

	private files(guildId: string, storyId: string, version: string): Promise<PictureFiles> {
		const key = `${guildId}/${storyId}/${version}`;
		let files = this.kept.get(key);
		if (!files) {
			files = this.read(guildId, storyId).catch((error: unknown) => {
				this.kept.delete(key);
				throw error;
			});
			this.kept.set(key, files);
		}
		return files;
	}
}
