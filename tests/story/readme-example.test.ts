import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { checkStory } from '../../src/engine/index.js';
import { tempDir } from '../helpers.js';

it('GIVEN the example dream in the README WHEN checked THEN it has no errors and no warnings', () => {
	const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
	const example = /```ink\n([\s\S]*?)```/.exec(readme)?.[1];
	expect(example).toBeDefined();
	const file = path.join(tempDir(), 'example.ink');
	writeFileSync(file, example ?? '');
	expect(checkStory(file).diagnostics).toEqual([]);
});
