import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listStoryFiles, STORY_DIR } from '../../src/engine/index.js';

/** The shortest run of words a dream may not share with the texts it retells. */
const RUN = 6;
/**
 * The texts the dreams retell, kept beside the repository (in the project's shared folder), not in it: their words are
 * not Reverie's. CI has that folder beside its clone.
 */
const SEEDS = path.resolve(import.meta.dirname, '../../../shared/seeds');

/** A text's words, lower case, with curly apostrophes made straight and dashes read as spaces. */
function words(text: string): string[] {
	const plain = text.toLowerCase().replace(/[’‘]/g, "'").replace(/[—–]/g, ' ');
	return (plain.match(/[a-z0-9']+/g) ?? []).map((w) => w.replace(/^'+|'+$/g, '')).filter((w) => w !== '');
}

/** The prose of a dream's source: every line less its comments and tags (an escaped `\#` is not a tag). */
function prose(source: string): string {
	return source
		.split('\n')
		.filter((line) => !line.trim().startsWith('//'))
		.map((line) => line.replace(/\\#/g, '').replace(/#.*$/, ''))
		.join('\n');
}

const runs = (list: string[]) =>
	list.slice(0, Math.max(0, list.length - RUN + 1)).map((_, i) => list.slice(i, i + RUN).join(' '));

const seedFiles = existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')) : [];

if (seedFiles.length === 0) {
	// Where the shared folder is not beside the repository, say so in the report; under CI it must be there.
	describe('the dreams beside their seeds', () => {
		it.runIf(Boolean(process.env.CI))('finds the seeds in the shared folder beside the repository', () => {
			throw new Error(`no seed texts in ${path.relative(process.cwd(), SEEDS)}`);
		});
		it.skip('the seeds are not beside the repository (../shared/seeds): the six-word check did not run', () => {});
	});
} else {
	const seeded = new Set(seedFiles.flatMap((f) => runs(words(readFileSync(path.join(SEEDS, f), 'utf8')))));
	it.each(listStoryFiles(STORY_DIR).map((f) => [path.basename(f, '.ink'), f]))(
		`GIVEN %s WHEN its prose is read beside the seeds THEN no run of ${RUN} words is theirs`,
		(_id, file) => {
			expect(seeded.size).toBeGreaterThan(1000);
			const shared = runs(words(prose(readFileSync(file, 'utf8')))).filter((run) => seeded.has(run));
			expect(shared).toEqual([]);
		},
	);
}
