/**
 * Folds a laid-out graph into bands, the way a long line of text is wrapped: a dream's scenes run far along its rank
 * axis (down a page, or across it) and are narrow the other way, while the picture is shown first in a box wider than
 * it is tall. The graph is cut between two rows of ranks, and the pieces are set side by side (a top-to-bottom graph
 * becomes columns) or one under the other (a left-to-right graph becomes lines). A way that crosses a cut goes out past
 * the end of its band, along the gutter between the bands, and in before the start of the next, each in a lane of its
 * own, so it never runs across a scene.
 */

export type Direction = 'TB' | 'LR';

export interface Point {
	x: number;
	y: number;
}

/** What the bands move: a box by its centre. */
export interface Box extends Point {
	width: number;
	height: number;
}

export interface Line {
	points: Point[];
}

export interface Arranged<N extends Box, E extends Line> {
	nodes: N[];
	edges: E[];
	width: number;
	height: number;
	bands: number;
}

/** Room between two bands, besides the lanes of the ways that cross between them. */
const GUTTER = 48;
/** Room before and after a band, besides its lanes: a step's badge stands out this far above its scene. */
const LANE_PAD = 22;
/** The distance between two ways side by side in a gutter. */
const LANE = 10;
/** How round a way's turn is in the gutter. */
const TURN = 12;

interface Row {
	start: number;
	end: number;
}

/** Along the ranks (a) and across them (c), for either direction. */
function axes(direction: Direction) {
	const tb = direction === 'TB';
	return {
		a: (p: Point) => (tb ? p.y : p.x),
		c: (p: Point) => (tb ? p.x : p.y),
		along: (b: Box) => (tb ? b.height : b.width),
		across: (b: Box) => (tb ? b.width : b.height),
		point: (a: number, c: number): Point => (tb ? { x: c, y: a } : { x: a, y: c }),
	};
}

/** The rows of ranks along the rank axis: every node's extent, overlapping ones merged. */
function rowsOf<N extends Box>(nodes: N[], direction: Direction): Row[] {
	const { a, along } = axes(direction);
	const spans = nodes.map((n) => ({ start: a(n) - along(n) / 2, end: a(n) + along(n) / 2 }));
	spans.sort((p, q) => p.start - q.start || p.end - q.end);
	const rows: Row[] = [];
	for (const span of spans) {
		const last = rows.at(-1);
		if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
		else rows.push({ ...span });
	}
	return rows;
}

/** The cuts that make `count` bands of rows whose longest is as short as can be (fewer when there are fewer rows). */
function cutsFor(rows: Row[], count: number): number[] {
	const n = rows.length;
	const bands = Math.min(count, n);
	if (bands <= 1) return [];
	const length = (from: number, to: number) => (rows[to] as Row).end - (rows[from] as Row).start;
	// longest[b][i]: the shortest longest band when rows 0..i-1 make b bands; from[b][i] where the last band starts.
	const longest: number[][] = Array.from({ length: bands + 1 }, () => Array(n + 1).fill(Number.POSITIVE_INFINITY));
	const from: number[][] = Array.from({ length: bands + 1 }, () => Array(n + 1).fill(0));
	(longest[0] as number[])[0] = 0;
	for (let b = 1; b <= bands; b++)
		for (let i = 1; i <= n; i++)
			for (let j = b - 1; j < i; j++) {
				const worst = Math.max((longest[b - 1] as number[])[j] as number, length(j, i - 1));
				if (worst < ((longest[b] as number[])[i] as number)) {
					(longest[b] as number[])[i] = worst;
					(from[b] as number[])[i] = j;
				}
			}
	const starts: number[] = [];
	for (let b = bands, i = n; b > 1; b--) {
		i = (from[b] as number[])[i] as number;
		starts.unshift(i);
	}
	return starts.map((i) => ((rows[i - 1] as Row).end + (rows[i] as Row).start) / 2);
}

/** A polyline cut where it crosses a cut: each piece with the band it lies in. */
function split(points: Point[], cuts: number[], a: (p: Point) => number): { band: number; points: Point[] }[] {
	const bandOf = (v: number) => cuts.filter((cut) => v > cut).length;
	const pieces: { band: number; points: Point[] }[] = [];
	let current: Point[] = [];
	const close = () => {
		if (current.length > 0) {
			const mid = (a(current[0] as Point) + a(current.at(-1) as Point)) / 2;
			pieces.push({ band: bandOf(mid), points: current });
		}
	};
	for (const [i, p] of points.entries()) {
		const q = points[i - 1];
		let last = false;
		if (q) {
			// Half-open, so that a bend right on a cut is cut there once.
			const crossed = cuts.filter((cut) => a(q) < cut !== a(p) < cut);
			if (a(p) < a(q)) crossed.reverse();
			for (const cut of crossed) {
				const t = (cut - a(q)) / (a(p) - a(q));
				const at = t >= 1 ? p : { x: q.x + (p.x - q.x) * t, y: q.y + (p.y - q.y) * t };
				const previous = current.at(-1);
				if (!previous || previous.x !== at.x || previous.y !== at.y) current.push(at);
				close();
				current = [at];
				last = at === p;
			}
		}
		if (!last) current.push(p);
	}
	close();
	return pieces;
}

/** Points before and after each turn of an orthogonal line, so that the map's smoothing rounds it tightly. */
function rounded(points: Point[]): Point[] {
	const out: Point[] = [];
	for (const [i, p] of points.entries()) {
		const before = points[i - 1];
		const after = points[i + 1];
		if (!before || !after) {
			out.push(p);
			continue;
		}
		const toward = (q: Point) => {
			const d = Math.hypot(q.x - p.x, q.y - p.y);
			const r = Math.min(TURN, d / 2);
			return d === 0 ? p : { x: p.x + ((q.x - p.x) * r) / d, y: p.y + ((q.y - p.y) * r) / d };
		};
		out.push(toward(before), p, toward(after));
	}
	return out;
}

/**
 * The graph in `bands` bands (or as it is, for one). Nodes and ways are copied with their new places; the size is the
 * whole arrangement's, from 0,0.
 */
export function arrange<N extends Box, E extends Line>(
	nodes: N[],
	edges: E[],
	direction: Direction,
	bands: number,
	size: { width: number; height: number },
): Arranged<N, E> {
	const { a, c, across, point } = axes(direction);
	const cuts = cutsFor(rowsOf(nodes, direction), bands);
	if (cuts.length === 0)
		return {
			nodes: nodes.map((n) => ({ ...n })),
			edges: edges.map((e) => ({ ...e, points: e.points.map((p) => ({ ...p })) })),
			...size,
			bands: 1,
		};
	const count = cuts.length + 1;
	const bandOf = (v: number) => cuts.filter((cut) => v > cut).length;
	const total = direction === 'TB' ? size.height : size.width;
	const bounds = [0, ...cuts, total];

	const pieces = edges.map((e) => split(e.points, cuts, a));
	// Each band's extent across the ranks, from what lies in it.
	const low = Array<number>(count).fill(Number.POSITIVE_INFINITY);
	const high = Array<number>(count).fill(Number.NEGATIVE_INFINITY);
	const widen = (band: number, from: number, to: number) => {
		low[band] = Math.min(low[band] as number, from);
		high[band] = Math.max(high[band] as number, to);
	};
	for (const n of nodes) widen(bandOf(a(n)), c(n) - across(n) / 2, c(n) + across(n) / 2);
	for (const edge of pieces) for (const piece of edge) for (const p of piece.points) widen(piece.band, c(p), c(p));
	for (let b = 0; b < count; b++) if (low[b] === Number.POSITIVE_INFINITY) [low[b], high[b]] = [0, 0];

	// The crossings at each cut, each with its lane: the one nearest the gutter innermost, so no two cross there.
	interface Crossing {
		edge: number;
		index: number;
		cut: number;
		across: number;
	}
	const crossings: Crossing[] = [];
	for (const [edge, list] of pieces.entries())
		for (let i = 1; i < list.length; i++) {
			const [before, after] = [list[i - 1] as { band: number; points: Point[] }, list[i] as { band: number }];
			crossings.push({
				edge,
				index: i,
				cut: Math.min(before.band, after.band),
				across: c(before.points.at(-1) as Point),
			});
		}
	const lanes = new Map<Crossing, number>();
	const perCut = Array<number>(count - 1).fill(0);
	for (let cut = 0; cut < count - 1; cut++) {
		const here = crossings.filter((x) => x.cut === cut).sort((p, q) => q.across - p.across || p.edge - q.edge);
		for (const [lane, crossing] of here.entries()) lanes.set(crossing, lane);
		perCut[cut] = here.length;
	}
	const mostLanes = Math.max(0, ...perCut);
	const margin = LANE_PAD + mostLanes * LANE;
	const gutters = perCut.map((lanesHere) => GUTTER + lanesHere * LANE);
	const offsets: number[] = [];
	let next = 0;
	for (let b = 0; b < count; b++) {
		offsets.push(next - (low[b] as number));
		next += (high[b] as number) - (low[b] as number) + (gutters[b] ?? 0);
	}
	const place = (band: number, p: Point) =>
		point(a(p) - (bounds[band] as number) + margin, c(p) + (offsets[band] as number));

	const placedNodes = nodes.map((n) => ({ ...n, ...place(bandOf(a(n)), n) }));
	const placedEdges = edges.map((e, i) => {
		const list = pieces[i] ?? [];
		const points: Point[] = [];
		for (const [j, piece] of list.entries()) {
			if (j > 0) {
				const crossing = crossings.find((x) => x.edge === i && x.index === j) as Crossing;
				const lane = lanes.get(crossing) ?? 0;
				const lanesHere = perCut[crossing.cut] ?? 1;
				const before = list[j - 1] as { band: number; points: Point[] };
				const upper = crossing.cut;
				const exit = place(upper, point(bounds[upper + 1] as number, crossing.across));
				const entry = place(upper + 1, point(bounds[upper + 1] as number, crossing.across));
				const tail = a(exit) + LANE_PAD + lane * LANE;
				const head = margin - LANE_PAD - (lanesHere - 1 - lane) * LANE;
				const gutter = (high[upper] as number) + (offsets[upper] as number) + GUTTER / 2 + lane * LANE;
				let turn = [exit, point(tail, c(exit)), point(tail, gutter), point(head, gutter), point(head, c(entry)), entry];
				// A way going back up the dream crosses the same way round, the other way.
				if (before.band > piece.band) turn = turn.reverse();
				points.pop();
				points.push(...rounded(turn));
				points.push(...piece.points.slice(1).map((p) => place(piece.band, p)));
			} else points.push(...piece.points.map((p) => place(piece.band, p)));
		}
		return { ...e, points };
	});
	const longest = Math.max(...bounds.slice(1).map((end, b) => end - (bounds[b] as number)));
	const alongSize = margin + longest + margin;
	const acrossSize = next - (gutters[count - 1] ?? 0);
	return {
		nodes: placedNodes,
		edges: placedEdges,
		width: direction === 'TB' ? acrossSize : alongSize,
		height: direction === 'TB' ? alongSize : acrossSize,
		bands: count,
	};
}
