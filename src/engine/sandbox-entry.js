// The sandbox workers' entry, in plain JavaScript: a worker thread does not inherit tsx's loader, so it loads the
// TypeScript worker through tsx's API.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./sandbox-worker.ts', import.meta.url);
export default worker.default;
