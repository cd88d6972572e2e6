import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_ENTRY, NODE_ARGS } from '../src/node-args.js';

describe('npm start', () => {
	it('GIVEN package.json WHEN npm start runs Reverie THEN it builds first, and node gets the arguments the end-to-end tests and the benchmarks give it', () => {
		const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as {
			scripts: Record<string, string>;
		};
		expect(manifest.scripts.start).toBe(`node ${NODE_ARGS.join(' ')} ${BUILT_ENTRY}`);
		expect(manifest.scripts.prestart).toBe(manifest.scripts.build);
	});
});
