import path from 'node:path';
import { Story } from 'inkjs/full';
import type { Logger } from '../log.js';
import { type CompiledStory, compileFile, type StoryMeta, storyMeta } from './compile.js';
import { formatDiagnostic } from './diagnostics.js';
import { isStackOverflow, RECURSION_WORDS } from './overrun.js';
import { type RunResult, StoryRunner, type StorySave } from './runner.js';
import { type SourceLines, sourceLinesOf, withSourceLines } from './source-lines.js';

/** A story as a teller runs it. */
export interface TellableStory {
	meta: StoryMeta;
	/** The file name that diagnostics and runtime warnings name, e.g. `the-scar.ink`. */
	fileName: string;
	/**
	 * How a process gets the story the first time it tells it: compiled JSON (a built-in dream) or ink source (an
	 * upload, compiled in the process with the `source` option, so an INCLUDE is an error, never a file read).
	 */
	program:
		| {
				kind: 'json';
				json: string;
				/** The source lines the JSON forgets, so runtime warnings still name theirs (see {@link tellableOf}). */
				lines?: SourceLines;
		  }
		| {
				kind: 'source';
				source: string;
				/** A story of several files: the others' texts, by the name its `INCLUDE`s give (see `CompileOptions`). */
				includes?: Readonly<Record<string, string>>;
		  };
}

/**
 * Tells dreams turn by turn from saves, as {@link StoryRunner} does (same results, same meaning), wherever the story
 * runs: on this thread ({@link InProcessTeller}) or in a pool of processes (`PooledTeller`).
 */
export interface StoryTeller {
	start(story: TellableStory): Promise<RunResult>;
	choose(story: TellableStory, save: StorySave, index: number): Promise<RunResult>;
	inspect(story: TellableStory, save: StorySave): Promise<RunResult>;
	close(): Promise<void>;
}

/** A built-in dream as a teller runs it: its compiled JSON, with the lines of its source. */
export function tellableOf(compiled: CompiledStory): TellableStory {
	const meta = storyMeta(compiled);
	const json = compiled.story.ToJson() ?? '';
	return {
		meta,
		fileName: path.basename(compiled.file),
		program: { kind: 'json', json, lines: sourceLinesOf(compiled.story) },
	};
}

/** One turn of a dream, as a message to whoever tells it. */
export type TellRequest =
	| { op: 'start' }
	| { op: 'choose'; save: StorySave; index: number }
	| { op: 'inspect'; save: StorySave };

/** The key a told story is kept under: two uploads of the same text under two names are two dreams. */
export function storyKey(meta: StoryMeta): string {
	return `${meta.id}@${meta.contentHash}`;
}

/**
 * A runner for the story from its program, or the story error that it does not load. The metadata comes from
 * the story, not from compiling it again, so saves carry the hash the caller knows it by.
 */
export function runnerOf(story: TellableStory, log: Logger | undefined): StoryRunner | RunResult {
	const { meta, fileName, program } = story;
	let compiled: CompiledStory;
	if (program.kind === 'json') {
		let ink: Story;
		try {
			ink = new Story(program.json);
		} catch (error) {
			return { kind: 'story-error', detail: `its compiled story does not load: ${String(error)}` };
		}
		// As compile.ts does: Reverie binds no externals, so an EXTERNAL runs its ink fallback.
		ink.allowExternalFunctionFallbacks = true;
		compiled = { ...meta, file: fileName, story: ink, warnings: [] };
	} else {
		const result = compileFile(fileName, {
			source: program.source,
			...(program.includes ? { includes: program.includes } : {}),
		});
		if (!result.ok)
			return { kind: 'story-error', detail: `it does not compile: ${result.errors.map(formatDiagnostic).join('; ')}` };
		compiled = { ...result.compiled, ...meta, file: fileName };
	}
	const lines = program.kind === 'json' ? program.lines : undefined;
	return new StoryRunner(compiled, { log: log && lines ? withSourceLines(log, lines) : log });
}

/** Takes one turn with a runner; JavaScript's own stack overflow says what it means for the author. */
export function tellWith(runner: StoryRunner, request: TellRequest): RunResult {
	let result: RunResult;
	try {
		if (request.op === 'start') result = runner.start();
		else if (request.op === 'choose') result = runner.choose(request.save, request.index);
		else result = runner.inspect(request.save);
	} catch (error) {
		if (!isStackOverflow(error)) throw error;
		result = { kind: 'story-error', detail: String(error) };
	}
	if (result.kind === 'story-error' && isStackOverflow(result.detail))
		return { kind: 'story-error', detail: RECURSION_WORDS };
	return result;
}

/**
 * Tells dreams on this thread, one runner per story and version: for tests and the `play` tool. A story that loops
 * forever blocks this thread; untrusted stories go to a `PooledTeller`.
 */
export class InProcessTeller implements StoryTeller {
	private readonly runners = new Map<string, StoryRunner>();
	private readonly log: Logger | undefined;

	constructor(options: { log?: Logger } = {}) {
		this.log = options.log;
	}

	async start(story: TellableStory): Promise<RunResult> {
		return this.tell(story, { op: 'start' });
	}

	async choose(story: TellableStory, save: StorySave, index: number): Promise<RunResult> {
		return this.tell(story, { op: 'choose', save, index });
	}

	async inspect(story: TellableStory, save: StorySave): Promise<RunResult> {
		return this.tell(story, { op: 'inspect', save });
	}

	async close(): Promise<void> {
		this.runners.clear();
	}

	private tell(story: TellableStory, request: TellRequest): RunResult {
		const key = storyKey(story.meta);
		let runner = this.runners.get(key);
		if (!runner) {
			const loaded = runnerOf(story, this.log);
			if (!(loaded instanceof StoryRunner)) return loaded;
			runner = loaded;
			this.runners.set(key, runner);
		}
		return tellWith(runner, request);
	}
}
