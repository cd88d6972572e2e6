/**
 * Which nodes the map draws, what each says, and where dagre puts them. A node this server has not seen is laid out
 * at one fixed size whatever its name, so not even its width tells the name; a graph too wide for the page at readable
 * text is cut, rank by rank, into "…". The graph is laid out down the page or across it, and folded into columns or
 * lines (`arrange.ts`), whichever shows its text largest in the box a chat shows a picture in first
 * ({@link FIRST_VIEW}); a group's map that is still too small there loses its unseen side ways to "…" first.
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { SceneGraph, SceneNode } from '../engine/scene-graph.js';
import { arrange, type Direction } from './arrange.js';
import { FIRST_VIEW, LEGIBLE, type Picture, shownScale } from './first-view.js';
import { countByRank, counts, edgeKey, type NodeCounts, type Prepared, prepare } from './prepare.js';
import { textWidth, type Weight, wrap } from './text.js';
import type { MapView, MapVote } from './types.js';

/** The widest the map may be, in px. */
export const MAX_WIDTH = 1600;
/** The smallest text the map may have at full size, in px. */
export const MIN_TEXT = 14;
/** Past this height the deepest ranks are cut: a phone scrolls, but not forever. */
export const MAX_HEIGHT = 4800;
export const MARGIN = 32;

/** Text sizes before the graph is scaled to fit: the smallest, scaled down as far as it may go, is still MIN_TEXT. */
export const NODE_TEXT = { name: 19, vote: 16, count: 16, step: 16, more: 22 };
const SMALLEST_NODE_TEXT = Math.min(...Object.values(NODE_TEXT));
/** How far the graph may shrink to fit the page. */
export const MIN_SCALE = MIN_TEXT / SMALLEST_NODE_TEXT;

const PAD_X = 14;
const PAD_Y = 10;
const CONTENT_WIDTH = 250;
const LINE = 1.3;
const SILHOUETTE = { width: 150, height: 46 };
const MORE = { width: 56, height: 36 };
const LAYOUT = { nodesep: 36, edgesep: 16, ranksep: 54, marginx: 0, marginy: 0 } as const;
/** The ways a graph is tried: down the page first, as maps were drawn before any folding. */
const DIRECTIONS: Direction[] = ['TB', 'LR'];
/** The most columns or lines a graph is folded into. */
const MAX_BANDS = 6;

export interface TextLine {
	text: string;
	size: number;
	weight: Weight;
	/** What the line is: the map's SVG carries it as a class. */
	role: 'name' | 'vote' | 'count';
}

export interface PlacedNode {
	/** The layout's own key (`n3`): never a scene's name, which an unseen node must not carry. */
	key: string;
	kind: SceneNode['kind'] | 'more';
	/** Set when the node is drawn named: seen here, on the path, or revealed. */
	name?: string;
	/** The graph's id of a named node. */
	id?: string;
	lines: TextLine[];
	onPath: boolean;
	/** Where the node stands on the path, from 1 (a node the path comes back to has several). */
	steps: number[];
	start: boolean;
	width: number;
	height: number;
	x: number;
	y: number;
}

export interface PlacedEdge {
	from: string;
	to: string;
	onPath: boolean;
	/** Leads to "…": a part of the dream not drawn. */
	toMore: boolean;
	points: { x: number; y: number }[];
}

export interface Layout {
	nodes: PlacedNode[];
	edges: PlacedEdge[];
	/** The graph's own size at scale 1. */
	width: number;
	height: number;
	/** How much the graph is scaled to fit the page (at most 1). */
	scale: number;
	/** True when some of the graph was cut away to fit, or never explored. */
	cut: boolean;
	counts: NodeCounts;
	/** Which way the ranks run, and into how many columns (down the page) or lines (across it) they are folded. */
	direction: Direction;
	bands: number;
}

/** The whole picture a layout makes, title and legend included: the drawing's business, passed in. */
export type Frame = (layout: Layout) => Picture;

/**
 * Lays out `graph` as `view` shows it, cut to fit at readable text, in the shape whose text is largest once the
 * picture (as `frame` makes it) is shrunk into {@link FIRST_VIEW}. A group's map whose text is still under
 * {@link LEGIBLE} there is cut further, rank by rank, keeping its path and what the server has found; the author's
 * (`view.reveal`) is never cut for it, since it is read full size.
 */
export function layoutMap(graph: SceneGraph, view: MapView, frame: Frame): Layout {
	const prepared = prepare(graph, view);
	const widest = Math.max(0, ...countByRank(prepared.ranks).values());
	const deepest = Math.max(0, ...prepared.ranks.values());
	const available = (MAX_WIDTH - 2 * MARGIN) / MIN_SCALE;
	// First guesses from the smallest node's size, so a huge graph is not laid out whole before it is cut.
	let perRank = Math.min(
		widest,
		Math.max(1, Math.floor((available + LAYOUT.nodesep) / (SILHOUETTE.width + 2 * LAYOUT.nodesep))),
	);
	let depth = Math.min(deepest, Math.floor(MAX_HEIGHT / MIN_SCALE / (SILHOUETTE.height + LAYOUT.ranksep)));
	// Each set of kept nodes is laid out once: dagre takes tens of ms a graph, and several limits keep the same nodes.
	const shapes = new Map<string, Shape>();
	const shapeOf = (limits: Limits): Shape => {
		const kept = keep(prepared, limits);
		const key = [...kept].sort().join('\n');
		let shape = shapes.get(key);
		if (!shape) {
			shape = bestShape(prepared, place(prepared, kept), frame);
			shapes.set(key, shape);
		}
		return shape;
	};
	const all = (): Limits => ({ perRank, depth, blanks: perRank, far: true });
	let best = shapeOf(all());
	while (!best.wideEnough && perRank > 1) {
		perRank--;
		best = shapeOf(all());
	}
	while (!best.shortEnough && depth > 1) {
		depth = Math.max(1, Math.floor(depth * 0.8));
		best = shapeOf(all());
	}
	if (view.reveal || best.shown >= LEGIBLE) return best.layout;
	// Too small at first sight: the blanks give way to "…", those away from anything named first, then the side ways
	// beside the path and what was found, one a rank at a time, until the text is LEGIBLE. Nothing named does. When
	// even all of them gone is not enough, that is the largest this night can be shown.
	const fits = (shape: Shape) => shape.wideEnough && shape.shortEnough;
	const levels = Array.from(
		{ length: perRank + 1 },
		(_, i): Limits => ({ perRank, depth, blanks: perRank - i, far: false }),
	);
	const fewest = shapeOf(levels.at(-1) as Limits);
	if (fewest.shown < LEGIBLE) return fits(fewest) && fewest.shown > best.shown ? fewest.layout : best.layout;
	for (const limits of levels) {
		const shape = shapeOf(limits);
		if (fits(shape) && shape.shown >= LEGIBLE) return shape.layout;
	}
	return best.layout;
}

/**
 * What is kept: at most `perRank` nodes a rank, of them at most `blanks` unseen, none deeper than `depth`, and unseen
 * ones that no named node leads to only when `far`.
 */
interface Limits {
	perRank: number;
	depth: number;
	blanks: number;
	far: boolean;
}

interface Shape {
	layout: Layout;
	/** The smallest text's size once the picture is shrunk into the first view, in CSS px. */
	shown: number;
	/** No taller for its width than the first view's box. */
	landscape: boolean;
	wideEnough: boolean;
	shortEnough: boolean;
}

/** The nodes drawn, laid out every way tried, each folded into 1 to {@link MAX_BANDS} bands: the one shown largest. */
function bestShape(prepared: Prepared, drawn: Drawn, frame: Frame): Shape {
	const counted = counts(prepared);
	let best: Shape | undefined;
	for (const direction of DIRECTIONS) {
		const laid = laidOut(drawn, direction);
		for (let bands = 1; bands <= MAX_BANDS; bands++) {
			const folded = arrange(laid.nodes, laid.edges, direction, bands, laid);
			if (folded.bands < bands) break;
			const scale = scaleOf(folded.width);
			const layout: Layout = { ...folded, direction, scale, cut: drawn.cut, counts: counted };
			const picture = frame(layout);
			const shape: Shape = {
				layout,
				shown: SMALLEST_NODE_TEXT * scale * shownScale(picture),
				landscape: picture.height * FIRST_VIEW.width <= picture.width * FIRST_VIEW.height,
				wideEnough: folded.width * MIN_SCALE <= MAX_WIDTH - 2 * MARGIN,
				shortEnough: folded.height * scale <= MAX_HEIGHT,
			};
			if (!best || better(shape, best)) best = shape;
		}
	}
	return best as Shape;
}

/**
 * The graph's scale on the page: never below MIN_SCALE, since the cut above has made it fit there (only a path with
 * more steps side by side than the page holds could not, and its text stays readable all the same).
 */
const scaleOf = (width: number) => Math.max(MIN_SCALE, Math.min(1, (MAX_WIDTH - 2 * MARGIN) / Math.max(width, 1)));

/**
 * A shape in the box's proportions is worth this much more: it takes less of the chat's height, and once opened it
 * is shown larger on a landscape screen. A taller one wins only with text larger by more than that.
 */
const LANDSCAPE = 1.1;

/** A shape that fits the page beats one that does not; then the one shown larger; on a tie, the one tried first. */
function better(shape: Shape, than: Shape): boolean {
	const fits = (s: Shape) => Number(s.wideEnough) + Number(s.shortEnough);
	if (fits(shape) !== fits(than)) return fits(shape) > fits(than);
	if (fits(shape) < 2) return shape.layout.width * shape.layout.height < than.layout.width * than.layout.height;
	const worth = (s: Shape) => s.shown * (s.landscape ? LANDSCAPE : 1);
	return worth(shape) > worth(than);
}

/**
 * The nodes kept within `limits`: the path's first, then what this server has seen, then blanks. A node is kept only
 * with a way into it from a kept one, so nothing floats loose on the map.
 */
function keep(prepared: Prepared, { perRank, depth, blanks, far }: Limits): Set<string> {
	const { graph, ranks, steps, named } = prepared;
	const into = new Map<string, string[]>();
	for (const e of graph.edges) into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
	const besideNamed = (id: string) => (into.get(id) ?? []).some((from) => named.has(from));
	const priority = (n: SceneNode) => (steps.has(n.id) ? 0 : named.has(n.id) ? 1 : besideNamed(n.id) ? 2 : 3);
	const order = [...graph.nodes].sort(
		(a, b) => (ranks.get(a.id) ?? 0) - (ranks.get(b.id) ?? 0) || priority(a) - priority(b),
	);
	const kept = new Set<string>();
	const perRankKept = new Map<number, number>();
	const blanksKept = new Map<number, number>();
	for (const n of order) {
		const rank = ranks.get(n.id) ?? 0;
		const count = perRankKept.get(rank) ?? 0;
		const from = into.get(n.id) ?? [];
		const reached = rank === 0 || from.some((id) => kept.has(id));
		const blank = !named.has(n.id);
		const blankRoom = (blanksKept.get(rank) ?? 0) < blanks && (far || from.some((id) => kept.has(id) && named.has(id)));
		if (steps.has(n.id) || (reached && rank <= depth && count < perRank && (!blank || blankRoom))) {
			kept.add(n.id);
			perRankKept.set(rank, count + 1);
			if (blank) blanksKept.set(rank, (blanksKept.get(rank) ?? 0) + 1);
		}
	}
	return kept;
}

interface Drawn {
	nodes: PlacedNode[];
	edges: Omit<PlacedEdge, 'points'>[];
	cut: boolean;
}

/** The nodes and ways drawn when `kept` are, with "…" for the rest, not yet placed. */
function place(prepared: Prepared, kept: Set<string>): Drawn {
	const { graph, byId, named, steps, pathEdges, votes } = prepared;
	const nodes = new Map<string, PlacedNode>();
	const keys = new Map<string, string>();
	const add = (node: Omit<PlacedNode, 'key' | 'x' | 'y'>): PlacedNode => {
		const placed = { ...node, key: `n${nodes.size}`, x: 0, y: 0 };
		nodes.set(placed.key, placed);
		return placed;
	};
	for (const n of graph.nodes) {
		if (!kept.has(n.id)) continue;
		const placed = named.has(n.id)
			? add(namedNode(n, steps.get(n.id) ?? [], votes.get(n.id) ?? [], n.id === graph.start))
			: add({
					kind: n.kind,
					lines: [],
					onPath: false,
					steps: [],
					start: n.id === graph.start,
					...SILHOUETTE,
				});
		keys.set(n.id, placed.key);
	}
	const more = () => add({ kind: 'more', lines: [], onPath: false, steps: [], start: false, ...MORE });
	const edges: Omit<PlacedEdge, 'points'>[] = [];
	const drawn = new Set<string>();
	const link = (from: string, to: string, onPath: boolean, toMore: boolean) => {
		if (drawn.has(edgeKey(from, to))) return;
		drawn.add(edgeKey(from, to));
		edges.push({ from, to, onPath, toMore });
	};
	// What the cut took away shows as a "…" after each node with ways into it: beside that node, wherever the graph
	// is folded, rather than one shared "…" that ways from far apart would cross the map to reach.
	const cutAway = new Map<string, PlacedNode>();
	let cut = graph.truncated;
	const ways = [...graph.edges];
	for (const key of pathEdges) {
		const [from, to] = key.split('\n') as [string, string];
		if (!graph.edges.some((e) => e.from === from && e.to === to)) ways.push({ from, to });
	}
	for (const e of ways) {
		const from = keys.get(e.from);
		if (!from) continue;
		const to = keys.get(e.to);
		if (to) {
			link(from, to, pathEdges.has(edgeKey(e.from, e.to)), false);
			continue;
		}
		cut = true;
		const ellipsis = cutAway.get(from) ?? more();
		cutAway.set(from, ellipsis);
		link(from, ellipsis.key, false, true);
	}
	if (graph.truncated) {
		const loose = graph.unexplored ?? looseEnds(graph);
		for (const id of loose) {
			const from = keys.get(id);
			if (from && byId.get(id)?.kind === 'scene' && !cutAway.has(from)) link(from, more().key, false, true);
		}
	}

	return { nodes: [...nodes.values()], edges, cut };
}

/** Where dagre puts the nodes and ways with its ranks running `direction`. */
function laidOut(
	drawn: Drawn,
	direction: Direction,
): { nodes: PlacedNode[]; edges: PlacedEdge[]; width: number; height: number } {
	const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
	g.setGraph({ ...LAYOUT, rankdir: direction });
	g.setDefaultEdgeLabel(() => ({}));
	for (const n of drawn.nodes) g.setNode(n.key, { width: n.width, height: n.height });
	// The path's ways weigh more, so dagre keeps them short and straight.
	for (const e of drawn.edges) g.setEdge(e.from, e.to, { weight: e.onPath ? 4 : 1, minlen: 1 });
	dagre.layout(g);
	const nodes = drawn.nodes.map((n) => {
		const at = g.node(n.key);
		return { ...n, x: at.x ?? 0, y: at.y ?? 0 };
	});
	const label = g.graph();
	return {
		nodes,
		edges: drawn.edges.map((e) => ({
			...e,
			points: (g.edge(e.from, e.to)?.points ?? []).map(({ x, y }) => ({ x, y })),
		})),
		width: label.width ?? 0,
		height: label.height ?? 0,
	};
}

/** Where a truncated graph without its list of unexplored nodes stops: scenes no way leaves. */
function looseEnds(graph: SceneGraph): string[] {
	const left = new Set(graph.edges.map((e) => e.from));
	return graph.nodes.filter((n) => n.kind === 'scene' && !left.has(n.id)).map((n) => n.id);
}

/** A node drawn with its name and the votes taken in it, sized to them. */
function namedNode(
	node: SceneNode,
	steps: number[],
	votes: MapVote[],
	start: boolean,
): Omit<PlacedNode, 'key' | 'x' | 'y'> {
	const lines: TextLine[] = wrap(node.name, NODE_TEXT.name, CONTENT_WIDTH, 'bold').map((text) => ({
		text,
		size: NODE_TEXT.name,
		weight: 'bold',
		role: 'name',
	}));
	for (const vote of votes) {
		for (const text of wrap(`Vote ${vote.round}: “${vote.choice}”`, NODE_TEXT.vote, CONTENT_WIDTH, 'regular', 3))
			lines.push({ text, size: NODE_TEXT.vote, weight: 'regular', role: 'vote' });
		const count = `${vote.votes} of ${vote.ballots} ${vote.ballots === 1 ? 'vote' : 'votes'}`;
		lines.push({ text: count, size: NODE_TEXT.count, weight: 'regular', role: 'count' });
	}
	const widest = Math.max(...lines.map((l) => textWidth(l.text, l.size, l.weight)));
	const textHeight = lines.reduce((sum, l) => sum + l.size * LINE, 0);
	return {
		kind: node.kind,
		name: node.name,
		id: node.id,
		lines,
		onPath: steps.length > 0,
		steps,
		start,
		width: Math.max(SILHOUETTE.width, Math.ceil(widest + 2 * PAD_X)),
		height: Math.max(SILHOUETTE.height, Math.ceil(textHeight + 2 * PAD_Y)),
	};
}

export const NODE_PADDING = { x: PAD_X, y: PAD_Y, line: LINE };
