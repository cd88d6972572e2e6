/**
 * The engine's costs, per dream: compiling it, one advance (load a channel's save, apply a choice, run to the next
 * branch point, save), and one save/load round trip. The baseline is plain inkjs taking the same turn without the
 * runner's reset, tag reading and save: the ratio is what the runner's safety and bookkeeping cost.
 */
import { compileFile, listStoryFiles, type Passage, STORY_DIR, StoryRunner } from '../src/engine/index.js';
import { printTable, type Row, timeMedian } from './table.js';

function midSave(runner: StoryRunner): Passage {
	const start = runner.start();
	if (start.kind !== 'ok') throw new Error(start.kind);
	const next = runner.choose(start.passage.save, 0);
	if (next.kind !== 'ok') throw new Error(next.kind);
	return next.passage;
}

export function benchEngine(): { rows: Row[]; table: string } {
	const rows: Row[] = [];
	for (const file of listStoryFiles(STORY_DIR)) {
		let compiled = null;
		const compileUs = timeMedian(
			() => {
				const result = compileFile(file);
				if (!result.ok) throw new Error(`${file} does not compile`);
				compiled = result.compiled;
			},
			15,
			3,
		);
		if (!compiled) throw new Error('unreachable');
		const runner = new StoryRunner(compiled);
		const mid = midSave(runner);
		const advanceUs = timeMedian(() => {
			runner.choose(mid.save, 0);
		});
		const { story } = runner.compiled;
		const baselineUs = timeMedian(() => {
			// Plain inkjs taking the same turn: load, choose, continue; no reset, no tags read, no save written.
			story.state.LoadJson(mid.save.ink);
			story.ChooseChoiceIndex(0);
			while (story.canContinue) story.Continue();
		});
		const saveLoadUs = timeMedian(() => {
			story.state.LoadJson(mid.save.ink);
			story.state.toJson();
		});
		rows.push({
			dream: runner.compiled.id,
			'compile (ms)': (compileUs / 1000).toFixed(1),
			'advance (µs)': advanceUs.toFixed(0),
			'baseline advance (µs)': baselineUs.toFixed(0),
			'advance ÷ baseline': (advanceUs / baselineUs).toFixed(2),
			'save+load (µs)': saveLoadUs.toFixed(0),
			'save size (bytes)': Buffer.byteLength(JSON.stringify(mid.save)),
		});
	}
	return { rows, table: printTable('Story engine (median of 200 runs; compile: median of 15)', rows) };
}
