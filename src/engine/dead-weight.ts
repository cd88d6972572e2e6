/**
 * What a dream carries that no player meets: knots and stitches never reached (a warning: Inky compiles and plays
 * them, they are dead weight) and, when every state was explored, lines never told on any path.
 */
import type { Story } from 'inkjs/full';
import type { Flow } from './compile.js';
import { type Place, textLines } from './places.js';
import { reachableFlows } from './reachability.js';

export interface DeadWeightInput {
	story: Story;
	/** The main file's name, for the places of its lines. */
	file: string;
	flows: readonly Flow[];
	/** The knots and stitches the exploration (and the sample plays) visited. */
	visited: ReadonlySet<string>;
	/** The source lines told on some path (`file:line`); a shuffle's alternatives are added here. */
	told: Set<string>;
	/** Each shuffle's lines: told whenever the shuffle is, whichever one a seed drew. */
	shuffleLines: readonly string[][];
	/** True when not every state was explored (or a seed drew what others did not): then only diverts say. */
	partial: boolean;
	warn: (place: Place, message: string) => void;
}

export function reportDeadWeight(input: DeadWeightInput): void {
	const { story, file, flows, visited, told, partial, warn } = input;
	// Unexplored states, or draws no seed made, may reach a knot: then only a knot no divert leads to is surely
	// never reached.
	const reachable = partial ? reachableFlows(story.ToJson() ?? '{"root":[]}', stitchesOf(flows)) : visited;
	const unreached: Flow[] = [];
	for (const flow of flows) {
		if (visited.has(flow.path) || reachable === 'everything' || reachable.has(flow.path)) continue;
		unreached.push(flow);
		// Inky compiles and plays a story with a knot nothing leads to: dead weight, never met by a player.
		warn(flow, `${flow.kind} "${flow.path}" is never reached${partial ? ' (no divert leads to it)' : ''}`);
	}
	for (const lines of input.shuffleLines)
		if (lines.some((key) => told.has(key))) for (const key of lines) told.add(key);
	// A line in a knot never reached is that knot's warning already; the others are told to the author one by one.
	if (!partial)
		for (const [key, place] of textLines(story, file))
			if (!told.has(key) && !unreached.some((flow) => flowHolds(flows, flow, place)))
				warn(place, 'this line is never told on any path (dead text)');
}

/** Whether `place` lies in `flow`: the flow of its file that starts last before it. */
function flowHolds(flows: readonly Flow[], flow: Flow, place: Place): boolean {
	const line = place.line ?? 0;
	const around = flows
		.filter((f) => f.file === place.file && (f.line ?? 0) <= line)
		.reduce<Flow | null>((last, f) => (last === null || (f.line ?? 0) >= (last.line ?? 0) ? f : last), null);
	return around !== null && (around.path === flow.path || around.path.startsWith(`${flow.path}.`));
}

function stitchesOf(flows: readonly Flow[]): Set<string> {
	return new Set(flows.filter((flow) => flow.kind === 'stitch').map((flow) => flow.path));
}
