/**
 * The map as SVG, written out as text from a laid-out graph. Everything is set at its size in the final PNG (the
 * graph's scale is multiplied in, never left to a transform), so a font-size in the SVG is the px the reader sees.
 */
import { type Layout, MARGIN, NODE_PADDING, NODE_TEXT, type PlacedEdge, type PlacedNode } from './layout.js';
import { escapeXml, FONT_FAMILY, textWidth, wrap } from './text.js';
import type { MapView } from './types.js';

const HEADER = { title: 30, subtitle: 17, legend: 16 };
const MIN_CANVAS = 640;

interface Palette {
	background: string;
	card: string;
	accent: string;
	/** The accent, lightened until it stands out on the background. */
	bright: string;
	onAccent: string;
	text: string;
	muted: string;
	way: string;
	blank: string;
	blankEdge: string;
}

/** Where the header and the legend put the graph, and the whole picture's size. */
interface Framing {
	width: number;
	height: number;
	titleLines: string[];
	subtitleLines: string[];
	/** Where the graph's top edge is. */
	top: number;
	legend: LegendItem[];
}

function frameOf(layout: Layout, view: MapView, maxWidth: number): Framing {
	const graphWidth = layout.width * layout.scale;
	const legend = legendItems(layout, view);
	const legendWidth = legend.reduce((sum, item) => sum + item.width, 0);
	const width = Math.round(Math.min(maxWidth, Math.max(MIN_CANVAS, graphWidth + 2 * MARGIN, legendWidth + 2 * MARGIN)));
	const inner = width - 2 * MARGIN;
	const titleLines = wrap(view.title, HEADER.title, inner, 'bold', 2);
	const subtitleLines = wrap(subtitle(layout, view), HEADER.subtitle, inner);
	const top = MARGIN + titleLines.length * HEADER.title * 1.3 + subtitleLines.length * HEADER.subtitle * 1.4 + 28;
	const height = Math.round(top + layout.height * layout.scale + 32 + 24 + MARGIN);
	return { width, height, titleLines, subtitleLines, top, legend };
}

/** The size of the picture `layout` makes, without drawing it. */
export function pictureSize(layout: Layout, view: MapView, maxWidth: number): { width: number; height: number } {
	const { width, height } = frameOf(layout, view, maxWidth);
	return { width, height };
}

export function drawMap(
	layout: Layout,
	view: MapView,
	maxWidth: number,
): { svg: string; width: number; height: number } {
	const s = layout.scale;
	const colors = palette(view.color);
	const graphWidth = layout.width * s;
	const { width, height, titleLines, subtitleLines, top, legend } = frameOf(layout, view, maxWidth);

	const out: string[] = [];
	let y = MARGIN;
	for (const line of titleLines) {
		y += HEADER.title;
		out.push(text(MARGIN, y, line, { size: HEADER.title, weight: 'bold', fill: colors.text, cls: 'title' }));
		y += HEADER.title * 0.3;
	}
	for (const line of subtitleLines) {
		y += HEADER.subtitle * 1.4;
		out.push(text(MARGIN, y, line, { size: HEADER.subtitle, fill: colors.muted, cls: 'subtitle' }));
	}

	const left = (width - graphWidth) / 2;
	const at = (p: { x: number; y: number }) => ({ x: left + p.x * s, y: top + p.y * s });
	const blankKeys = new Set(layout.nodes.filter((n) => n.kind !== 'more' && n.name === undefined).map((n) => n.key));
	const edges = [...layout.edges].sort((a, b) => Number(a.onPath) - Number(b.onPath));
	for (const edge of edges) out.push(drawEdge(edge, at, s, colors, blankKeys.has(edge.to) || blankKeys.has(edge.from)));
	for (const node of layout.nodes) out.push(drawNode(node, at, s, colors));
	y = top + layout.height * s + 32;

	let x = MARGIN;
	for (const item of legend) {
		out.push(item.draw(x, y, colors));
		x += item.width;
	}

	const svg = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
		'<defs>',
		marker('arrow', colors.way, n(11 * Math.max(s, 0.75))),
		marker('arrow-path', colors.bright, n(16 * Math.max(s, 0.75))),
		marker('arrow-blank', colors.blankEdge, n(11 * Math.max(s, 0.75))),
		'</defs>',
		`<rect class="background" width="${width}" height="${height}" fill="${colors.background}"/>`,
		...out,
		'</svg>',
	].join('\n');
	return { svg, width, height };
}

function subtitle(layout: Layout, view: MapView): string {
	const { scenes, seenScenes, endings, seenEndings } = layout.counts;
	const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;
	const found = view.reveal
		? `Every scene and ending: ${plural(scenes, 'scene')}, ${plural(endings, 'ending')}`
		: `${seenScenes} of ${plural(scenes, 'scene')} and ${seenEndings} of ${plural(endings, 'ending')} found here`;
	return `The map of the night · ${found}${layout.cut ? ' · “…” goes on beyond the map' : ''}`;
}

interface LegendItem {
	width: number;
	draw: (x: number, y: number, colors: Palette) => string;
}

function legendItems(layout: Layout, view: MapView): LegendItem[] {
	const item = (label: string, swatch: (x: number, y: number, c: Palette) => string): LegendItem => ({
		width: 30 + textWidth(label, HEADER.legend) + 28,
		draw: (x, y, c) =>
			`<g class="legend">${swatch(x, y, c)}${text(x + 30, y + 16, label, { size: HEADER.legend, fill: c.muted })}</g>`,
	});
	const items: LegendItem[] = [];
	if (view.path.length > 0)
		items.push(
			item('your path', (x, y, c) => `<rect x="${x}" y="${y + 2}" width="22" height="18" rx="4" fill="${c.accent}"/>`),
		);
	items.push(
		item(
			view.reveal ? 'a scene' : 'found',
			(x, y, c) =>
				`<rect x="${x + 1}" y="${y + 3}" width="20" height="16" rx="4" fill="${c.card}" stroke="${c.bright}" stroke-width="2"/>`,
		),
	);
	// Only where a blank is drawn: a long night's map may have given every one of them up to "…".
	if (!view.reveal && layout.nodes.some((n) => n.kind !== 'more' && n.name === undefined))
		items.push(
			item(
				'not yet found',
				(x, y, c) =>
					`<rect x="${x + 1}" y="${y + 3}" width="20" height="16" rx="4" fill="${c.blank}" stroke="${c.blankEdge}" stroke-width="2" stroke-dasharray="4 3"/>`,
			),
		);
	items.push(
		item(
			'an ending',
			(x, y, c) =>
				`<rect x="${x + 1}" y="${y + 3}" width="20" height="16" rx="8" fill="none" stroke="${c.muted}" stroke-width="2"/>`,
		),
	);
	if (layout.cut) items.push(item('not drawn', (x, y, c) => text(x + 2, y + 16, '…', { size: 20, fill: c.muted })));
	return items;
}

function drawEdge(
	edge: PlacedEdge,
	at: (p: { x: number; y: number }) => { x: number; y: number },
	s: number,
	colors: Palette,
	blank: boolean,
): string {
	const points = edge.points.map(at);
	if (points.length < 2) return '';
	const [first] = points as [{ x: number; y: number }];
	// dagre's bend points, smoothed through their midpoints.
	let d = `M${n(first.x)},${n(first.y)}`;
	for (let i = 1; i < points.length - 1; i++) {
		const p = points[i] as { x: number; y: number };
		const q = points[i + 1] as { x: number; y: number };
		const end = i === points.length - 2 ? q : { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
		d += ` Q${n(p.x)},${n(p.y)} ${n(end.x)},${n(end.y)}`;
	}
	if (points.length === 2) {
		const last = points[1] as { x: number; y: number };
		d += ` L${n(last.x)},${n(last.y)}`;
	}
	const cls = ['way', edge.onPath ? 'on-path' : '', edge.toMore ? 'to-more' : ''].filter(Boolean).join(' ');
	const stroke = edge.onPath ? colors.bright : blank || edge.toMore ? colors.blankEdge : colors.way;
	const width = (edge.onPath ? 5 : 2) * Math.max(s, 0.75);
	const dash = edge.toMore || (blank && !edge.onPath) ? ` stroke-dasharray="${n(6 * s)} ${n(5 * s)}"` : '';
	const arrow = edge.onPath ? 'arrow-path' : blank || edge.toMore ? 'arrow-blank' : 'arrow';
	return `<path class="${cls}" d="${d}" fill="none" stroke="${stroke}" stroke-width="${n(width)}"${dash} stroke-linecap="round" marker-end="url(#${arrow})"/>`;
}

function drawNode(
	node: PlacedNode,
	at: (p: { x: number; y: number }) => { x: number; y: number },
	s: number,
	colors: Palette,
): string {
	const center = at(node);
	const w = node.width * s;
	const h = node.height * s;
	const x = center.x - w / 2;
	const y = center.y - h / 2;
	if (node.kind === 'more')
		return `<g class="more">${text(center.x, center.y + NODE_TEXT.more * s * 0.2, '…', {
			size: NODE_TEXT.more * s,
			weight: 'bold',
			fill: colors.muted,
			anchor: 'middle',
		})}</g>`;
	const ending = node.kind === 'ending';
	const rx = ending ? h / 2 : 10 * s;
	const named = node.name !== undefined;
	const cls = ['node', node.kind, named ? 'seen' : 'unseen', node.onPath ? 'on-path' : '', node.start ? 'start' : '']
		.filter(Boolean)
		.join(' ');
	// An unseen node carries nothing but its shape: no id, no name, no title.
	const attrs = named
		? ` data-id="${escapeXml(node.id ?? '')}"${node.steps.length > 0 ? ` data-steps="${node.steps.join(' ')}"` : ''}`
		: '';
	const fill = node.onPath ? colors.accent : named ? colors.card : colors.blank;
	const stroke = named ? colors.bright : colors.blankEdge;
	const dash = named ? '' : ` stroke-dasharray="${n(7 * s)} ${n(5 * s)}"`;
	const parts = [
		`<g class="${cls}"${attrs}>`,
		`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(rx)}" fill="${fill}" stroke="${stroke}" stroke-width="${n(2 * Math.max(s, 0.75))}"${dash}/>`,
	];
	if (ending) {
		const inset = 4 * s;
		parts.push(
			`<rect x="${n(x + inset)}" y="${n(y + inset)}" width="${n(w - 2 * inset)}" height="${n(h - 2 * inset)}" rx="${n(rx - inset)}" fill="none" stroke="${stroke}" stroke-opacity="0.6" stroke-width="${n(Math.max(s, 0.75))}"${dash}/>`,
		);
	}
	const ink = node.onPath ? colors.onAccent : colors.text;
	let baseline = y + NODE_PADDING.y * s;
	for (const line of node.lines) {
		const size = line.size * s;
		baseline += size * NODE_PADDING.line;
		const fill = line.role === 'count' && !node.onPath ? colors.muted : ink;
		parts.push(
			text(center.x, baseline - size * 0.3, line.text, {
				size,
				weight: line.weight,
				fill,
				anchor: 'middle',
				cls: line.role,
			}),
		);
	}
	if (node.steps.length > 0) parts.push(badge(node.steps.join('·'), x, y, s, colors));
	parts.push('</g>');
	return parts.join('');
}

/** The path's step numbers, on the node's corner. */
function badge(label: string, x: number, y: number, s: number, colors: Palette): string {
	const size = NODE_TEXT.step * s;
	const w = Math.max(26 * s, textWidth(label, size, 'bold') + 12 * s);
	const h = 26 * s;
	return [
		`<rect class="step-badge" x="${n(x - w / 3)}" y="${n(y - h / 2)}" width="${n(w)}" height="${n(h)}" rx="${n(h / 2)}" fill="${colors.background}" stroke="${colors.bright}" stroke-width="${n(2 * Math.max(s, 0.75))}"/>`,
		text(x - w / 3 + w / 2, y + size * 0.35, label, {
			size,
			weight: 'bold',
			fill: colors.text,
			anchor: 'middle',
			cls: 'step',
		}),
	].join('');
}

interface TextStyle {
	size: number;
	weight?: 'regular' | 'bold';
	fill: string;
	anchor?: 'start' | 'middle';
	cls?: string;
}

function text(x: number, y: number, content: string, style: TextStyle): string {
	const cls = style.cls ? ` class="${style.cls}"` : '';
	const weight = style.weight === 'bold' ? ' font-weight="bold"' : '';
	const anchor = style.anchor === 'middle' ? ' text-anchor="middle"' : '';
	return `<text${cls} x="${n(x)}" y="${n(y)}" font-size="${n(style.size)}"${weight}${anchor} fill="${style.fill}">${escapeXml(content)}</text>`;
}

function marker(id: string, color: string, size: string): string {
	// Sized in px, not in stroke widths: the path's thick ways would get arrows as big as a node.
	return `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="${size}" markerHeight="${size}" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`;
}

/** Numbers as the SVG writes them: a tenth of a px is finer than any screen shows. */
const n = (value: number) => String(Math.round(value * 10) / 10);

type Rgb = [number, number, number];

function palette(color: number): Palette {
	const accent: Rgb = [(color >> 16) & 255, (color >> 8) & 255, color & 255];
	let bright = accent;
	for (let i = 0; i < 10 && luminance(bright) < 0.3; i++) bright = mix(bright, [255, 255, 255], 0.2);
	const background = mix([17, 16, 23], accent, 0.1);
	return {
		background: hex(background),
		card: hex(mix([31, 30, 40], accent, 0.16)),
		accent: hex(accent),
		bright: hex(bright),
		onAccent: luminance(accent) > 0.4 ? '#15131a' : '#ffffff',
		text: '#f3f1f8',
		muted: '#bdb9cb',
		way: '#8a8699',
		blank: hex(mix(background, [255, 255, 255], 0.07)),
		blankEdge: '#5f5b6e',
	};
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as Rgb;
const hex = (rgb: Rgb) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** Relative luminance, as WCAG reckons contrast. */
function luminance(rgb: Rgb): number {
	const [r, g, b] = rgb.map((v) => {
		const c = v / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	}) as Rgb;
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
