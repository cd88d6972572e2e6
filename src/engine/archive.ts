/**
 * A story of several files, as a `.zip` of an ink project: its `.ink` files (the main one, and those it `INCLUDE`s)
 * and its pictures. Unpacked from bytes alone (nothing touches the disk), in the sandbox, since a stranger made it;
 * every limit is held as the bytes come, so a zip bomb stops at the limit, not after it has filled the memory.
 */
import path from 'node:path/posix';
import { Unzip, UnzipInflate } from 'fflate';
import { storyIdFromFileName } from './compile.js';

/** How much an archive may hold. */
export interface ArchiveLimits {
	/** Every file unpacked, in bytes together. */
	unpackedBytes: number;
	/** Files in the archive (folders not counted). */
	files: number;
	/** One `.ink` file, in bytes (as a story added as one file). */
	inkBytes: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = { unpackedBytes: 8 * 1024 * 1024, files: 64, inkBytes: 256 * 1024 };

/** The pictures a story may bring, by the bytes they begin with (never by their name alone). */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp']);

/** A story's files as unpacked: the texts by the name the main file's `INCLUDE`s give them, and the pictures. */
export interface StoryArchive {
	/** The main `.ink` file's path in the archive. */
	main: string;
	/** Its text. */
	source: string;
	/** The other `.ink` files, by their path from the main file's folder (as an `INCLUDE` names them). */
	includes: Record<string, string>;
	/** The pictures, by their path from the main file's folder (as an `# IMAGE:` tag names them), in base64. */
	images: Record<string, { type: ImageType; base64: string }>;
	/** Files left out: neither ink nor a picture (a read-me, Inky's settings). */
	skipped: string[];
	/** All the files' bytes together. */
	unpackedBytes: number;
}

/** Why an archive is refused, before anything of it is kept. */
export type ArchiveRefusal =
	| { kind: 'not-a-zip' }
	| { kind: 'too-many-files'; limit: number }
	| { kind: 'unpacked-too-big'; limit: number }
	/** A path that leaves the archive (`..`, or from the root of the disk). */
	| { kind: 'path-leaves'; path: string }
	| { kind: 'nested-archive'; path: string }
	| { kind: 'not-an-image'; path: string }
	| { kind: 'not-text'; path: string }
	| { kind: 'ink-too-big'; path: string; limit: number }
	/** Stored in a way Reverie does not unpack (compressed by a method other than deflate). */
	| { kind: 'unsupported'; path: string }
	| { kind: 'no-ink' }
	/** Several `.ink` files that nothing includes, none named after the archive. */
	| { kind: 'no-main'; candidates: string[] };

export type UnpackResult = { kind: 'unpacked'; archive: StoryArchive } | { kind: 'refused'; refusal: ArchiveRefusal };

/** How much of the archive is handed to the unzipping at once. */
const PUSH_BYTES = 4096;

/** Thrown from inside the unzipping to stop it at once, carrying why. */
class Refused extends Error {
	constructor(readonly refusal: ArchiveRefusal) {
		super(refusal.kind);
	}
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** Archives and compressed files by name; by their first bytes, zip and gzip. */
const ARCHIVE_NAME = /\.(zip|gz|tgz|tar|7z|rar|bz2|xz|zst|jar)$/i;
const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) =>
	magic.every((byte, i) => bytes[at + i] === byte);
const isArchive = (bytes: Uint8Array) => startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, [0x1f, 0x8b]);

/** The picture's type by its first bytes, or null when they are no picture's. */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
		return 'image/webp';
	return null;
}

/** The file's text, or null when it is not text (not UTF-8, or holding NUL bytes as binary files do). */
export function storyText(bytes: Uint8Array): string | null {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return null;
	}
	return text.includes('\0') ? null : text.replace(/^\uFEFF/, '');
}

/**
 * The entry's path within the archive, made plain (`\` read as `/`, `./` dropped), or null when it would leave the
 * archive: a `..` part, a path from the root, a drive letter.
 */
function pathWithin(name: string): string | null {
	const plain = name.replace(/\\/g, '/');
	if (plain.startsWith('/') || /^[a-z]:/i.test(plain)) return null;
	const parts = plain.split('/').filter((part) => part !== '' && part !== '.');
	if (parts.includes('..') || parts.length === 0) return null;
	return parts.join('/');
}

/** What an archive made on a Mac or by hand carries beside a project, and nobody means as part of it. */
const isClutter = (file: string) => file.startsWith('__MACOSX/') || path.basename(file).startsWith('.');

/** Reads every file of a zip, holding the limits as it goes. */
function readEntries(bytes: Uint8Array, limits: ArchiveLimits): { files: Map<string, Uint8Array>; skipped: string[] } {
	if (!startsWith(bytes, ZIP_MAGIC)) throw new Refused({ kind: 'not-a-zip' });
	const files = new Map<string, Uint8Array>();
	const skipped: string[] = [];
	let count = 0;
	let total = 0;
	// fflate catches what a decoder's handler throws and hands it back as an error: the first refusal is kept here.
	let refused: Refused | null = null;
	const refuse: (refusal: ArchiveRefusal) => never = (refusal) => {
		refused ??= new Refused(refusal);
		throw refused;
	};
	const unzip = new Unzip((file) => {
		if (file.name.endsWith('/')) return;
		count += 1;
		if (count > limits.files) refuse({ kind: 'too-many-files', limit: limits.files });
		const name = pathWithin(file.name);
		if (name === null) refuse({ kind: 'path-leaves', path: file.name });
		if (ARCHIVE_NAME.test(name)) refuse({ kind: 'nested-archive', path: name });
		const chunks: Uint8Array[] = [];
		file.ondata = (error, chunk, final) => {
			if (error) refuse({ kind: 'not-a-zip' });
			total += chunk.byteLength;
			if (total > limits.unpackedBytes) refuse({ kind: 'unpacked-too-big', limit: limits.unpackedBytes });
			chunks.push(chunk);
			if (!final) return;
			if (isClutter(name)) return;
			const data = Buffer.concat(chunks);
			if (isArchive(data)) refuse({ kind: 'nested-archive', path: name });
			const extension = path.extname(name).toLowerCase();
			if (extension === '.ink' || IMAGE_EXTENSIONS.has(extension)) files.set(name, data);
			else skipped.push(name);
		};
		try {
			file.start();
		} catch {
			refuse({ kind: 'unsupported', path: name });
		}
	});
	unzip.register(UnzipInflate);
	try {
		// A little at a time: deflate unpacks up to about a thousand times its size, so a chunk of 4 KB unpacks to 4 MB
		// at most before the limit is looked at again, where the whole archive at once would unpack whole first.
		for (let at = 0; at < bytes.byteLength && !refused; at += PUSH_BYTES)
			unzip.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= bytes.byteLength);
	} catch {
		refuse({ kind: 'not-a-zip' });
	}
	if (refused) throw refused;
	return { files, skipped };
}

/** The names a file's `INCLUDE` lines give. */
const includesIn = (source: string) => [...source.matchAll(/^\s*INCLUDE\s+(.+?)\s*$/gm)].map((m) => m[1] ?? '');

/**
 * The main `.ink` file: the only one no other includes, or else the one of those named as the archive is (`story.zip`,
 * `story.ink`). An `INCLUDE` is read from the including file's folder and from the archive's root.
 */
function mainOf(texts: Map<string, string>, archiveId: string): string | ArchiveRefusal {
	const included = new Set<string>();
	for (const [file, text] of texts)
		for (const name of includesIn(text)) {
			included.add(path.normalize(path.join(path.dirname(file), name)));
			included.add(path.normalize(name));
		}
	const roots = [...texts.keys()].filter((file) => !included.has(file));
	if (roots.length === 1 && roots[0]) return roots[0];
	const candidates = roots.length > 0 ? roots : [...texts.keys()];
	const named = candidates.filter((file) => storyIdFromFileName(path.basename(file)) === archiveId);
	if (named.length === 1 && named[0]) return named[0];
	return { kind: 'no-main', candidates: candidates.sort() };
}

/**
 * Unpacks a story's zip (named `archiveName`, whose name is the story's) and finds its main file. Refused, with the
 * first reason met, for anything past {@link ArchiveLimits}, a path that leaves the archive, an archive inside it, a
 * picture that is not one, an `.ink` file that is not text, or no main file to be found.
 */
export function unpackStoryArchive(
	bytes: Uint8Array,
	archiveName: string,
	limits: ArchiveLimits = ARCHIVE_LIMITS,
): UnpackResult {
	try {
		const { files, skipped } = readEntries(bytes, limits);
		const texts = new Map<string, string>();
		const pictures = new Map<string, { type: ImageType; data: Uint8Array }>();
		let unpackedBytes = 0;
		for (const [file, data] of files) {
			unpackedBytes += data.byteLength;
			const extension = path.extname(file).toLowerCase();
			if (extension === '.ink') {
				if (data.byteLength > limits.inkBytes)
					throw new Refused({ kind: 'ink-too-big', path: file, limit: limits.inkBytes });
				const text = storyText(data);
				if (text === null) throw new Refused({ kind: 'not-text', path: file });
				texts.set(file, text);
			} else {
				const type = imageTypeOf(data);
				if (type === null) throw new Refused({ kind: 'not-an-image', path: file });
				pictures.set(file, { type, data });
			}
		}
		if (texts.size === 0) throw new Refused({ kind: 'no-ink' });
		const main = mainOf(texts, storyIdFromFileName(path.basename(archiveName)));
		if (typeof main !== 'string') throw new Refused(main);
		const folder = path.dirname(main);
		const fromMain = (file: string) => path.relative(folder, file);
		const includes = Object.fromEntries(
			[...texts].filter(([file]) => file !== main).map(([file, text]) => [fromMain(file), text]),
		);
		const images = Object.fromEntries(
			[...pictures].map(([file, { type, data }]) => [
				fromMain(file),
				{ type, base64: Buffer.from(data).toString('base64') },
			]),
		);
		const source = texts.get(main) ?? '';
		return { kind: 'unpacked', archive: { main, source, includes, images, skipped: skipped.sort(), unpackedBytes } };
	} catch (error) {
		if (error instanceof Refused) return { kind: 'refused', refusal: error.refusal };
		throw error;
	}
}
