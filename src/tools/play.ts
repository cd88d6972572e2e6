/**
 * `npm run play -- <dream> [--fast] [--map out.png]`: plays a dream in the terminal, the way the channel will hear it,
 * for an author without Discord. `<dream>` is a dream's id (a file in story/) or the path of an .ink file. With
 * `--map`, the map of the night of this playthrough is written when it ends (as SVG when the file ends in `.svg`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import {
	beatDelayMs,
	type Catalogue,
	compileFile,
	endingNameOf,
	formatDiagnostic,
	loadCatalogue,
	type Passage,
	STORY_DIR,
	StoryRunner,
	sceneGraph,
} from '../engine/index.js';
import type { Logger } from '../log.js';
import { type MapVote, renderMap } from '../map/index.js';

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const mapAt = args.indexOf('--map');
const mapFile = mapAt >= 0 ? args[mapAt + 1] : undefined;
const wanted = args.find((a, i) => !a.startsWith('--') && !(mapAt >= 0 && i === mapAt + 1));

function listStories(catalogue: Catalogue): string {
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
	console.error(listStories(catalogue));
	for (const failure of catalogue.failures) {
		console.error(`  ${failure.id} does not compile:`);
		for (const e of failure.errors) console.error(`    ${formatDiagnostic(e)}`);
	}
	console.error('\nUsage: npm run play -- <dream> [--fast] [--map out.png]');
	return null;
}

/** What the map of the night shows of this playthrough: the scenes and ending in order, and the votes. */
interface Playthrough {
	path: string[];
	votes: MapVote[];
	scene: string | null;
}

async function tell(passage: Passage, played: Playthrough): Promise<void> {
	for (const beat of passage.beats) {
		if (beat.scene && beat.scene !== played.scene) played.path.push(beat.scene);
		if (beat.scene) played.scene = beat.scene;
		// A new chapter (`# CLEAR`) is a rule across the terminal, and the scene's heading again.
		if (beat.chapter) console.log(`\n${'═'.repeat(40)}`);
		if (beat.scene || (beat.chapter && played.scene)) console.log(`\n── ${beat.scene ?? played.scene} ──\n`);
		console.log(beat.speaker ? `${beat.speaker} — ${beat.text}` : beat.text);
		if (beat.image)
			console.log(
				beat.image.alt
					? `[picture: ${beat.image.alt} (${beat.image.source})]`
					: `[picture without alt text: ${beat.image.source}]`,
			);
		if (beat.audio) console.log(`[sound: ${beat.audio} (Discord does not play it in the channel)]`);
		if (!fast) await sleep(beatDelayMs(beat.text, beat.pause));
	}
}

/** Writes the map of this playthrough: the author alone casts each vote, and has seen only what was played. */
function writeMap(runner: StoryRunner, played: Playthrough, file: string): void {
	const { compiled } = runner;
	const graph = sceneGraph(compiled);
	const map = renderMap(graph, {
		title: compiled.title,
		color: compiled.color,
		path: played.path,
		votes: played.votes,
		seen: played.path,
	});
	mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const svg = file.toLowerCase().endsWith('.svg');
	writeFileSync(file, svg ? map.svg : map.png);
	const size = svg ? Buffer.byteLength(map.svg) : map.png.byteLength;
	console.log(`Map written to ${file} (${map.width}×${map.height}, ${Math.ceil(size / 1024)} KB).`);
}

async function main(): Promise<number> {
	if (mapAt >= 0 && (!mapFile || mapFile.startsWith('--'))) {
		console.error('--map needs a file to write, e.g. --map night.png');
		return 1;
	}
	const runner = load();
	if (!runner) return 1;
	const played: Playthrough = { path: [], votes: [], scene: null };
	const done = () => {
		if (mapFile) writeMap(runner, played, mapFile);
		return 0;
	};
	const { compiled } = runner;
	console.log(`${compiled.title}\n${compiled.description}`);
	const input = createInterface({ input: process.stdin, terminal: false });
	// Pulling lines from the iterator keeps answers that were typed (or piped) ahead of the question.
	const lines = input[Symbol.asyncIterator]();
	let result = runner.start();
	const choices: string[] = [];
	try {
		while (result.kind === 'ok') {
			const { passage } = result;
			await tell(passage, played);
			if (passage.ended) {
				const ending = passage.beats.findLast((b) => b.ending)?.ending;
				const faded = passage.end?.kind === 'faded';
				const where =
					passage.end?.kind === 'faded' ? ` (no "-> END": it ran out at line ${passage.end.line ?? '?'})` : '';
				console.log(`\n— ${ending ? `The end: ${ending}` : faded ? 'The dream fades here' : 'The end'}${where} —`);
				console.log(`Your path: ${choices.length > 0 ? choices.join(' → ') : '(no choices)'}`);
				played.path.push(endingNameOf(passage));
				return done();
			}
			console.log('');
			for (const [i, choice] of passage.choices.entries())
				console.log(`  ${i + 1}. ${choice.text}${choice.unclickable ? ' (shown, but it cannot be chosen)' : ''}`);
			let picked: number | null = null;
			while (picked === null) {
				process.stdout.write('> ');
				const next = await lines.next();
				if (next.done) {
					console.log('\n(The dream fades: no more answers.)');
					return done();
				}
				const answer = Number(String(next.value).trim());
				if (!Number.isInteger(answer) || answer < 1 || answer > passage.choices.length)
					console.log(`Answer with a number from 1 to ${passage.choices.length}.`);
				else if (passage.choices[answer - 1]?.unclickable) console.log('That choice cannot be chosen: pick another.');
				else picked = answer - 1;
			}
			const choice = passage.choices[picked];
			if (!choice) return 1;
			choices.push(choice.text);
			if (played.scene)
				played.votes.push({
					scene: played.scene,
					round: choices.length,
					choice: choice.text,
					votes: 1,
					ballots: 1,
				});
			result = runner.choose(passage.save, choice.index);
		}
	} finally {
		input.close();
	}
	console.error(`The dream broke off (${result.kind}): ${'detail' in result ? result.detail : ''}`);
	return 1;
}

process.exitCode = await main();
