import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each long file took in a whole run on a two-core machine (vitest's JSON report), rounded. A lane's two workers
 * take its files from one queue, so the lane ends when its last file does: started longest first, no long file is left
 * to run alone at the end while the other worker idles. vitest orders by its own cache of durations, which a clean clone
 * (CI) does not have; it then orders by file size, which left the slow lane's longest files to the middle and a worker
 * idle for ten seconds at its end. Files not listed are short and keep vitest's order, after these.
 */
const SECONDS: Record<string, number> = {
	// fast
	'tests/sessions/sessions.test.ts': 13,
	'tests/engine/teller.test.ts': 12,
	'tests/sessions/story-uploads.test.ts': 12,
	'tests/map/layout.test.ts': 11,
	'tests/engine/check.test.ts': 7,
	'tests/engine/sample.test.ts': 6,
	'tests/local-discord/server.test.ts': 4,
	'tests/engine/reachability.test.ts': 4,
	'tests/engine/shape.test.ts': 4,
	// slow
	'tests/e2e/shards.e2e.test.ts': 48,
	'tests/e2e/dream.e2e.test.ts': 48,
	'tests/e2e/upload.e2e.test.ts': 39,
	'tests/playground/browser.test.ts': 35,
	'tests/engine/sandbox.test.ts': 29,
	'tests/playground/api.test.ts': 21,
	'tests/tools/story-check.test.ts': 21,
	'tests/e2e/faults.e2e.test.ts': 19,
	'tests/e2e/nights.e2e.test.ts': 14,
	'tests/e2e/threads.e2e.test.ts': 15,
	'tests/e2e/vote-modes.e2e.test.ts': 7,
	'tests/tools/play.test.ts': 14,
	'tests/e2e/night-map.e2e.test.ts': 10,
	'tests/playground/files.test.ts': 10,
	'tests/e2e/killed.e2e.test.ts': 7,
	'tests/e2e/scene-layout.e2e.test.ts': 10,
	'tests/story/dreams.test.ts': 7,
	'tests/store/postgres.test.ts': 6,
	'tests/parent-watch.test.ts': 4,
	// timing
	'tests/e2e/shard-layouts.e2e.test.ts': 46,
	'tests/e2e/rolling-deploy-redis.e2e.test.ts': 25,
	'tests/e2e/rolling-deploy-sqlite.e2e.test.ts': 22,
	'tests/e2e/restart-clicks.e2e.test.ts': 14,
};

/** vitest's order (lanes by `groupOrder`, then by project), and within a lane the longest files first. */
export default class LongestFirst extends BaseSequencer {
	override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		const ordered = await super.sort(files);
		const lane = (spec: TestSpecification) => ordered.findIndex((other) => other.project.name === spec.project.name);
		const seconds = (spec: TestSpecification) => SECONDS[relative(spec.moduleId)] ?? 0;
		// Array sort is stable: files without a figure keep vitest's order among themselves.
		return ordered.toSorted((a, b) => lane(a) - lane(b) || seconds(b) - seconds(a));
	}
}

function relative(moduleId: string): string {
	const at = moduleId.lastIndexOf('/tests/');
	return at < 0 ? moduleId : moduleId.slice(at + 1);
}
