// opentype.js ships no types; only what the map measures text with is declared.
declare module 'opentype.js' {
	interface Glyph {
		advanceWidth?: number;
	}
	interface Font {
		unitsPerEm: number;
		charToGlyph(char: string): Glyph;
	}
	const opentype: { parse(buffer: ArrayBuffer): Font };
	export default opentype;
}
