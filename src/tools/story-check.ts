/**
 * `npm run story:check [--map <folder>] [files…]`: compiles every dream (or the files named), explores every reachable
 * state and reports what an author must fix. Exits non-zero on any error. With `--map`, each dream's whole map, every
 * scene and ending named, is written to `<folder>/<id>.png`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listStoryFiles, STORY_DIR } from '../engine/catalogue.js';
import { checkStory, type DreamReport, type DreamStats } from '../engine/check.js';
import { type CompiledStory, compileFile } from '../engine/compile.js';
import { type Diagnostic, formatDiagnostic } from '../engine/diagnostics.js';
import { sceneGraph } from '../engine/scene-graph.js';
import { analyseShape, type ShapeReport } from '../engine/shape.js';
import { renderMap } from '../map/index.js';

function progress(id: string): (states: number) => void {
	const live = process.stderr.isTTY;
	let lastPrinted = 0;
	return (states) => {
		if (live) process.stderr.write(`\rchecking ${id}: ${states} states explored`);
		else if (states - lastPrinted >= 5000) {
			process.stderr.write(`checking ${id}: ${states} states explored\n`);
			lastPrinted = states;
		}
	};
}

function summary(report: DreamReport): string {
	const { stats } = report;
	if (!stats) return `${report.id}: does not compile`;
	const { meta } = report;
	return [
		`${report.id}:`,
		...(meta ? [`  title            ${meta.title}`] : []),
		...(meta?.author ? [`  author           ${meta.author}`] : []),
		`  states explored  ${stats.states}${stats.bounded ? ' (stopped at the bound)' : ''}`,
		`  branch points    ${stats.branchPoints}`,
		`  endings reached  ${stats.endings.length}: ${stats.endings.join('; ')}`,
		`  shortest path    ${stats.shortestPath} beats`,
		`  longest path     ${stats.longestPath} beats`,
		`  longest run      ${runSummary(stats.longestRun)}`,
		'  endings remember the votes whose choice shows in how each ending is told',
		...stats.endingMemory.map(
			(e) =>
				`                   ${e.name}: ${e.votes.length} vote${e.votes.length === 1 ? '' : 's'}` +
				(e.votes.length > 0
					? ` (line${e.votes.length === 1 ? '' : 's'} ${e.votes.map((v) => v.line ?? '?').join(', ')})`
					: ''),
		),
	].join('\n');
}

/** The longest run of beats told without a vote, and where it is written. */
function runSummary(run: DreamStats['longestRun']): string {
	const lines =
		run.from?.line === undefined
			? ''
			: run.to?.line === undefined || run.to.line === run.from.line
				? ` (line ${run.from.line})`
				: ` (lines ${run.from.line}–${run.to.line})`;
	return `${run.beats} beat${run.beats === 1 ? '' : 's'} without a vote${lines}`;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`.padStart(6);

/** The dream's shape as a group voting at random lives it, for the author to weigh. */
function shapeSummary(shape: ShapeReport): string {
	const how = shape.exact
		? 'exact, over every path'
		: `sampled from ${shape.samples} random plays with a fixed seed${shape.bounded ? ', over the states explored' : ''}`;
	const { votes, minutes } = shape;
	return [
		`  shape            with every vote chosen at random (${how}):`,
		`  forks            ${shape.forks.length} place(s) where the choices lead into different scenes`,
		...shape.forks.map((f) => `                     line ${f.place.line ?? '?'}: ${f.scenes.join(' | ')}`),
		`  votes per play   ${votes.min} fewest, ${votes.mean.toFixed(1)} on average, ${votes.max} most`,
		`  play time        ${minutes.min.toFixed(1)}–${minutes.max.toFixed(1)} minutes, ${minutes.mean.toFixed(1)} on average (normal pace, every vote open 60 s)`,
		'  endings          share of plays, and how many texts each is told with (from the last vote on)',
		...shape.endings.map(
			(e) => `                   ${percent(e.share)}  ${e.name} (${e.variants} text${e.variants === 1 ? '' : 's'})`,
		),
		'  scenes reached   share of plays',
		...shape.scenes.map((s) => `                   ${percent(s.share)}  ${s.name}`),
	].join('\n');
}

/** Endings told the same way on every path: what the group did does not show in how the dream ends. */
function unvaryingEndings(file: string, shape: ShapeReport): Diagnostic[] {
	const lines = readFileSync(file, 'utf8').split('\n');
	const name = path.basename(file);
	return shape.endings
		.filter((e) => e.variants === 1)
		.map((e) => {
			const at = lines.findIndex((l) => new RegExp(`#\\s*ending:\\s*${escapeRegExp(e.name)}\\s*$`).test(l.trim()));
			const d: Diagnostic = {
				severity: 'warning',
				file: name,
				message: `ending "${e.name}" is told the same way on every path: nothing the group chose shows in it`,
			};
			if (at >= 0) d.line = at + 1;
			return d;
		});
}

/** The author's map of a whole dream, every scene and ending named; says where it was written. */
function writeMap(compiled: CompiledStory, folder: string): string {
	const map = renderMap(sceneGraph(compiled), {
		title: compiled.title,
		color: compiled.color,
		path: [],
		votes: [],
		seen: [],
		reveal: true,
	});
	mkdirSync(folder, { recursive: true });
	const file = path.join(folder, `${compiled.id}.png`);
	writeFileSync(file, map.png);
	return `${file} (${map.width}×${map.height}, ${Math.ceil(map.png.byteLength / 1024)} KB)`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const args = process.argv.slice(2);
const mapAt = args.indexOf('--map');
const mapFolder = mapAt >= 0 ? args[mapAt + 1] : undefined;
if (mapAt >= 0 && (!mapFolder || mapFolder.startsWith('--'))) {
	console.error('--map needs a folder to write the maps to, e.g. --map maps');
	process.exit(1);
}
const named = args.filter((_, i) => mapAt < 0 || (i !== mapAt && i !== mapAt + 1));
const files = named.length > 0 ? named.map((f) => path.resolve(f)) : listStoryFiles(STORY_DIR);
if (files.length === 0) {
	console.error(`No dreams to check: ${path.relative(process.cwd(), STORY_DIR)} has no .ink files.`);
	process.exit(1);
}

let errors = 0;
let warnings = 0;
for (const file of files) {
	const id = path.basename(file, '.ink');
	process.stderr.write(`checking ${id}…${process.stderr.isTTY ? '' : '\n'}`);
	const report = checkStory(file, { onProgress: progress(id) });
	if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
	for (const d of report.diagnostics) {
		console.log(formatDiagnostic(d));
		if (d.severity === 'error') errors++;
		else warnings++;
	}
	const compiled = report.stats ? compileFile(file) : null;
	const shape = compiled?.ok ? analyseShape(compiled.compiled) : null;
	for (const d of shape ? unvaryingEndings(file, shape) : []) {
		console.log(formatDiagnostic(d));
		warnings++;
	}
	console.log(summary(report));
	if (shape) console.log(shapeSummary(shape));
	if (mapFolder && compiled?.ok) console.log(`  map              ${writeMap(compiled.compiled, mapFolder)}`);
}
console.log(`\n${files.length} dream(s) checked: ${errors} error(s), ${warnings} warning(s).`);
process.exitCode = errors > 0 ? 1 : 0;
