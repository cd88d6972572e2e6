/**
 * `npm run story:check [--map <folder>] [--check-seconds <n>] [files…]`: checks every dream (or the files named) in the story sandbox, as an
 * upload is checked: compiled and explored in a child process with the same limits of memory and time and the same
 * words, so a story that loops inside one step is reported rather than hung on. Reverie's own dreams (in `story/`) get
 * the time the bot gives them ({@link OWN_STORY_LIMITS}); any other file a stranger's. Files a story `INCLUDE`s are
 * read here and handed over with it. Exits non-zero on any error. With `--map`, each dream's whole map, every scene and
 * ending named, is written to `<folder>/<id>.png`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { includedFiles, listStoryFiles, picturesBeside, STORY_DIR } from '../engine/catalogue.js';
import type { StoryReport, StoryStats } from '../engine/check.js';
import { type Diagnostic, formatDiagnostic } from '../engine/diagnostics.js';
import { OWN_STORY_LIMITS, SANDBOX_LIMITS, type StoryOptions, StorySandbox } from '../engine/sandbox.js';
import type { ShapeReport } from '../engine/shape.js';
import { renderMap } from '../map/index.js';

function summary(report: StoryReport): string {
	const { stats } = report;
	if (!stats) return `${report.id}: does not compile`;
	const { meta } = report;
	return [
		`${report.id}:`,
		...(meta ? [`  title            ${meta.title}`] : []),
		...(meta?.author ? [`  author           ${meta.author}`] : []),
		`  states explored  ${stats.states}${stats.bounded ? ' (stopped at the bound)' : ''}`,
		...(stats.shape.kind === 'sampled'
			? [
					`  sample plays     ${stats.shape.plays} (${(stats.shape.ms / 1000).toFixed(1)} s), seeded: what follows is what they saw`,
				]
			: []),
		`  branch points    ${stats.branchPoints}${stats.bounded ? ' (in the states explored)' : ''}`,
		`  ${stats.shape.kind === 'sampled' ? 'endings seen   ' : 'endings reached'}  ${stats.endings.length}: ${stats.endings.join('; ')}`,
		...(stats.shape.kind === 'sampled'
			? [`  knots seen       ${stats.shape.knots.seen} of ${stats.shape.knots.of} knots and stitches`]
			: []),
		`  shortest path    ${stats.shortestPath} beats`,
		`  longest path     ${stats.longestPath} beats`,
		`  longest run      ${runSummary(stats.longestRun)}`,
		...(stats.speakers && stats.speakers.length > 0 ? [`  speakers         ${stats.speakers.join(', ')}`] : []),
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
function runSummary(run: StoryStats['longestRun']): string {
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
		: shape.coverage.kind === 'sampled'
			? `from ${shape.coverage.plays} random plays of the whole story with a fixed seed, its exploration cut short`
			: `sampled from ${shape.samples} random plays with a fixed seed over every state, as it loops back on itself`;
	const texts = (e: ShapeReport['endings'][number]) =>
		e.variants === 0 ? '' : ` (${e.variants} text${e.variants === 1 ? '' : 's'})`;
	const { votes, minutes } = shape;
	return [
		`  shape            with every vote chosen at random (${how}):`,
		`  forks            ${shape.forks.length} place(s) where the choices lead into different scenes`,
		...shape.forks.map((f) => `                     line ${f.place.line ?? '?'}: ${f.scenes.join(' | ')}`),
		`  votes per play   ${votes.min} fewest, ${votes.mean.toFixed(1)} on average, ${votes.max} most`,
		`  play time        ${minutes.min.toFixed(1)}–${minutes.max.toFixed(1)} minutes, ${minutes.mean.toFixed(1)} on average (normal pace, every vote open 60 s)`,
		`  endings          share of plays${shape.coverage.kind === 'sampled' ? '' : ', and how many texts each is told with (from the last vote on)'}`,
		...shape.endings.map((e) => `                   ${percent(e.share)}  ${e.name}${texts(e)}`),
		'  scenes reached   share of plays',
		...shape.scenes.map((s) => `                   ${percent(s.share)}  ${s.name}`),
	].join('\n');
}

/** Endings told the same way on every path: what the group did does not show in how the dream ends. */
function unvaryingEndings(file: string, source: string, shape: ShapeReport): Diagnostic[] {
	const lines = source.split('\n');
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

/** The author's map of a whole dream, every scene and ending named, read in the sandbox; says where it was written. */
async function writeMap(
	sandbox: StorySandbox,
	story: { file: string; source: string; options: StoryOptions },
	meta: NonNullable<StoryReport['meta']>,
	folder: string,
): Promise<string> {
	const explored = await sandbox.graph(path.basename(story.file), story.source, story.options);
	if (explored.kind === 'refused') return `not drawn: ${explored.reason}`;
	const map = renderMap(explored.graph, {
		title: meta.title,
		color: meta.color,
		path: [],
		votes: [],
		seen: [],
		reveal: true,
	});
	mkdirSync(folder, { recursive: true });
	const file = path.join(folder, `${meta.id}.png`);
	writeFileSync(file, map.png);
	return `${file} (${map.width}×${map.height}, ${Math.ceil(map.png.byteLength / 1024)} KB)`;
}

/** True for a file among Reverie's own dreams: checked with the time the bot gives them. */
const isOwn = (file: string) => path.resolve(file).startsWith(`${path.resolve(STORY_DIR)}${path.sep}`);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The options this tool takes, each with a value: `--map <folder>`, `--check-seconds <n>`. */
const args = process.argv.slice(2);
const optionValue = (name: string): string | undefined => {
	const at = args.indexOf(name);
	return at >= 0 ? (args[at + 1] ?? '') : undefined;
};
const mapFolder = optionValue('--map');
if (mapFolder !== undefined && (!mapFolder || mapFolder.startsWith('--'))) {
	console.error('--map needs a folder to write the maps to, e.g. --map maps');
	process.exit(1);
}
// How long a stranger's story may take before it is refused as stuck: the upload bound unless given (an author whose
// machine is slow may give more; the tests give less, to see a loop refused sooner).
const checkSecondsText = optionValue('--check-seconds');
const checkSeconds = checkSecondsText === undefined ? null : Number(checkSecondsText);
if (checkSeconds !== null && !(Number.isInteger(checkSeconds) && checkSeconds >= 1 && checkSeconds <= 600)) {
	console.error('--check-seconds needs a whole number of seconds from 1 to 600, e.g. --check-seconds 30');
	process.exit(1);
}
const valued = new Set(
	['--map', '--check-seconds'].flatMap((name) => {
		const at = args.indexOf(name);
		return at >= 0 ? [at, at + 1] : [];
	}),
);
const named = args.filter((_, i) => !valued.has(i));
const files = named.length > 0 ? named.map((f) => path.resolve(f)) : listStoryFiles(STORY_DIR);
if (files.length === 0) {
	console.error(`No dreams to check: ${path.relative(process.cwd(), STORY_DIR)} has no .ink files.`);
	process.exit(1);
}

let errors = 0;
let warnings = 0;
const sandbox = new StorySandbox(
	checkSeconds === null ? SANDBOX_LIMITS : { ...SANDBOX_LIMITS, checkMs: checkSeconds * 1000 },
	OWN_STORY_LIMITS,
);
try {
	for (const file of files) {
		const id = path.basename(file, '.ink');
		process.stderr.write(`checking ${id}…\n`);
		let source: string;
		try {
			source = readFileSync(file, 'utf8');
		} catch (error) {
			console.log(formatDiagnostic({ severity: 'error', file: path.basename(file), message: `cannot read: ${error}` }));
			errors++;
			continue;
		}
		const includes = includedFiles(file, source);
		const pictures = picturesBeside(file);
		const options: StoryOptions = {
			own: isOwn(file),
			...(Object.keys(includes).length > 0 ? { includes } : {}),
			...(pictures.length > 0 ? { pictures } : {}),
		};
		const checked = await sandbox.check(path.basename(file), source, options);
		if (checked.kind === 'refused') {
			// The words a moderator adding it from Discord would read.
			console.log(
				formatDiagnostic({ severity: 'error', file: path.basename(file), message: `refused: ${checked.reason}` }),
			);
			errors++;
			continue;
		}
		const report = checked.report;
		for (const d of report.diagnostics) {
			console.log(formatDiagnostic(d));
			if (d.severity === 'error') errors++;
			else warnings++;
		}
		const shaped = report.stats ? await sandbox.shape(path.basename(file), source, options) : null;
		if (shaped?.kind === 'refused') {
			console.log(
				formatDiagnostic({ severity: 'error', file: path.basename(file), message: `refused: ${shaped.reason}` }),
			);
			errors++;
		}
		const shape = shaped?.kind === 'shape' ? shaped.shape : null;
		for (const d of shape ? unvaryingEndings(file, source, shape) : []) {
			console.log(formatDiagnostic(d));
			warnings++;
		}
		console.log(summary(report));
		if (shape) console.log(shapeSummary(shape));
		if (mapFolder && report.meta && report.stats)
			console.log(`  map              ${await writeMap(sandbox, { file, source, options }, report.meta, mapFolder)}`);
	}
} finally {
	await sandbox.close();
}
console.log(`\n${files.length} dream(s) checked: ${errors} error(s), ${warnings} warning(s).`);
process.exitCode = errors > 0 ? 1 : 0;
