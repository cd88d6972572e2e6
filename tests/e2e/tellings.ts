import { loadCatalogue, STORY_DIR, StoryRunner } from '../../src/engine/index.js';
import { SHORT_DREAMS } from '../helpers.js';

const catalogues = [loadCatalogue(SHORT_DREAMS), loadCatalogue(STORY_DIR)];

/** The beats a dream tells for these winners, with ink's shuffles drawn from `seed`. */
function toldWith(storyId: string, winners: number[], seed: number): string[] {
	const compiled = catalogues.map((catalogue) => catalogue.get(storyId)).find(Boolean);
	if (!compiled) throw new Error(`no dream ${storyId}`);
	const runner = new StoryRunner(compiled);
	let result = runner.start({ seed });
	const beats: string[] = [];
	for (const winner of [...winners, null]) {
		if (result.kind !== 'ok') throw new Error(result.kind);
		beats.push(...result.passage.beats.map((b) => b.text));
		if (winner === null) break;
		const choice = result.passage.choices[winner];
		if (!choice) throw new Error(`no choice ${winner}`);
		result = runner.choose(result.passage.save, choice.index);
	}
	return beats;
}

/**
 * The telling of a dream for these winners that `beats` is, word for word: ink draws its shuffles (`{~…}`) from one of a
 * hundred seeds at each start, so the beats a channel was told are one of those hundred tellings. The first telling,
 * when none is, so that a failure shows what differs.
 */
export function told(storyId: string, winners: number[], beats: readonly string[]): string[] {
	for (let seed = 0; seed < 100; seed++) {
		const telling = toldWith(storyId, winners, seed);
		if (telling.length === beats.length && telling.every((beat, i) => beat === beats[i])) return telling;
	}
	return toldWith(storyId, winners, 0);
}
