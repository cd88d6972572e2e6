/**
 * `npm run bench`: every benchmark, printed as tables, with the figures written to bench/results/.
 * `npm run bench -- engine` (or `dreams`, `clicks`, `maps`) runs one. `DREAMS=1000` runs the scale benchmark smaller.
 */
import { benchClicks } from './clicks.js';
import { benchDreams } from './dreams.js';
import { benchEngine } from './engine.js';
import { benchMaps } from './maps.js';
import { saveResults } from './table.js';

const only = process.argv[2];
if (!only || only === 'engine') saveResults('engine', benchEngine().rows);
if (!only || only === 'dreams') saveResults('dreams', (await benchDreams(Number(process.env.DREAMS ?? 10_000))).rows);
if (!only || only === 'clicks') saveResults('clicks', (await benchClicks()).rows);
if (!only || only === 'maps') saveResults('maps', benchMaps().rows);
