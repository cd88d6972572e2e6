/**
 * The map's one typeface, shipped in an npm package (dejavu-fonts-ttf, under the Bitstream Vera licence that travels
 * with it) rather than found on the machine: the layout measures with the same font the PNG is drawn with, on every
 * machine alike.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype from 'opentype.js';

const require = createRequire(import.meta.url);

export const FONT_FAMILY = 'DejaVu Sans';
export const FONT_FILES = {
	regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
	bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

export type Weight = keyof typeof FONT_FILES;

interface Metrics {
	unitsPerEm: number;
	advance: (char: string) => number;
}

const loaded = new Map<Weight, Metrics>();

function metrics(weight: Weight): Metrics {
	const known = loaded.get(weight);
	if (known) return known;
	const bytes = readFileSync(FONT_FILES[weight]);
	const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
	const widths = new Map<string, number>();
	// Character by character: opentype.js's shaping stops on DejaVu's contextual substitutions, and kerning only ever
	// narrows a line, so a width summed from advances is a safe upper bound for the box drawn round it.
	const advance = (char: string) => {
		let width = widths.get(char);
		if (width === undefined) {
			width = font.charToGlyph(char).advanceWidth ?? font.unitsPerEm / 2;
			widths.set(char, width);
		}
		return width;
	};
	const made = { unitsPerEm: font.unitsPerEm, advance };
	loaded.set(weight, made);
	return made;
}

/** The width of `text` set at `size` px. */
export function textWidth(text: string, size: number, weight: Weight = 'regular'): number {
	const font = metrics(weight);
	let units = 0;
	for (const char of text) units += font.advance(char);
	return (units * size) / font.unitsPerEm;
}

/** `text` broken at spaces into lines no wider than `width`; a word wider than a line is cut with "…". */
export function wrap(text: string, size: number, width: number, weight: Weight = 'regular', maxLines = 4): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const tried = line ? `${line} ${word}` : word;
		if (textWidth(tried, size, weight) <= width) line = tried;
		else {
			if (line) lines.push(line);
			line = clip(word, size, width, weight);
		}
	}
	if (line) lines.push(line);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	kept[maxLines - 1] = clip(`${kept[maxLines - 1]}…`, size, width, weight);
	return kept;
}

/** `text`, cut and ended with "…" if it is wider than `width`. */
function clip(text: string, size: number, width: number, weight: Weight): string {
	if (textWidth(text, size, weight) <= width) return text;
	const chars = [...text.replace(/…$/, '')];
	while (chars.length > 1 && textWidth(`${chars.join('')}…`, size, weight) > width) chars.pop();
	return `${chars.join('')}…`;
}

/** Text as it may stand in SVG content or an attribute. */
export const escapeXml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
