/** The map of the night: a dream's scene graph drawn as SVG, with this group's path, and rendered to PNG. */
import { Resvg } from '@resvg/resvg-js';
import type { SceneGraph } from '../engine/scene-graph.js';
import { drawMap, pictureSize } from './draw.js';
import { layoutMap, MAX_WIDTH } from './layout.js';
import { FONT_FAMILY, FONT_FILES } from './text.js';
import type { MapView, RenderedMap } from './types.js';

/**
 * Draws `graph` as `view` shows it: at most {@link MAX_WIDTH} px wide, its text never under 14 px, scenes and endings
 * this server has not seen as blank silhouettes (unless `view.reveal`). The PNG is drawn with the font shipped in
 * node_modules and no system font, so it looks the same on every machine.
 */
export function renderMap(graph: SceneGraph, view: MapView): RenderedMap {
	const layout = layoutMap(graph, view, (candidate) => pictureSize(candidate, view, MAX_WIDTH));
	const { svg, width, height } = drawMap(layout, view, MAX_WIDTH);
	const png = new Resvg(svg, {
		font: {
			loadSystemFonts: false,
			fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
			defaultFontFamily: FONT_FAMILY,
		},
		fitTo: { mode: 'original' },
	})
		.render()
		.asPng();
	return { svg, png, width, height };
}
