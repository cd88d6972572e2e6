import { describe, expect, it } from 'vitest';
import { sentencesOf, splitParagraph } from '../../src/engine/split.js';

describe('splitting a paragraph into beats', () => {
	it('GIVEN a paragraph within the limit WHEN split THEN it is one piece, unchanged', () => {
		expect(splitParagraph('Short.  And sweet.', 100)).toEqual(['Short.  And sweet.']);
	});

	it('GIVEN sentences ending in quotes, questions and ellipses WHEN read THEN each ends where its punctuation does', () => {
		expect(sentencesOf('"Who is there?" she asked. Nobody… Then a knock! (Again.) And again')).toEqual([
			'"Who is there?"',
			'she asked.',
			'Nobody…',
			'Then a knock!',
			'(Again.)',
			'And again',
		]);
	});

	it('GIVEN a long paragraph WHEN split THEN every piece is whole sentences within the limit', () => {
		const pieces = splitParagraph('One two. Three four. Five six. Seven.', 20);
		expect(pieces).toEqual(['One two. Three four.', 'Five six. Seven.']);
	});

	it('GIVEN one sentence longer than the limit WHEN split THEN it is a piece of its own', () => {
		expect(splitParagraph('Tiny. A sentence that is far too long. End.', 10)).toEqual([
			'Tiny.',
			'A sentence that is far too long.',
			'End.',
		]);
	});
});
