import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, DEFAULT_COLOR, loadCatalogue, StoryRunner } from '../../src/engine/index.js';
import { fixture, tempDir } from '../helpers.js';

describe('compiling a dream', () => {
	it('GIVEN a dream with global tags WHEN compiled THEN its title, description and colour are in its metadata', () => {
		const result = compileFile(fixture('branching.ink'));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.compiled).toMatchObject({
			id: 'branching',
			title: 'Two Doors',
			description: "A small dream with two doors, used by the engine's tests.",
			color: 0x336699,
		});
		expect(result.compiled.contentHash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('GIVEN a dream with no global tags WHEN compiled THEN its title comes from its file name and its colour is the default', () => {
		const result = compileFile(fixture('real-world/the-lost-key.ink'));
		if (!result.ok) throw new Error('the fixture must compile');
		expect(result.compiled).toMatchObject({ title: 'The Lost Key', description: '', color: DEFAULT_COLOR });
		expect(result.compiled.author).toBeUndefined();
	});

	it('GIVEN a dream with "# author:" WHEN compiled THEN its author is in its metadata', () => {
		const result = compileFile(fixture('real-world/foreign-tags.ink'));
		expect(result.ok && result.compiled.author).toBe('A. Writer');
	});

	it('GIVEN a dream that does not compile WHEN compiled THEN the error names the file, the line and the cause', () => {
		const result = compileFile(fixture('defects/compile-error.ink'));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual([
			{ severity: 'error', file: 'compile-error.ink', line: 5, message: "Divert target not found: '-> nowhere'" },
		]);
	});

	it('GIVEN a comment added to a dream WHEN compiled again THEN its content hash is unchanged, but a new line changes it', () => {
		const dir = tempDir('branching.ink');
		const file = path.join(dir, 'branching.ink');
		const hash = () => {
			const r = compileFile(file);
			if (!r.ok) throw new Error('fixture must compile');
			return r.compiled.contentHash;
		};
		const before = hash();
		const source = readFileSync(file, 'utf8');
		writeFileSync(file, `// an author's note\n${source}`);
		expect(hash()).toBe(before);
		writeFileSync(file, source.replace('You wake.', 'You wake, slowly.'));
		expect(hash()).not.toBe(before);
	});

	it('GIVEN a dream that INCLUDEs a part in a subfolder WHEN compiled THEN the part is part of the dream', () => {
		const dir = tempDir();
		writeFileSync(
			path.join(dir, 'main.ink'),
			'# title: T\n# description: D\n# color: 123456\nINCLUDE parts/end.ink\n-> finale\n',
		);
		const parts = path.join(dir, 'parts');
		mkdirSync(parts);
		writeFileSync(path.join(parts, 'end.ink'), '=== finale ===\nThe end comes. # ending: E\n-> END\n');
		const result = compileFile(path.join(dir, 'main.ink'));
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		const opening = new StoryRunner(result.compiled).start();
		expect(opening).toMatchObject({ kind: 'ok', passage: { beats: [{ text: 'The end comes.', ending: 'E' }] } });
		expect(loadCatalogue(dir).stories.map((s) => s.id)).toEqual(['main']);
	});
});

describe('the catalogue', () => {
	it('GIVEN one good dream and one broken WHEN the catalogue loads THEN the good one is in it and the broken one is reported', () => {
		const dir = tempDir('branching.ink', 'defects/compile-error.ink');
		const catalogue = loadCatalogue(dir);
		expect(catalogue.stories.map((s) => s.id)).toEqual(['branching']);
		expect(catalogue.get('branching')?.title).toBe('Two Doors');
		expect(catalogue.get('compile-error')).toBeUndefined();
		expect(catalogue.failures).toEqual([
			{ id: 'compile-error', errors: [expect.objectContaining({ file: 'compile-error.ink', line: 5 })] },
		]);
	});
});
