/**
 * `npm run story:check [files…]`: compiles every dream (or the files named), explores every reachable state and
 * reports what an author must fix. Exits non-zero on any error.
 */
import path from 'node:path';
import { listStoryFiles, STORY_DIR } from '../engine/catalogue.js';
import { checkStory, type DreamReport } from '../engine/check.js';
import { formatDiagnostic } from '../engine/diagnostics.js';

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
	].join('\n');
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args.map((f) => path.resolve(f)) : listStoryFiles(STORY_DIR);
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
	console.log(summary(report));
}
console.log(`\n${files.length} dream(s) checked: ${errors} error(s), ${warnings} warning(s).`);
process.exitCode = errors > 0 ? 1 : 0;
