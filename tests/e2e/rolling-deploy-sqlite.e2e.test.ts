import { afterEach, describe, it } from 'vitest';
import { closeScene, Scene } from './harness.js';
import { rollingDeploy, WORLD } from './rolling-deploy.js';

// The rolling deploy over each store in a file of its own, so that the timing lane runs them side by side.
let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

describe('two copies over SQLite', () => {
	it('GIVEN members clicking through a rolling deploy (SIGTERM, then SIGKILL, then a frozen copy) THEN no click is answered twice, no counted ballot is lost, and no beat is posted twice', async () => {
		scene = await Scene.open({ VOTE_SECONDS: '600', BEAT_DELAY_MS: '300' }, WORLD);
		await rollingDeploy(scene, 'SQLite');
	}, 180_000);
});
