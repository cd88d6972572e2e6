/**
 * The map of the night: a dream's scenes and the group's path through them, as a PNG. Knows nothing of discord.js;
 * only the size a chat first shows a picture at (`first-view.ts`), which its shape is made for.
 */
export { FIRST_VIEW, LEGIBLE, shownSize } from './first-view.js';
export { MAX_WIDTH, MIN_TEXT } from './layout.js';
export { MapPainter } from './painter.js';
export { renderMap } from './render.js';
export type { MapView, MapVote, RenderedMap } from './types.js';
