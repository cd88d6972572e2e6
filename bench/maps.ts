/**
 * The map of the night, per built-in dream: exploring its scene graph, then laying out, drawing and rendering the PNG
 * (the part done for every recap), as a group that went one way sees it and as its author does. Each figure is the
 * median of 5 runs after a warm-up. Beside the picture's size, the size Discord first shows it at (shrunk into its box
 * for an embed's image) and what its smallest text comes to there.
 */
import { compileFile, listStoryFiles, type SceneGraph, STORY_DIR, sceneGraph } from '../src/engine/index.js';
import { type MapView, renderMap, shownSize } from '../src/map/index.js';
import { printTable, type Row, timeMedian } from './table.js';

const RUNS = 5;

/** A group's night: the first way out of every scene to an ending, a vote in each scene, nothing else seen. */
function playedView(graph: SceneGraph, title: string, color: number): MapView {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const path: string[] = [];
	const visited = new Set<string>();
	for (let at: string | undefined = graph.start; at && !visited.has(at); ) {
		visited.add(at);
		path.push(byId.get(at)?.name ?? at);
		at = graph.edges.find((e) => e.from === at && !visited.has(e.to))?.to;
	}
	const votes = path
		.slice(0, -1)
		.map((scene, i) => ({ scene, round: i + 1, choice: 'Follow the music', votes: 3, ballots: 5 }));
	return { title, color, path, votes, seen: [] };
}

export function benchMaps(): { rows: Row[]; table: string } {
	const rows: Row[] = [];
	for (const file of listStoryFiles(STORY_DIR)) {
		const result = compileFile(file);
		if (!result.ok) throw new Error(`${file} does not compile`);
		const { compiled } = result;
		let graph = sceneGraph(compiled);
		const graphUs = timeMedian(
			() => {
				graph = sceneGraph(compiled);
			},
			RUNS,
			1,
		);
		const views: [string, MapView][] = [
			['a group’s night', playedView(graph, compiled.title, compiled.color)],
			[
				'author (all named)',
				{ title: compiled.title, color: compiled.color, path: [], votes: [], seen: [], reveal: true },
			],
		];
		for (const [name, view] of views) {
			let map = renderMap(graph, view);
			const renderUs = timeMedian(
				() => {
					map = renderMap(graph, view);
				},
				RUNS,
				1,
			);
			const shown = shownSize(map);
			const smallest = Math.min(...[...map.svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1])));
			rows.push({
				dream: compiled.id,
				view: name,
				'scenes + endings': graph.nodes.length,
				'graph (ms)': (graphUs / 1000).toFixed(0),
				'render (ms)': (renderUs / 1000).toFixed(0),
				'PNG (KB)': (map.png.byteLength / 1024).toFixed(0),
				'size (px)': `${map.width}×${map.height}`,
				'first shown (px)': `${shown.width}×${shown.height}`,
				'smallest text there (px)': ((smallest * shown.width) / map.width).toFixed(1),
			});
		}
	}
	return { rows, table: printTable(`The map of the night (median of ${RUNS} runs)`, rows) };
}
