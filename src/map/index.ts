/** The map of the night: a dream's scenes and the group's path through them, as a PNG. Knows nothing of Discord. */
export { MAX_WIDTH, MIN_TEXT } from './layout.js';
export { MapPainter } from './painter.js';
export { renderMap } from './render.js';
export type { MapView, MapVote, RenderedMap } from './types.js';
