/**
 * `npm run bench`: every benchmark, printed as tables, with the figures written to bench/results/.
 * `npm run bench -- engine` (or `dreams`, `clicks`, `closing`, `maps`) runs one. `DREAMS=1000` runs the scale benchmark
 * smaller; `CLICK_SCENARIOS=stream` runs only the named click scenarios, `CLOSING_VOTES=50` only that many closing,
 * `CLOSING_RATES=50` only at that global limit; `CLICK_RUNS` how many pairs of runs (5), `BENCH_PIN=0` no pinning.
 */
import { benchClicks } from './clicks.js';
import { benchClosing } from './closing.js';
import { benchDreams } from './dreams.js';
import { benchEngine } from './engine.js';
import { benchMaps } from './maps.js';
import { saveResults } from './table.js';

// Stopped from outside: exit, so that the bots it started are stopped with it (see startProcess).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));

const only = process.argv[2];
if (!only || only === 'engine') saveResults('engine', benchEngine().rows);
if (!only || only === 'dreams') saveResults('dreams', (await benchDreams(Number(process.env.DREAMS ?? 10_000))).rows);
// Some of the click scenarios alone (CLICK_SCENARIOS) are saved apart, so the full set's figures stay whole.
const clickScenarios = process.env.CLICK_SCENARIOS?.replaceAll(',', '-');
if (!only || only === 'clicks') {
	const { rows, pinning } = await benchClicks();
	saveResults(clickScenarios ? `clicks-${clickScenarios}` : 'clicks', rows, { pinning });
}
// Likewise some of the closing shapes (CLOSING_VOTES, CLOSING_RATES): `closing-50`, `closing-1000-at-500`.
const closingName = [
	'closing',
	...(process.env.CLOSING_VOTES ? [process.env.CLOSING_VOTES.replaceAll(',', '-')] : []),
	...(process.env.CLOSING_RATES ? [`at-${process.env.CLOSING_RATES.replaceAll(',', '-')}`] : []),
].join('-');
if (!only || only === 'closing') {
	const { rows, pinning } = await benchClosing();
	saveResults(closingName, rows, { pinning });
}
if (!only || only === 'maps') saveResults('maps', benchMaps().rows);
