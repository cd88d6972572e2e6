/**
 * `npm run play -- <dream> [--fast]`: plays a dream in the terminal, the way the channel will hear it, for an author
 * without Discord. `<dream>` is a dream's id (a file in story/) or the path of an .ink file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import {
	beatDelayMs,
	type Catalogue,
	compileFile,
	formatDiagnostic,
	loadCatalogue,
	type Passage,
	STORY_DIR,
	StoryRunner,
} from '../engine/index.js';
import type { Logger } from '../log.js';

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const wanted = args.find((a) => !a.startsWith('--'));

function listDreams(catalogue: Catalogue): string {
	const lines = catalogue.stories.map((s) => `  ${s.id.padEnd(20)} ${s.title} — ${s.description}`);
	return lines.length > 0 ? lines.join('\n') : '  (none: story/ has no dream that compiles)';
}

/** An author playing in the terminal sees ink's runtime warnings where they happen, as Inky shows them. */
const log: Logger = {
	debug() {},
	info() {},
	warn: (context, message) => console.error(`${message} (${JSON.stringify(context)})`),
	error: (context, message) => console.error(`${message} (${JSON.stringify(context)})`),
};

function load(): StoryRunner | null {
	if (wanted && (wanted.endsWith('.ink') || existsSync(wanted)) && existsSync(wanted)) {
		const result = compileFile(path.resolve(wanted));
		if (!result.ok) {
			for (const e of result.errors) console.error(formatDiagnostic(e));
			return null;
		}
		return new StoryRunner(result.compiled, { log });
	}
	const catalogue = loadCatalogue(STORY_DIR);
	const compiled = wanted ? catalogue.get(wanted) : undefined;
	if (compiled) return new StoryRunner(compiled, { log });
	console.error(wanted ? `There is no dream called "${wanted}". The dreams are:` : 'Which dream? The dreams are:');
	console.error(listDreams(catalogue));
	for (const failure of catalogue.failures) {
		console.error(`  ${failure.id} does not compile:`);
		for (const e of failure.errors) console.error(`    ${formatDiagnostic(e)}`);
	}
	console.error('\nUsage: npm run play -- <dream> [--fast]');
	return null;
}

async function tell(passage: Passage): Promise<void> {
	for (const beat of passage.beats) {
		if (beat.scene) console.log(`\n── ${beat.scene} ──\n`);
		console.log(beat.text);
		if (!fast) await sleep(beatDelayMs(beat.text, beat.pause));
	}
}

async function main(): Promise<number> {
	const runner = load();
	if (!runner) return 1;
	const { compiled } = runner;
	console.log(`${compiled.title}\n${compiled.description}`);
	const input = createInterface({ input: process.stdin, terminal: false });
	// Pulling lines from the iterator keeps answers that were typed (or piped) ahead of the question.
	const lines = input[Symbol.asyncIterator]();
	let result = runner.start();
	const path: string[] = [];
	try {
		while (result.kind === 'ok') {
			const { passage } = result;
			await tell(passage);
			if (passage.ended) {
				const ending = passage.beats.findLast((b) => b.ending)?.ending;
				console.log(`\n— ${ending ? `The end: ${ending}` : 'The end'} —`);
				console.log(`Your path: ${path.length > 0 ? path.join(' → ') : '(no choices)'}`);
				return 0;
			}
			console.log('');
			for (const [i, choice] of passage.choices.entries()) console.log(`  ${i + 1}. ${choice.text}`);
			let picked: number | null = null;
			while (picked === null) {
				process.stdout.write('> ');
				const next = await lines.next();
				if (next.done) {
					console.log('\n(The dream fades: no more answers.)');
					return 0;
				}
				const answer = Number(String(next.value).trim());
				if (Number.isInteger(answer) && answer >= 1 && answer <= passage.choices.length) picked = answer - 1;
				else console.log(`Answer with a number from 1 to ${passage.choices.length}.`);
			}
			const choice = passage.choices[picked];
			if (!choice) return 1;
			path.push(choice.text);
			result = runner.choose(passage.save, choice.index);
		}
	} finally {
		input.close();
	}
	console.error(`The dream broke off (${result.kind}): ${'detail' in result ? result.detail : ''}`);
	return 1;
}

process.exitCode = await main();
