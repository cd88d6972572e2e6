/**
 * How node runs Reverie: `npm start`'s command (package.json spells it out again, and a test keeps the two alike), and
 * that of the bot processes the end-to-end tests and the benchmarks start. The shards run with their manager's own.
 *
 * - `dist/index.js`: Reverie as built by `npm run build` (esbuild, `src/tools/build.ts`; `npm start` builds first), one
 *   module of plain JavaScript with its story, sandbox and map processes' beside it. Run from its sources through tsx's
 *   loader, each process spent about half a second more starting (tsx resolves every import, node_modules' too).
 * - `--enable-source-maps`: stack traces in the log name the sources' files and lines, not the build's.
 * - `--min-semi-space-size=16`: the young generation keeps its full 16 MB through quiet spells. Once the process has
 *   been idle a while, V8 otherwise shrinks it to a megabyte or so, and a burst of clicks after a quiet minute meets a
 *   nursery too small for the burst's short-lived objects: they outlive its collections, fill the old generation and
 *   bring on full collections in the middle of the burst, pausing acknowledgements. It keeps up to 32 MB more memory.
 */
export const NODE_ARGS = ['--enable-source-maps', '--min-semi-space-size=16'] as const;

/** The built entry point, from the project's folder. */
export const BUILT_ENTRY = 'dist/index.js';
