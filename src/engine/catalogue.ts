import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';
import { type CompiledStory, type CompileOptions, compileFile, storyIdOf } from './compile.js';
import type { Diagnostic } from './diagnostics.js';

/** Every dream that compiled, in file-name order, and what kept the others out. */
export interface Catalogue {
	stories: CompiledStory[];
	/** Compile errors of the dreams left out; the rest of the catalogue still loads. */
	failures: { id: string; errors: Diagnostic[] }[];
	get(id: string): CompiledStory | undefined;
}

/**
 * The dreams are the `*.ink` files directly in `dir`. Files in subfolders are parts that a dream `INCLUDE`s,
 * not dreams of their own.
 */
export function listStoryFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.ink'))
		.map((entry) => path.join(dir, entry.name))
		.sort();
}

/** Compiles every dream in `dir` once. A dream that fails is reported in `failures` and left out. */
export function loadCatalogue(dir: string, options: CompileOptions = {}): Catalogue {
	const stories: CompiledStory[] = [];
	const failures: Catalogue['failures'] = [];
	for (const file of listStoryFiles(dir)) {
		const result = compileFile(file, options);
		if (result.ok) stories.push(result.compiled);
		else failures.push({ id: storyIdOf(file), errors: result.errors });
	}
	const byId = new Map(stories.map((s) => [s.id, s]));
	return { stories, failures, get: (id) => byId.get(id) };
}

/** The folder of the dreams that ship with Reverie. */
export const STORY_DIR = path.join(PROJECT_ROOT, 'story');

/**
 * The texts of the files `source` includes, and of those they include, read relative to `file`'s folder: for a story
 * whose files are trusted (a built-in dream, an author's own), handed to the sandbox with it, which reads no file.
 */
export function includedFiles(file: string, source: string): Record<string, string> {
	const files: Record<string, string> = {};
	const pending = [source];
	for (let text = pending.pop(); text !== undefined; text = pending.pop())
		for (const match of text.matchAll(/^\s*INCLUDE\s+(.+?)\s*$/gm)) {
			const name = match[1] as string;
			if (name in files) continue;
			try {
				files[name] = readFileSync(path.resolve(path.dirname(file), name), 'utf8');
			} catch {
				continue; // the compiler says it is missing, with its line
			}
			pending.push(files[name]);
		}
	return files;
}

/** The most pictures read beside a story: a folder of thousands is not a story's. */
const MAX_PICTURES_BESIDE = 1000;

/**
 * The pictures in `file`'s folder and below, by their path from it (as an `# IMAGE:` tag names them): for a story on
 * disk whose `# IMAGE:` tags name files beside it, as a zip's do inside it.
 */
export function picturesBeside(file: string): string[] {
	const folder = path.dirname(file);
	let names: string[];
	try {
		names = readdirSync(folder, { recursive: true, encoding: 'utf8' });
	} catch {
		return [];
	}
	return names
		.filter((name) => /\.(png|jpe?g|gif|webp)$/i.test(name) && !name.split(path.sep).includes('node_modules'))
		.slice(0, MAX_PICTURES_BESIDE)
		.map((name) => name.split(path.sep).join('/'));
}
