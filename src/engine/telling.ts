/**
 * What a dream tells between its votes, as the checker plays it: one telling per state (the start, or the moment
 * after a choice), up to the next vote or an ending. Read here for what an editor checks by playing every path:
 * continuity (a thing named before this path showed it), runs of beats without a vote, and which votes show in how
 * each ending is told.
 */
import type { Diagnostic } from './diagnostics.js';
import type { Place } from './places.js';

/** A line (or a choice) that introduces things or takes them as known: `# introduces:` and `# mentions:`. */
export interface PropEvent {
	kind: 'introduces' | 'mentions';
	props: string[];
	place: Place;
}

/** One choice of a vote: the key of the state it leads to, the choice's place in the source, its label. */
export interface TellingChoice {
	key: string;
	/** ink's path of the choice in the source: the same choice in every state that offers it. */
	id: string;
	label: string;
}

/** What is told from one state to the next vote or an ending. */
export interface Telling {
	beats: number;
	/** Where its first and last beats are written. */
	from?: Place;
	to?: Place;
	/** Introductions and mentions, in the order they are told (a vote's choices last). */
	events: PropEvent[];
	/** The ending it closes with, and its whole text, when it ends the dream. */
	ending?: { name: string; text: string };
	/** The vote at its end: where it is written (the first choice's line), ink's path of it, and its choices. */
	vote?: { place: Place; point: string; choices: TellingChoice[] };
}

/** Every telling explored, by state key; the start's key is `''`. */
export type TellingGraph = Map<string, Telling>;

/** A thing named on a path where nothing before it introduced it. */
export interface ContinuityFinding {
	prop: string;
	/** Where it is named. */
	place: Place;
	/** The labels of the choices on one such path, from the start; empty when no line anywhere introduces it. */
	way: string[];
	/** True when no line of the dream introduces it at all. */
	neverIntroduced: boolean;
}

/** What each state knows for certain: the things introduced on every path from the start to it. */
function knownOnEveryPath(graph: TellingGraph): Map<string, Set<string>> {
	const known = new Map<string, Set<string>>([['', new Set()]]);
	const queue = [''];
	const queued = new Set(queue);
	while (queue.length > 0) {
		const key = queue.shift() as string;
		queued.delete(key);
		const telling = graph.get(key);
		const before = known.get(key);
		if (!telling?.vote || !before) continue;
		const after = withIntroductions(before, telling);
		for (const choice of telling.vote.choices) {
			if (!graph.has(choice.key)) continue;
			const theirs = known.get(choice.key);
			let changed = false;
			if (!theirs) {
				known.set(choice.key, new Set(after));
				changed = true;
			} else
				for (const prop of theirs)
					if (!after.has(prop)) {
						theirs.delete(prop);
						changed = true;
					}
			if (changed && !queued.has(choice.key)) {
				queued.add(choice.key);
				queue.push(choice.key);
			}
		}
	}
	return known;
}

function withIntroductions(known: Set<string>, telling: Telling): Set<string> {
	const after = new Set(known);
	for (const event of telling.events) if (event.kind === 'introduces') for (const prop of event.props) after.add(prop);
	return after;
}

/**
 * The mentions told on some path before any line introduced what they name. A thing no line introduces at all is
 * found at every mention of it.
 */
export function continuityFindings(graph: TellingGraph): ContinuityFinding[] {
	const introduced = new Set<string>();
	for (const telling of graph.values())
		for (const event of telling.events)
			if (event.kind === 'introduces') for (const prop of event.props) introduced.add(prop);
	const known = knownOnEveryPath(graph);
	const parents = new Map<string, { key: string; label: string }[]>();
	for (const [key, telling] of graph)
		for (const choice of telling.vote?.choices ?? [])
			parents.set(choice.key, [...(parents.get(choice.key) ?? []), { key, label: choice.label }]);

	/** One path from the start to `key` on which `prop` was never introduced: its choices' labels. */
	const wayWithout = (key: string, prop: string): string[] => {
		const labels: string[] = [];
		const seen = new Set<string>();
		for (let at = key; at !== '' && !seen.has(at); ) {
			seen.add(at);
			const parent = (parents.get(at) ?? []).find((p) => {
				const telling = graph.get(p.key);
				const before = known.get(p.key);
				return telling && before && !withIntroductions(before, telling).has(prop);
			});
			if (!parent) break;
			labels.unshift(parent.label);
			at = parent.key;
		}
		return labels;
	};

	const findings = new Map<string, ContinuityFinding>();
	for (const [key, telling] of graph) {
		const before = known.get(key);
		if (!before) continue;
		const now = new Set(before);
		for (const event of telling.events) {
			for (const prop of event.props) {
				if (event.kind === 'introduces') {
					now.add(prop);
					continue;
				}
				if (now.has(prop)) continue;
				const id = `${event.place.file}:${event.place.line ?? 0}:${prop}`;
				if (findings.has(id)) continue;
				const neverIntroduced = !introduced.has(prop);
				findings.set(id, {
					prop,
					place: event.place,
					way: neverIntroduced ? [] : wayWithout(key, prop),
					neverIntroduced,
				});
			}
		}
	}
	return [...findings.values()].sort((a, b) => (a.place.line ?? 0) - (b.place.line ?? 0));
}

/** A run of beats told without a vote, and where its first and last beats are written. */
export interface Run {
	beats: number;
	from?: Place;
	to?: Place;
}

/** The longest run of beats without a vote on any path, and every run longer than `over` (one per stretch of lines). */
export function runsWithoutAVote(graph: TellingGraph, over: number): { longest: Run; over: Run[] } {
	let longest: Run = { beats: 0 };
	const long = new Map<string, Run>();
	for (const telling of graph.values()) {
		const run: Run = { beats: telling.beats };
		if (telling.from) run.from = telling.from;
		if (telling.to) run.to = telling.to;
		if (run.beats > longest.beats) longest = run;
		if (run.beats <= over) continue;
		const id = `${run.from?.line ?? 0}-${run.to?.line ?? 0}`;
		if ((long.get(id)?.beats ?? 0) < run.beats) long.set(id, run);
	}
	return { longest, over: [...long.values()].sort((a, b) => (a.from?.line ?? 0) - (b.from?.line ?? 0)) };
}

/** The votes whose choice shows in how an ending is told. */
export interface EndingMemory {
	name: string;
	/** Where each such vote is written, in the order of the source. */
	votes: Place[];
}

/**
 * For each ending, the votes whose choice shows in its text (what is told from the last vote to its end): a vote
 * counts when the texts of that ending its choices can lead to are not the same for every choice that leads there.
 * A choice that makes the ending impossible says nothing about its text and is left out.
 */
export function endingMemory(graph: TellingGraph): EndingMemory[] {
	const texts = new Map<string, number>();
	const endingOf: string[] = [];
	const names = new Set<string>();
	const textId = (name: string, text: string) => {
		const id = `${name}\n${text}`;
		let n = texts.get(id);
		if (n === undefined) {
			n = endingOf.length;
			texts.set(id, n);
			endingOf.push(name);
		}
		return n;
	};
	// The ending texts each state can still lead to, from the ends back (post-order over an explicit stack). A state
	// that leads back to one still being worked out adds nothing there.
	const reach = new Map<string, Set<number>>();
	const stack: { key: string; next: number }[] = [{ key: '', next: 0 }];
	const open = new Set<string>(['']);
	while (stack.length > 0) {
		const frame = stack.at(-1) as { key: string; next: number };
		const telling = graph.get(frame.key);
		const choice = telling?.vote?.choices[frame.next++];
		if (choice) {
			if (!reach.has(choice.key) && !open.has(choice.key) && graph.has(choice.key)) {
				open.add(choice.key);
				stack.push({ key: choice.key, next: 0 });
			}
			continue;
		}
		stack.pop();
		open.delete(frame.key);
		const here = new Set<number>();
		if (telling?.ending) {
			names.add(telling.ending.name);
			here.add(textId(telling.ending.name, telling.ending.text));
		}
		for (const c of telling?.vote?.choices ?? []) for (const t of reach.get(c.key) ?? []) here.add(t);
		reach.set(frame.key, here);
	}

	const votes = new Map<string, { place: Place; byChoice: Map<string, Set<number>> }>();
	for (const telling of graph.values()) {
		if (!telling.vote) continue;
		const vote = votes.get(telling.vote.point) ?? { place: telling.vote.place, byChoice: new Map() };
		votes.set(telling.vote.point, vote);
		for (const choice of telling.vote.choices) {
			const into = vote.byChoice.get(choice.id) ?? new Set<number>();
			vote.byChoice.set(choice.id, into);
			for (const t of reach.get(choice.key) ?? []) into.add(t);
		}
	}

	const memory = new Map<string, Place[]>([...names].map((name) => [name, []]));
	for (const { place, byChoice } of votes.values())
		for (const name of names) {
			const told = [...byChoice.values()]
				.map((set) =>
					[...set]
						.filter((t) => endingOf[t] === name)
						.sort((a, b) => a - b)
						.join(','),
				)
				.filter((key) => key !== '');
			if (told.length >= 2 && new Set(told).size > 1) memory.get(name)?.push(place);
		}
	return [...memory.entries()]
		.map(([name, places]) => ({ name, votes: places.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The start of every continuity warning's message, for tools and tests that pick them out. */
export const CONTINUITY = 'continuity:';

/** A continuity finding as the checker reports it: a warning at the line that mentions the prop. */
export function continuityWarning(finding: ContinuityFinding): Diagnostic {
	const { prop, place, way } = finding;
	const shown = way.length > 3 ? ['…', ...way.slice(-3)] : way;
	const message = finding.neverIntroduced
		? `${CONTINUITY} "${prop}" is mentioned, but no line introduces it (# introduces: ${prop})`
		: `${CONTINUITY} "${prop}" is mentioned before any line on this path introduced it` +
			(shown.length > 0 ? ` (the way there: ${shown.map((l) => (l === '…' ? l : `"${l}"`)).join(' > ')})` : '');
	const d: Diagnostic = { severity: 'warning', file: place.file, message };
	if (place.line !== undefined) d.line = place.line;
	return d;
}
