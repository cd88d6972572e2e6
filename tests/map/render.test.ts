import { describe, expect, it } from 'vitest';
import { compileFile, type SceneGraph, sceneGraph } from '../../src/engine/index.js';
import { FIRST_VIEW, LEGIBLE, MAX_WIDTH, type MapView, MIN_TEXT, renderMap } from '../../src/map/index.js';
import { corridorSource } from '../engine/long-house.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_BYTES = 400 * 1024;

const unescapeXml = (text: string) =>
	text.replace(
		/&(amp|lt|gt|quot|#39);/g,
		(_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '',
	);
/** Every text the SVG shows, unescaped. */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1] ?? ''));
/** The SVG's node groups: their class and attributes, and what is inside. */
const nodeGroups = (svg: string) =>
	[...svg.matchAll(/<g class="(node [^"]*)"([^>]*)>(.*?)<\/g>/g)].map((m) => ({
		cls: m[1] ?? '',
		attrs: m[2] ?? '',
		inner: m[3] ?? '',
	}));

/** The PNG's own width and height, from its header. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

function expectSound(map: ReturnType<typeof renderMap>) {
	expect(map.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
	expect(pngSize(map.png)).toEqual({ width: map.width, height: map.height });
	expect(map.width).toBeLessThanOrEqual(MAX_WIDTH);
	expect(map.png.byteLength).toBeLessThan(MAX_BYTES);
	const sizes = [...map.svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
	expect(sizes.length).toBeGreaterThan(0);
	expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_TEXT);
}

/**
 * What a member sees of the map before a click: the picture shrunk to fit Discord's box for an embed's image, and
 * the size its smallest text comes out at there.
 */
function firstSight(map: ReturnType<typeof renderMap>) {
	const scale = Math.min(1, FIRST_VIEW.width / map.width, FIRST_VIEW.height / map.height);
	const smallest = Math.min(...[...map.svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1])));
	return { width: map.width * scale, height: map.height * scale, text: smallest * scale };
}

/**
 * The smallest text's size at first sight these maps reach, in CSS px: 4.6 to 5.2 today, with room for the dreams to
 * grow. A whole dream cannot be as large as chat's own text in 400×300; the tall maps showed theirs at 2.4 to 3.4.
 */
const SHOWN_TEXT = 4;
/** At least three quarters of the box's width: as wide as it is tall, or wider (the tall maps were shown 121 to 247). */
const SHOWN_WIDTH = (FIRST_VIEW.width * 3) / 4;

/** A path through the graph as a group might take it: the first way out of each node, to an ending. */
function somePath(graph: SceneGraph): SceneGraph['nodes'] {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const path: SceneGraph['nodes'] = [];
	const visited = new Set<string>();
	for (let at: string | undefined = graph.start; at && !visited.has(at); ) {
		visited.add(at);
		const node = byId.get(at);
		if (node) path.push(node);
		at = graph.edges.find((e) => e.from === at && !visited.has(e.to))?.to;
	}
	return path;
}

function builtIn(id: string): { graph: SceneGraph; title: string; color: number } {
	// Read fresh on every run: these dreams are still being written.
	const result = compileFile(`story/${id}.ink`);
	if (!result.ok) throw new Error(`${id} does not compile`);
	return { graph: sceneGraph(result.compiled), title: result.compiled.title, color: result.compiled.color };
}

describe.each(['the-thread', 'the-scar'])('the map of %s', (id) => {
	const { graph, title, color } = builtIn(id);
	const path = somePath(graph);
	const votedIn = path.find((n) => n.kind === 'scene');
	const view: MapView = {
		title,
		color,
		path: path.map((n) => n.name),
		votes: votedIn ? [{ scene: votedIn.name, round: 1, choice: 'Go on', votes: 3, ballots: 5 }] : [],
		seen: [],
	};

	it('GIVEN a played path WHEN the map is drawn THEN the path is marked, step by step, in the dream’s colour', () => {
		const map = renderMap(graph, view);
		expectSound(map);
		const groups = nodeGroups(map.svg);
		const onPath = groups.filter((g) => g.cls.split(' ').includes('on-path'));
		expect(onPath.map((g) => unescapeXml(/data-id="([^"]*)"/.exec(g.attrs)?.[1] ?? '')).sort()).toEqual(
			[...new Set(path.map((n) => n.id))].sort(),
		);
		for (const [i, node] of path.entries()) {
			const group = onPath.find((g) => g.attrs.includes(`data-id="${node.id.replace(/'/g, '&#39;')}"`));
			expect(group?.attrs).toMatch(new RegExp(`data-steps="[^"]*\\b${i + 1}\\b`));
		}
		const hex = `#${color.toString(16).padStart(6, '0')}`;
		expect(onPath[0]?.inner).toContain(`fill="${hex}"`);
		expect(map.svg.match(/class="way on-path"/g)?.length).toBe(path.length - 1);
	});

	it('GIVEN scenes this server has not seen WHEN drawn THEN each is a blank silhouette or cut to "…", and their names appear nowhere', () => {
		const map = renderMap(graph, view);
		const shown = [title, ...path.map((n) => n.name), 'Go on'];
		const unseen = graph.nodes.filter((n) => !path.some((p) => p.name === n.name));
		expect(unseen.length).toBeGreaterThan(0);
		const blanks = nodeGroups(map.svg).filter((g) => g.cls.split(' ').includes('unseen'));
		expect(nodeGroups(map.svg).length + (map.svg.match(/class="more"/g)?.length ?? 0)).toBeGreaterThan(path.length);
		expect(blanks.length).toBeLessThanOrEqual(unseen.length);
		for (const blank of blanks) {
			expect(blank.inner).not.toContain('<text');
			expect(blank.attrs).toBe('');
		}
		const all = unescapeXml(map.svg);
		for (const node of unseen) {
			// A hidden name inside a shown one (a scene "The door" beside "The door ajar") cannot be told apart.
			if (shown.some((s) => s.includes(node.name))) continue;
			expect(all).not.toContain(node.name);
		}
	});

	it('GIVEN a night just begun WHEN drawn THEN the ways out of its first scene are blank silhouettes of one size, and its text is legible at first sight', () => {
		const start = graph.nodes.find((n) => n.id === graph.start);
		const map = renderMap(graph, { title, color, path: [start?.name ?? ''], votes: [], seen: [] });
		const blanks = nodeGroups(map.svg).filter((g) => g.cls.split(' ').includes('unseen'));
		expect(blanks.length).toBe(graph.edges.filter((e) => e.from === graph.start).length);
		for (const blank of blanks) expect(blank.inner).not.toContain('<text');
		// Every silhouette has the same size: not even its width tells its name's length.
		expect(new Set(blanks.map((b) => /width="([\d.]+)"/.exec(b.inner)?.[1])).size).toBe(1);
		expect(firstSight(map).text).toBeGreaterThanOrEqual(LEGIBLE);
	});

	it('GIVEN a long night, a vote in every scene WHEN its map is first shown in Discord’s embed THEN it fills the box’s width, not a tall strip of it, and its text is larger than before', () => {
		const votes = path
			.filter((n) => n.kind === 'scene')
			.map((n, i) => ({ scene: n.name, round: i + 1, choice: 'Follow the music', votes: 3, ballots: 5 }));
		const map = renderMap(graph, { ...view, votes });
		expectSound(map);
		expect(firstSight(map).width).toBeGreaterThanOrEqual(SHOWN_WIDTH);
		expect(firstSight(map).text).toBeGreaterThanOrEqual(SHOWN_TEXT);
		// The path is never cut for it: every step is there, with its vote.
		expect(map.svg.match(/class="node [^"]*on-path/g)?.length).toBe(new Set(path.map((n) => n.id)).size);
		expect(map.svg.match(/class="vote"/g)?.length).toBeGreaterThanOrEqual(votes.length);
	});

	it('GIVEN a vote WHEN drawn THEN its scene shows the winning choice and "N of M"', () => {
		const map = renderMap(graph, view);
		const voted = nodeGroups(map.svg).find((g) => g.attrs.includes(`data-id="${votedIn?.id.replace(/'/g, '&#39;')}"`));
		expect(texts(voted?.inner ?? '')).toEqual(expect.arrayContaining(['Vote 1: “Go on”', '3 of 5 votes']));
	});

	it('GIVEN the author’s view WHEN drawn THEN every scene and ending is named and nothing is blank', () => {
		const map = renderMap(graph, { title, color, path: [], votes: [], seen: [], reveal: true });
		expectSound(map);
		expect(map.svg).not.toContain('unseen');
		expect(map.svg).not.toContain('on-path');
		const shown = texts(map.svg).join('\n');
		for (const node of graph.nodes)
			for (const word of node.name.split(/\s+/)) expect(shown, node.name).toContain(word.replace(/…$/, ''));
		// Nothing is cut from the author's map to make it larger at first sight; it is folded all the same.
		expect(firstSight(map).width).toBeGreaterThanOrEqual(SHOWN_WIDTH);
		expect(firstSight(map).text).toBeGreaterThanOrEqual(SHOWN_TEXT);
	});
});

describe('the map of a large dream', () => {
	/** A house of `rooms` rooms, each opening onto three, some with an ending: far too wide for one page. */
	function house(rooms: number): SceneGraph {
		const nodes: SceneGraph['nodes'] = [];
		const edges: SceneGraph['edges'] = [];
		for (let i = 0; i < rooms; i++) {
			nodes.push({ id: `scene:Room ${i}`, kind: 'scene', name: `Room ${i}` });
			if (i > 0) edges.push({ from: `scene:Room ${Math.floor((i - 1) / 3)}`, to: `scene:Room ${i}` });
			if (i % 7 === 0) {
				nodes.push({ id: `ending:End ${i}`, kind: 'ending', name: `End ${i}` });
				edges.push({ from: `scene:Room ${i}`, to: `ending:End ${i}` });
			}
		}
		const unexplored = nodes.filter((n) => n.kind === 'scene' && Number(n.name.split(' ')[1]) >= 300).map((n) => n.id);
		return { storyId: 'house', contentHash: '0', nodes, edges, start: 'scene:Room 0', truncated: true, unexplored };
	}

	it('GIVEN a truncated graph too wide for the page WHEN drawn THEN it is cut with "…" rather than shrunk, and the path is kept', () => {
		const path = ['Room 0', 'Room 1', 'Room 4', 'Room 13', 'Room 40', 'Room 121', 'Room 364'];
		const map = renderMap(house(400), { title: 'The Long House', color: 0x336699, path, votes: [], seen: [] });
		expectSound(map);
		expect(map.svg).toContain('class="more"');
		expect(texts(map.svg)).toContain('…');
		const drawn = nodeGroups(map.svg);
		expect(drawn.length).toBeLessThan(200);
		expect(drawn.filter((g) => g.cls.includes('on-path'))).toHaveLength(path.length);
	});

	it('GIVEN a graph too deep for a phone to scroll WHEN drawn THEN its deepest ranks are cut into "…"', () => {
		const nodes: SceneGraph['nodes'] = Array.from({ length: 300 }, (_, i) => ({
			id: `scene:Hall ${i}`,
			kind: 'scene',
			name: `Hall ${i}`,
		}));
		const edges = nodes.slice(1).map((n, i) => ({ from: `scene:Hall ${i}`, to: n.id }));
		const graph: SceneGraph = {
			storyId: 'deep',
			contentHash: '0',
			nodes,
			edges,
			start: 'scene:Hall 0',
			truncated: false,
		};
		const map = renderMap(graph, { title: 'Deep', color: 0x123456, path: [], votes: [], seen: [], reveal: true });
		expectSound(map);
		// The graph itself is at most 4,800 px tall; the title and the legend come on top.
		expect(map.height).toBeLessThan(5100);
		expect(map.svg.match(/class="more"/g)).toHaveLength(1);
		expect(nodeGroups(map.svg).length).toBeLessThan(60);
	});

	it('GIVEN a dream explored only to its bound WHEN drawn THEN "…" hangs where the exploration stopped', () => {
		const result = compileFile('long-house.ink', { source: corridorSource(40) });
		if (!result.ok) throw new Error('the long house does not compile');
		const graph = sceneGraph(result.compiled, { maxStates: 6 });
		const map = renderMap(graph, {
			title: 'The Long House',
			color: 0x336699,
			path: [],
			votes: [],
			seen: [],
			reveal: true,
		});
		expectSound(map);
		expect(map.svg.match(/class="more"/g)?.length).toBeGreaterThanOrEqual(graph.unexplored?.length ?? 1);
		expect(texts(map.svg).join(' ')).toContain('goes on beyond the map');
	});
});

describe('reading the path', () => {
	const graph: SceneGraph = {
		storyId: 'home',
		contentHash: '0',
		nodes: [
			{ id: 'scene:Home', kind: 'scene', name: 'Home' },
			{ id: 'ending:Home', kind: 'ending', name: 'Home' },
			{ id: 'ending:Away & <back>', kind: 'ending', name: 'Away & <back>' },
		],
		edges: [
			{ from: 'scene:Home', to: 'ending:Home' },
			{ from: 'scene:Home', to: 'ending:Away & <back>' },
		],
		start: 'scene:Home',
		truncated: false,
	};

	it('GIVEN a scene and an ending of one name WHEN the path names both THEN the scene is the first step and the ending the second', () => {
		const map = renderMap(graph, { title: 'Home', color: 0xffcc00, path: ['Home', 'Home'], votes: [], seen: [] });
		expect(map.svg).toMatch(/class="node scene seen on-path start" data-id="scene:Home" data-steps="1"/);
		expect(map.svg).toMatch(/class="node ending seen on-path" data-id="ending:Home" data-steps="2"/);
		expect(map.svg).toMatch(/class="node ending unseen"/);
	});

	it('GIVEN names with markup in them WHEN revealed THEN they are escaped and the PNG still renders', () => {
		const map = renderMap(graph, { title: 'Home <&>', color: 0, path: [], votes: [], seen: [], reveal: true });
		expectSound(map);
		expect(map.svg).toContain('Away &amp; &lt;back&gt;');
		expect(texts(map.svg)).toContain('Home <&>');
	});
});
