import { buildReverie } from '../src/tools/build.js';

/** Once per run, before any file: the build the end-to-end tests start, as `npm start` builds it first. */
export default async function setup(): Promise<void> {
	await buildReverie();
}
