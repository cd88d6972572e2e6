import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Row {
	[column: string]: string | number;
}

/** Prints rows as an aligned Markdown table (ready to paste into docs/benchmarks.md) and returns it. */
export function printTable(title: string, rows: Row[]): string {
	const columns = Object.keys(rows[0] ?? {});
	const cells = rows.map((r) => columns.map((c) => String(r[c])));
	const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
	const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
	const table = [line(columns), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
	console.log(`\n${title}\n\n${table}\n`);
	return table;
}

/**
 * Writes the run's figures under bench/results/ for comparison with later runs, with `notes` on how they were taken
 * (say, how the processes were pinned).
 */
export function saveResults(name: string, data: unknown, notes: Record<string, string> = {}): void {
	const dir = path.resolve(import.meta.dirname, 'results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		path.join(dir, `${name}.json`),
		`${JSON.stringify({ at: new Date().toISOString(), node: process.version, ...notes, data }, null, '\t')}\n`,
	);
}

/** Median time of `fn` in microseconds over `runs` runs, after a warm-up. */
export function timeMedian(fn: () => void, runs = 200, warmup = 20): number {
	for (let i = 0; i < warmup; i++) fn();
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = process.hrtime.bigint();
		fn();
		samples.push(Number(process.hrtime.bigint() - t) / 1000);
	}
	samples.sort((a, b) => a - b);
	return samples[Math.floor(samples.length / 2)] ?? 0;
}
