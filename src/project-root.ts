import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's folder (where package.json is), found from this module's own place: the same whether Reverie runs
 * from its sources (`src/`) or from its build (`dist/`, one file for all of them), so files that ship beside the code
 * (the dreams, the playground's page) are found either way.
 */
function findRoot(from: string): string {
	for (let dir = from; ; dir = path.dirname(dir)) {
		if (existsSync(path.join(dir, 'package.json'))) return dir;
		if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
	}
}

export const PROJECT_ROOT = findRoot(import.meta.dirname);
