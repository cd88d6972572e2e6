/** `npm run bench`: every benchmark, printed as tables, with the figures written to bench/results/. */
import { benchEngine } from './engine.js';
import { saveResults } from './table.js';

const engine = benchEngine();
saveResults('engine', engine.rows);
