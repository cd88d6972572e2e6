import { afterEach } from 'vitest';
import { removeTempDirs } from './helpers.js';

// Run before every test file (vitest.config.ts's setupFiles), so its hooks are registered in each file even where test
// files share one module graph (the fast lane's isolate: false), which runs a helper module's own top-level code once.
afterEach(removeTempDirs);
