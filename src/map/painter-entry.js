// The map painter's process entry, in plain JavaScript: a child process does not inherit tsx's loader, so it loads the
// TypeScript worker through tsx's API.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./painter-worker.ts', import.meta.url);
export default worker.default;
