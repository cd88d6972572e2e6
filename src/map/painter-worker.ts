/** Runs in the map painter's process ({@link MapPainter}): draws one map and hands its PNG back as base64 text. */
import { lowerOwnPriority } from '../engine/process-priority.js';
import type { SceneGraph } from '../engine/scene-graph.js';
import { exitWithParent } from '../parent-watch.js';
import { renderMap } from './render.js';
import type { MapView } from './types.js';

// Only the painter's process loads this module: it runs below the bot, whose clicks go first (a map costs a tenth of a
// second or more of CPU), and ends when the bot does, even killed (see parent-watch.ts).
lowerOwnPriority();
exitWithParent();

export interface PaintTask {
	graph: SceneGraph;
	view: MapView;
}

export default function paint(task: PaintTask): string {
	return renderMap(task.graph, task.view).png.toString('base64');
}
