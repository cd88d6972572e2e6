import Tinypool from 'tinypool';
import type { SceneGraph } from '../engine/scene-graph.js';
import type { PaintTask } from './painter-worker.js';
import type { MapView } from './types.js';

/** How long one map may take to draw before it is given up (a normal one takes a fraction of a second). */
const PAINT_MS = 15_000;
// A process that has drawn a map keeps its font and libraries loaded for the next one a while.
const IDLE_MS = 10 * 60_000;

/**
 * Draws maps of the night in a child process: laying a graph out and rendering it takes a tenth of a second or more of
 * CPU, which the thread that answers Discord's clicks must not spend.
 */
export class MapPainter {
	private readonly pool: Tinypool;

	constructor() {
		this.pool = new Tinypool({
			filename: new URL('./painter-entry.js', import.meta.url).href,
			runtime: 'child_process',
			minThreads: 0,
			maxThreads: 1,
			idleTimeout: IDLE_MS,
			execArgv: ['--max-old-space-size=256'],
		});
	}

	/** The map's PNG. */
	async paint(graph: SceneGraph, view: MapView): Promise<Buffer> {
		const task: PaintTask = { graph, view };
		const base64 = (await this.pool.run(task, { signal: AbortSignal.timeout(PAINT_MS) })) as string;
		return Buffer.from(base64, 'base64');
	}

	async close(): Promise<void> {
		await this.pool.destroy();
	}
}
