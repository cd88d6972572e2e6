/**
 * The size a member first sees the map at. Discord shows an embed's image in the message shrunk, keeping its shape,
 * to fit a box of fixed width and height; only a click opens it full size. So a tall picture is shrunk by its height,
 * and its text with it: a 1008×1955 map came out 155×300, its 16 px text at 2.5 px.
 */

/**
 * The box Discord's desktop client fits an embed's image into before a click, in CSS px. Discord does not document
 * it; this is what was measured and is commonly reported: images held within 400 px wide and 300 px tall
 * (github.com/leovoel/embed-visualizer/issues/30: a 420×600 image shown 300 tall, a 437×290 one 400 wide;
 * opengraphplus.com/consumers/discord/images: "up to ~400px wide on desktop, ~300px max height"). A picture smaller
 * than the box is shown at its own size, never enlarged.
 */
export const FIRST_VIEW = { width: 400, height: 300 } as const;

/**
 * The smallest text a group's map aims for at the first view, in CSS px: small print, but letters a member can make
 * out without opening the picture. The map's side ways are cut to "…" to reach it; its path never is, so a very long
 * night can show smaller.
 */
export const LEGIBLE = 7;

export interface Picture {
	width: number;
	height: number;
}

/** How much a picture is shrunk to be first shown: 1 for one that already fits the box. */
export function shownScale(picture: Picture): number {
	return Math.min(1, FIRST_VIEW.width / Math.max(picture.width, 1), FIRST_VIEW.height / Math.max(picture.height, 1));
}

/** The size a picture is first shown at, in CSS px. */
export function shownSize(picture: Picture): Picture {
	const scale = shownScale(picture);
	return { width: Math.round(picture.width * scale), height: Math.round(picture.height * scale) };
}
