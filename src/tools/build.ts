/**
 * `npm run build` (and before `npm start`): Reverie as plain JavaScript in `dist/`, bundled by esbuild: `index.js` (the
 * bot, the sharding manager, the playground and the deploy script, all of `src/index.ts`) and the entries of its
 * child processes, `story-entry.js`, `sandbox-entry.js` and `painter-entry.js`, at the names the pools ask for beside
 * their own module (from the sources, the `*-entry.js` files there load the TypeScript workers through tsx). Packages
 * stay in node_modules. Source maps go beside each file, for stack traces that name the sources.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../project-root.js';

const ENTRIES = {
	index: 'src/index.ts',
	'story-entry': 'src/engine/story-worker.ts',
	'sandbox-entry': 'src/engine/sandbox-worker.ts',
	'painter-entry': 'src/map/painter-worker.ts',
};

/** Builds Reverie into `outDir` (`dist/` in the project's folder unless given). */
export async function buildReverie(outDir = path.join(PROJECT_ROOT, 'dist')): Promise<void> {
	await build({
		absWorkingDir: PROJECT_ROOT,
		entryPoints: ENTRIES,
		outdir: outDir,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		sourcemap: true,
		logLevel: 'warning',
	});
}

if (import.meta.url === `file://${process.argv[1]}`) await buildReverie();
