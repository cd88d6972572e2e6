/**
 * `npm run bench`: every benchmark, printed as tables, with the figures written to bench/results/.
 * `npm run bench -- engine` (or `dreams`, `clicks`, `closing`, `maps`) runs one. `DREAMS=1000` runs the scale benchmark
 * smaller; `CLICK_SCENARIOS=stream` runs only the named click scenarios, `CLOSING_VOTES=50` only that many closing.
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
if (!only || only === 'clicks')
	saveResults(clickScenarios ? `clicks-${clickScenarios}` : 'clicks', (await benchClicks()).rows);
const closingCounts = process.env.CLOSING_VOTES?.replaceAll(',', '-');
if (!only || only === 'closing')
	saveResults(closingCounts ? `closing-${closingCounts}` : 'closing', (await benchClosing()).rows);
if (!only || only === 'maps') saveResults('maps', benchMaps().rows);
