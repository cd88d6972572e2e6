import { afterAll, afterEach, beforeAll, it } from 'vitest';
import { suiteWith } from '../helpers.js';
import { findRedisServer, type RedisServer, startRedis } from '../store/servers.js';
import { closeScene, Scene } from './harness.js';
import { rollingDeploy, WORLD } from './rolling-deploy.js';

let scene: Scene | null = null;
afterEach(async (context) => {
	await closeScene(scene, context.task.result?.state === 'fail');
	scene = null;
});

suiteWith(findRedisServer(), 'two copies over Redis', (binary) => {
	let redis: RedisServer;
	beforeAll(async () => {
		redis = await startRedis(binary);
	});
	afterAll(async () => {
		await redis?.stop();
	});

	it('GIVEN members clicking through a rolling deploy (SIGTERM, then SIGKILL, then a frozen copy) THEN no click is answered twice, no counted ballot is lost, and no beat is posted twice', async () => {
		scene = await Scene.open({ VOTE_SECONDS: '600', BEAT_DELAY_MS: '300', STORE_URL: redis.freshUrl() }, WORLD);
		await rollingDeploy(scene, 'Redis');
	}, 180_000);
});
