import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Compiler, CompilerOptions, type Story } from 'inkjs/full';
import { type Diagnostic, parseInkMessage } from './diagnostics.js';
import { GLOBAL_TAGS, parseColor, parseTag, parseVoice, titleFromId } from './tags.js';

/** What the catalogue shows of a dream: read from its global tags. */
export interface StoryMeta {
	/** The file name without `.ink`: how commands and saves name the dream. */
	id: string;
	/** From `# title:`, or made from the id when there is none. */
	title: string;
	/** From `# description:`; empty when there is none. */
	description: string;
	/** From `# author:`, when the dream names its author. */
	author?: string;
	/** The dream's colour as a 24-bit number (Discord embeds take it as is). */
	color: number;
	/**
	 * SHA-256 of the compiled story: it changes when what ink runs changes, not when a comment or blank line does.
	 * Saves record it so that a dream edited under a running session is noticed.
	 */
	contentHash: string;
	/** How its speakers look, by name, from `# voice:` tags (see `scene-tags.ts`); absent when it names none. */
	voices?: Record<string, Voice>;
}

/** How a speaker's lines look: their colour, and a portrait beside them (a path in the story's zip, or `https`). */
export interface Voice {
	color?: number;
	portrait?: string;
}

/** Only a dream's {@link StoryMeta}, from anything that has it (a compiled story, a server's kept entry). */
export function storyMeta(from: StoryMeta): StoryMeta {
	const { id, title, description, color, contentHash, author, voices } = from;
	return { id, title, description, color, contentHash, ...(author ? { author } : {}), ...(voices ? { voices } : {}) };
}

/** A dream compiled once per process; its one inkjs `Story` serves every channel (see `StoryRunner`). */
export interface CompiledStory extends StoryMeta {
	/** The path it was compiled from. */
	file: string;
	story: Story;
	warnings: Diagnostic[];
}

/** A knot or stitch as the author wrote it: the checker reports those never reached. */
export interface Flow {
	kind: 'knot' | 'stitch';
	/** `knot` or `knot.stitch`, as ink names it in visit counts. */
	path: string;
	file: string;
	line?: number;
}

/** An `EXTERNAL` function the dream declares. Reverie binds none, so each runs its ink function of the same name. */
export interface External {
	name: string;
	/** True when the dream has an ink function of that name to fall back on. */
	fallback: boolean;
	file: string;
	line?: number;
}

export type CompileResult =
	| { ok: true; compiled: CompiledStory; flows: Flow[]; externals: External[] }
	| { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface CompileOptions {
	/**
	 * Count every visit of every knot and stitch (ink's `countAllVisits`). The checker needs it to tell which knots
	 * were reached; the bot does not, and keeps its saves smaller without it.
	 */
	countAllVisits?: boolean;
	/**
	 * The file's text, when it comes from elsewhere than the disk (an upload): then nothing is read from the disk, and
	 * an `INCLUDE` is an error, since a stranger's story must not read the server's files.
	 */
	source?: string;
	/**
	 * With `source`: the texts of the files it `INCLUDE`s, by the name the `INCLUDE` gives (read by whoever trusts
	 * them, e.g. `story:check` for an author's own files). Any other `INCLUDE` is still an error.
	 */
	includes?: Readonly<Record<string, string>>;
}

/** The dream's id: its file name without the extension. */
export function storyIdOf(file: string): string {
	return path.basename(file, '.ink');
}

/** The longest id an uploaded file's name gives. */
const MAX_ID_LENGTH = 32;

/** The dream's id from a file name: `The Lost Key (v2).ink` → `the-lost-key-v2`. Empty when nothing is left. */
export function storyIdFromFileName(fileName: string): string {
	return fileName
		.replace(/\.(ink|zip)$/i, '')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, MAX_ID_LENGTH)
		.replace(/^-+|-+$/g, '');
}

/**
 * Compiles one `.ink` file. `INCLUDE`d files are read relative to it. A file that does not compile yields its
 * errors with file and line (from the compiler's list, not the bare "Compilation failed" it throws).
 */
export function compileFile(file: string, options: CompileOptions = {}): CompileResult {
	const dir = path.dirname(file);
	const name = path.basename(file);
	let source: string;
	try {
		source = options.source ?? readFileSync(file, 'utf8');
	} catch (error) {
		return {
			ok: false,
			errors: [{ severity: 'error', file: name, message: `cannot read: ${String(error)}` }],
			warnings: [],
		};
	}
	const uploaded = options.source !== undefined;
	const fileHandler = {
		ResolveInkFilename: (filename: string) => filename,
		LoadInkFileContents: (filename: string) => {
			if (filename === name) return source;
			const included = options.includes?.[filename];
			if (included !== undefined) return included;
			if (uploaded)
				throw new Error(
					options.includes
						? `INCLUDE ${filename}: no file of that name comes with the story`
						: `INCLUDE ${filename}: a story added from Discord as one file includes nothing (add the project as a .zip)`,
				);
			return readFileSync(path.resolve(dir, filename), 'utf8');
		},
	};
	const compiler = new Compiler(
		source,
		new CompilerOptions(name, [], options.countAllVisits ?? false, null, fileHandler),
	);
	let story: Story | null = null;
	let thrown: unknown = null;
	try {
		story = compiler.Compile();
	} catch (error) {
		thrown = error;
	}
	const warnings = compiler.warnings.map((w) => parseInkMessage(w, name, 'warning'));
	if (story === null || compiler.errors.length > 0) {
		const errors = compiler.errors.map((e) => parseInkMessage(e, name, 'error'));
		// An INCLUDE of a missing file throws from the parser without adding to `errors`.
		if (errors.length === 0)
			errors.push({ severity: 'error', file: name, message: String((thrown as Error)?.message ?? thrown) });
		return { ok: false, errors, warnings };
	}
	// Reverie binds no external functions: an EXTERNAL runs its ink fallback, as Inky does when nothing is bound.
	story.allowExternalFunctionFallbacks = true;
	const meta = readMeta(storyIdOf(file), story);
	const externals = externalsOf(compiler, story, name);
	return { ok: true, compiled: { ...meta, file, story, warnings }, flows: flowsOf(compiler, name), externals };
}

interface ParsedFlow {
	typeName: string;
	isFunction?: boolean;
	identifier?: { name: string };
	debugMetadata?: { fileName: string | null; startLineNumber: number } | null;
	subFlowsByName?: Map<string, ParsedFlow>;
}

/** The knots and stitches of the parsed story (functions aside: they are called, not visited). */
function flowsOf(compiler: Compiler, file: string): Flow[] {
	const flows: Flow[] = [];
	const add = (kind: Flow['kind'], path: string, flow: ParsedFlow) => {
		const meta = flow.debugMetadata;
		flows.push(meta ? { kind, path, file: meta.fileName ?? file, line: meta.startLineNumber } : { kind, path, file });
	};
	for (const knot of compiler.parsedStory.content as unknown as ParsedFlow[]) {
		if (knot.typeName !== 'Knot' || knot.isFunction || !knot.identifier) continue;
		add('knot', knot.identifier.name, knot);
		for (const [name, stitch] of knot.subFlowsByName ?? []) {
			if (!stitch.isFunction) add('stitch', `${knot.identifier.name}.${name}`, stitch);
		}
	}
	return flows;
}

function externalsOf(compiler: Compiler, story: Story, file: string): External[] {
	const declared = (compiler.parsedStory as unknown as { externals?: Map<string, ParsedFlow> }).externals ?? new Map();
	return [...declared.keys()].map((name) => {
		const meta = declared.get(name)?.debugMetadata;
		const external: External = { name, fallback: story.KnotContainerWithName(name) !== null, file };
		if (meta) {
			external.file = meta.fileName ?? file;
			external.line = meta.startLineNumber;
		}
		return external;
	});
}

function readMeta(id: string, story: Story): StoryMeta {
	const globals = new Map<string, string>();
	const voices: Record<string, Voice> = {};
	for (const raw of story.globalTags ?? []) {
		const { key, value } = parseTag(raw);
		// A dream gives each speaker a voice of their own: the one tag that may come more than once.
		const voice = key === 'voice' ? parseVoice(value) : null;
		if (voice) voices[voice.name] = voice.voice;
		else if ((GLOBAL_TAGS as readonly string[]).includes(key) && !globals.has(key)) globals.set(key, value);
	}
	const json = story.ToJson();
	const author = globals.get('author');
	return {
		id,
		title: globals.get('title') || titleFromId(id),
		...(author ? { author } : {}),
		...(Object.keys(voices).length > 0 ? { voices } : {}),
		description: globals.get('description') ?? '',
		color: parseColor(globals.get('color') ?? '') ?? DEFAULT_COLOR,
		contentHash: createHash('sha256')
			.update(json ?? '')
			.digest('hex'),
	};
}

/** The colour of a dream that names none (a soft violet). */
export const DEFAULT_COLOR = 0x7b68ee;
