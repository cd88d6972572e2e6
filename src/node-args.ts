/**
 * The arguments node runs Reverie with: `npm start`'s (package.json spells them out again, and a test keeps the two
 * alike), each shard's, and those of the bot processes the end-to-end tests and the benchmarks start.
 *
 * - `--import tsx/esm`: the TypeScript sources run as they are, with tsx only as the ESM loader (its CommonJS hook
 *   sent every lazy `require` inside discord.js through its resolver).
 * - `--min-semi-space-size=16`: the young generation keeps its full 16 MB through quiet spells. Once the process has
 *   been idle a while, V8 otherwise shrinks it to a megabyte or so, and a burst of clicks after a quiet minute meets a
 *   nursery too small for the burst's short-lived objects: they outlive its collections, fill the old generation and
 *   bring on full collections in the middle of the burst, pausing acknowledgements. It keeps up to 32 MB more memory.
 */
export const NODE_ARGS = ['--min-semi-space-size=16', '--import', 'tsx/esm'] as const;
