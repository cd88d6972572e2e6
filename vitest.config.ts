import { defineConfig } from 'vitest/config';

/**
 * The suite in lanes (docs/testing.md). `npm test` runs every project; `npm run test:fast` only `fast`.
 *
 * - `fast`: everything in this process or its own small children, on fixture stories and fake clocks where time
 *   matters: the engine, the sessions, the Discord adapter's handlers, the map, the store over SQLite, the local
 *   Discord, the playground's parts.
 * - `slow`: what starts real servers, real bots or a browser, or explores the built-in dreams whole: the end-to-end
 *   tests whose timings are parameters, the playground's API and page, Redis and PostgreSQL, the sandbox's and the
 *   story processes' limits, the dreams' own checks and the tools. Mostly waiting on timers, so two files at a time.
 * - `timing`: the end-to-end tests where real timing is the point (a click answered within Discord's 3 s while
 *   copies hand over, leases of real length): one file at a time, after the others, with the machine to themselves.
 */
const TIMING = [
	'tests/e2e/rolling-deploy.e2e.test.ts',
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
/** Both lanes before `timing` share one worker count (vitest runs projects of one group side by side). */
const WORKERS = 2;

export default defineConfig({
	test: {
		testTimeout: 60_000,
		hookTimeout: 60_000,
		setupFiles: ['tests/setup.ts'],
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
				test: { name: 'slow', include: SLOW, exclude: TIMING, maxWorkers: WORKERS },
			},
			{
				extends: true,
				test: { name: 'timing', include: TIMING, maxWorkers: 1, sequence: { groupOrder: 1 } },
			},
		],
	},
});
