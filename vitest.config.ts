import { defineConfig } from 'vitest/config';
import LongestFirst from './tests/sequencer.js';

/**
 * The suite in lanes (docs/testing.md). `npm test` runs every project; `npm run test:fast` only `fast`.
 *
 * - `fast`: what runs in the test's own process or its small children, mostly on fixture stories: the engine and the
 *   story pool, the sessions, the Discord adapter's handlers, the map, the store over SQLite and its lease, the local
 *   Discord, the playground's parts.
 * - `slow`: what starts real servers, real bots or a browser, or explores the built-in dreams whole: the end-to-end
 *   tests whose timings are parameters, the playground's API and page, Redis and PostgreSQL, the sandbox's limits,
 *   the dreams' own checks and the tools. Two files at a time, after the fast lane, in one module graph per worker.
 * - `timing`: the end-to-end tests where real timing is the point (a click answered within Discord's 3 s while
 *   copies hand over, leases of real length): two files at a time, after the others, with the machine to themselves
 *   (run beside other files, a takeover left a click unanswered). Their bots are mostly waiting: two files side by side
 *   take about 1.3 cores; three at a time slowed each other (the shard layouts' file from 46 s to 72 s).
 */
const TIMING = [
	'tests/e2e/rolling-deploy-sqlite.e2e.test.ts',
	'tests/e2e/rolling-deploy-redis.e2e.test.ts',
	'tests/e2e/restart-clicks.e2e.test.ts',
	'tests/e2e/shard-layouts.e2e.test.ts',
];
const SLOW = [
	'tests/e2e/**/*.test.ts',
	'tests/story/**/*.test.ts',
	'tests/tools/**/*.test.ts',
	'tests/playground/{api,browser,files}.test.ts',
	'tests/store/{postgres,redis,redis-outage}.test.ts',
	'tests/engine/sandbox.test.ts',
	'tests/parent-watch.test.ts',
];
/**
 * Two files at a time in the fast and in the slow lane, each lane on its own (`sequence.groupOrder`): beside the slow
 * lane's bots, the fast lane's story pool (niced, 0.5 s a turn) missed its turns; with three end-to-end files at once
 * on a busy machine, an upload's check in the sandbox ran out of its 8 s.
 */
const WORKERS = 2;

export default defineConfig({
	test: {
		testTimeout: 60_000,
		hookTimeout: 60_000,
		setupFiles: ['tests/setup.ts'],
		globalSetup: ['tests/global-setup.ts'],
		// Within each lane the longest files first (tests/sequencer.ts).
		sequence: { sequencer: LongestFirst },
		projects: [
			{
				extends: true,
				test: {
					name: 'fast',
					include: ['tests/**/*.test.ts'],
					exclude: SLOW,
					maxWorkers: WORKERS,
					// One module graph per worker, not one per file: importing discord.js, inkjs and the rest again for each of
					// some fifty files was about half the lane's time. Its files keep no state between them but what they reset.
					isolate: false,
				},
			},
			{
				extends: true,
				test: {
					name: 'slow',
					include: SLOW,
					exclude: TIMING,
					maxWorkers: WORKERS,
					// As in the fast lane: each file's scenes, servers and browser are its own, opened and closed by its hooks.
					isolate: false,
					sequence: { groupOrder: 1 },
				},
			},
			{
				extends: true,
				test: { name: 'timing', include: TIMING, maxWorkers: WORKERS, sequence: { groupOrder: 2 } },
			},
		],
	},
});
