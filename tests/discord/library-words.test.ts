import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addedText } from '../../src/discord/words/library.js';
import { checkStory } from '../../src/engine/index.js';
import { FIXTURES } from '../helpers.js';

/** What `/dream add` answers for a fixture, checked as an upload is (with a small bound, so a large one is sampled). */
function added(file: string) {
	const source = readFileSync(path.join(FIXTURES, file), 'utf8');
	const report = checkStory(path.basename(file), { source, maxMs: 1000, sampleMs: 1000 });
	const { meta, stats } = report;
	if (!meta || !stats) throw new Error(`${file} does not compile`);
	const story = {
		...meta,
		branchPoints: stats.branchPoints,
		endings: stats.endings.length,
		bytes: source.length,
		addedBy: 'u1',
		addedAt: 0,
	};
	return addedText({ kind: 'added', story, stats, warnings: [], replaced: null, files: null }, file);
}

describe('the answer to /dream add', () => {
	it('GIVEN a story explored whole WHEN added THEN its branch points and endings are counted as they are', () => {
		expect(added('branching.ink')).toMatch(/: \d+ branch points?, 3 endings\./);
	});

	it('GIVEN a story too large to explore whole WHEN added THEN it says how many endings its sample plays saw, and in how many plays, never "at least"', () => {
		const text = added('generated/the-long-wood.ink');
		expect(text).toMatch(/: [1-9]\d* endings? seen in [\d,]+ sample plays \(too large to explore whole\)\./);
		expect(text).not.toContain('at least');
	});
});
