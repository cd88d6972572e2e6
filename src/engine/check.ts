import type { Story } from 'inkjs/full';
import { type CheckOptions, LIMITS, type StoryReport, type StoryShape } from './check-report.js';
import { compileFile, storyIdOf } from './compile.js';
import { reportDeadWeight } from './dead-weight.js';
import { type Diagnostic, INK_ERROR_TYPE, parseInkMessage } from './diagnostics.js';
import { type Bound, type Branch, exploreStates, type Walk } from './explore.js';
import { checkGlobalTags } from './global-tags.js';
import { heapGuard } from './heap-guard.js';
import {
	choicePlace,
	keptOnce,
	lineKey,
	outputLines,
	outputPlace,
	type Place,
	parentPath,
	stateKey,
} from './places.js';
import { choiceOption, FADED_ENDING, RAN_OUT } from './runner.js';
import { samplePlays, visitCounts } from './sample.js';
import { SceneTagCheck } from './scene-tag-check.js';
import { isSceneTag } from './scene-tags.js';
import { shufflesOf } from './shuffles.js';
import { splitParagraph } from './split.js';
import { beatTagProblem, isGlobalTag, parseTag, propsOf } from './tags.js';
import {
	continuityFindings,
	continuityWarning,
	endingMemory,
	type Run,
	runsWithoutAVote,
	type Telling,
	type TellingGraph,
} from './telling.js';

/**
 * Compiles a dream and explores every reachable state (all choice sequences, deduplicated by ink's state), then
 * reports what an author must fix: compile errors and warnings, oversized beats and choices, dead ends, knots and
 * stitches never reached, unknown tags; and what the dream looks like: branch points, endings, path lengths.
 */
export function checkStory(file: string, options: CheckOptions = {}): StoryReport {
	const id = storyIdOf(file);
	const result = compileFile(file, {
		countAllVisits: true,
		...(options.source !== undefined ? { source: options.source } : {}),
		...(options.includes !== undefined ? { includes: options.includes } : {}),
	});
	if (!result.ok) return { id, file, diagnostics: [...result.errors, ...result.warnings] };
	const { compiled } = result;
	const story = compiled.story;
	const name = compiled.file.split(/[\\/]/).at(-1) ?? id;
	const found = new Map<string, Diagnostic>();
	const report = (severity: Diagnostic['severity'], place: Place, message: string) => {
		const d: Diagnostic = { severity, file: place.file, message };
		if (place.line !== undefined) d.line = place.line;
		found.set(`${d.file}:${d.line}:${message}`, d);
	};
	for (const w of compiled.warnings) report('warning', w, w.message);
	const sceneTags = new SceneTagCheck(new Set(options.pictures ?? []), (place, message) =>
		report('warning', place, message),
	);
	for (const raw of story.globalTags ?? []) {
		const { key, value } = parseTag(raw);
		if (key === 'voice') sceneTags.voice(value, { file: name, line: 1 });
	}
	for (const external of result.externals) {
		if (external.fallback) continue;
		// A stand-in returning nothing lets the rest of the dream be explored (inkjs refuses to start without it).
		story.BindExternalFunction(external.name, () => null, true);
		report(
			'error',
			external,
			`EXTERNAL function "${external.name}" has no ink function of the same name to fall back on ` +
				'(Reverie binds no external functions)',
		);
	}
	checkGlobalTags(compiled, name, report);

	const maxStates = options.maxStates ?? LIMITS.maxStates;
	const deadline = Date.now() + (options.maxMs ?? LIMITS.maxMs);
	let expanded = 0;
	const visited = new Set<string>();
	const branchPoints = new Set<string>();
	const endings = new Set<string>();
	/** Where a path runs out of content, each once. */
	const fades = new Map<string, Place>();
	const runtimeErrors: string[] = [];
	const unknownTags = new Set<string>();
	/** The source lines whose text was told on some path (`file:line`). */
	const told = new Set<string>();
	story.onError = (message: string, type: number) => {
		// Authors' TODOs are compile-time only; a warning is told to the author, and the dream goes on as it does live.
		if (type === INK_ERROR_TYPE.error) runtimeErrors.push(message);
		else if (type === INK_ERROR_TYPE.warning) {
			const d = parseInkMessage(message, name, 'warning');
			report('warning', d, `runtime warning: ${d.message}`);
		}
	};

	// Every state explored keeps its telling until the end: the same place or text met again in another state is
	// kept once, so a story that loops for its whole time bound holds ~0.5 KB per state, not kilobytes.
	const once = keptOnce(lineKey);
	const textOnce = keptOnce((text: string) => text);
	/** What each state tells up to its next vote or ending, for this seed's exploration. */
	let graph: TellingGraph = new Map();
	/** Runs the story from `stateJson` to its next branch point: its walk when it ends there, its choices' states when it branches. */
	const expand = (stateJson: string | null, cameFrom: Place, key: string): Branch<Place> | Walk | null => {
		if (++expanded % 250 === 0) options.onProgress?.(expanded);
		if (stateJson === null) {
			story.ResetState();
			story.state.storySeed = startSeed;
			story.state.previousRandom = 0;
		} else story.state.LoadJson(stateJson);

		let beats = 0;
		let lastPlace: Place = cameFrom;
		let lastEnding: string | undefined;
		const telling: Telling = { beats: 0, events: [] };
		graph.set(key, telling);
		const texts: string[] = [];
		runtimeErrors.length = 0;
		let first = stateJson === null;
		while (story.canContinue) {
			const text = (story.Continue() ?? '').trim();
			const place = once(outputPlace(story, name));
			for (const line of outputLines(story, name)) told.add(line);
			for (const raw of story.currentTags ?? []) {
				if (first && isGlobalTag(parseTag(raw).key)) continue;
				const { key, value } = parseTag(raw);
				if (isSceneTag(key)) {
					sceneTags.tag(key, value, place);
					continue;
				}
				const problem = beatTagProblem(raw);
				// A foreign tag is usually written on many lines: once per dream is enough to be told.
				if (problem?.severity === 'warning' && unknownTags.has(key)) continue;
				if (problem?.severity === 'warning') unknownTags.add(key);
				if (problem) report(problem.severity, place, problem.message);
				if (key === 'ending') lastEnding = value;
				if (!problem && (key === 'introduces' || key === 'mentions'))
					telling.events.push({ kind: key, props: propsOf(value), place });
			}
			if (first && text && !(story.currentTags ?? []).some((t) => parseTag(t).key === 'scene'))
				report('warning', place, 'the first beat has no "# scene:" tag, so the dream opens without a heading');
			first = false;
			// A path that runs out of content still tells its last line, in the same step.
			if (runtimeErrors.some((message) => !RAN_OUT.test(message))) break;
			if (text === '') continue;
			sceneTags.line(text, (story.currentTags ?? []).map(parseTag));
			const pieces = splitParagraph(text);
			beats += pieces.length;
			lastPlace = place;
			telling.from ??= place;
			telling.to = place;
			texts.push(text);
			const tooLong = pieces.find((piece) => piece.length > LIMITS.maxSentenceChars);
			if (tooLong)
				report(
					'error',
					place,
					`a sentence of ${tooLong.length} characters is longer than a message holds (${LIMITS.maxSentenceChars})`,
				);
			else if (pieces.length > 1)
				report(
					'warning',
					place,
					`paragraph of ${text.length} characters is told as ${pieces.length} beats, split where sentences end ` +
						`(a beat holds ${LIMITS.maxBeatChars})`,
				);
			else if (text.length > LIMITS.aimBeatChars)
				report('warning', place, `beat of ${text.length} characters (aim under ${LIMITS.aimBeatChars})`);
		}
		for (const [path, count] of visitCounts(story)) if (count > 0) visited.add(path);
		telling.beats = beats;

		const choices = story.currentChoices;
		// Running out of content (no `-> END` on this path) ends the dream there, faded, as Inky's player stops there.
		const ranOut = runtimeErrors.findIndex((message) => RAN_OUT.test(message));
		const faded = ranOut >= 0 && runtimeErrors.length === 1 && choices.length === 0;
		if (faded) {
			const d = parseInkMessage(runtimeErrors[ranOut] ?? '', name, 'warning');
			const at: Place = d.line === undefined ? lastPlace : { file: d.file, line: d.line };
			fades.set(lineKey(at), at);
			// An ending its author named but forgot to close is that ending; an unnamed one fades.
			const ending = lastEnding ?? FADED_ENDING;
			report(
				'warning',
				at,
				lastEnding === undefined
					? FADES_HERE
					: `the story runs out of content here (no "-> END" or "-> DONE"): the dream stops at ending "${lastEnding}"`,
			);
			runtimeErrors.length = 0;
			endings.add(ending);
			telling.ending = { name: ending, text: texts.join('\n') };
			return { min: beats, max: beats };
		}
		if (runtimeErrors.length > 0) {
			for (const message of runtimeErrors) {
				const d = parseInkMessage(message, name, 'error');
				report('error', d.line === undefined ? lastPlace : d, `dead end: ${d.message}`);
			}
			return null;
		}
		if (choices.length === 0) {
			const ending = lastEnding ?? `untitled ending at ${lastPlace.file}:${lastPlace.line ?? '?'}`;
			endings.add(ending);
			telling.ending = { name: ending, text: texts.join('\n') };
			if (lastEnding === undefined)
				report('warning', lastPlace, 'this ending has no "# ending:" tag on its last beat, so it has no name');
			return { min: beats, max: beats };
		}
		const firstChoice = choices[0];
		const pointPlace = once(choicePlace(story, firstChoice?.sourcePath ?? '', name));
		branchPoints.add(parentPath(firstChoice?.sourcePath ?? ''));
		if (choices.length > LIMITS.maxChoices)
			report(
				'error',
				pointPlace,
				`${choices.length} choices at one point (at most ${LIMITS.maxChoices} fit a vote: five rows of five buttons)`,
			);
		const choicePlaces = choices.map((choice) => once(choicePlace(story, choice.sourcePath, name)));
		// A choice's label is told as its button: its line is not dead text.
		for (const place of choicePlaces) told.add(lineKey(place));
		for (const [i, choice] of choices.entries())
			for (const raw of choice.tags ?? []) {
				const { key, value } = parseTag(raw);
				if (key === 'mentions' && beatTagProblem(raw) === null)
					telling.events.push({ kind: 'mentions', props: propsOf(value), place: choicePlaces[i] ?? pointPlace });
			}
		for (const [i, choice] of choices.entries()) {
			const text = choice.text.trim();
			const place = choicePlaces[i] ?? pointPlace;
			if (text.length > LIMITS.maxChoiceChars)
				report(
					'warning',
					place,
					`choice text of ${text.length} characters: the vote's message shows the first ${LIMITS.maxChoiceChars}`,
				);
			if (text === '') report('error', place, 'a choice with no text cannot be shown on a button');
		}
		const here = story.state.toJson();
		const children: Branch<Place>['children'] = [];
		const vote: NonNullable<Telling['vote']> = {
			place: pointPlace,
			point: textOnce(parentPath(firstChoice?.sourcePath ?? '')),
			choices: [],
		};
		const takeable = choices.map((choice) => !choiceOption(choice).unclickable);
		if (!takeable.includes(true))
			report('error', pointPlace, 'every choice here is "# UNCLICKABLE": the dream could never go on from here');
		for (let i = 0; i < choices.length; i++) {
			// A choice shown but never taken leads nowhere the group can go.
			if (!takeable[i]) continue;
			story.state.LoadJson(here);
			story.ChooseChoiceIndex(i);
			const state = story.state.toJson();
			const key = stateKey(state);
			children.push({ state, key, place: choicePlaces[i] ?? pointPlace });
			const id = textOnce(choices[i]?.sourcePath ?? '');
			vote.choices.push({ key, id, label: textOnce(choices[i]?.text.trim() ?? '') });
		}
		telling.vote = vote;
		return { beats, children };
	};

	// ink draws RANDOM and shuffles from the seed in its state: each seed is one possible telling, explored in full.
	// A shuffle of words only changes what a line says, never the way the dream goes: one seed explores every path.
	const shuffles = shufflesOf(story, name);
	const random = drawsRandomNumbers(story) || !shuffles.wordsOnly;
	const seeds = random ? RANDOM_SEEDS : [0];
	let startSeed = 0;
	let states = 0;
	let bound: Bound | null = null;
	const heap = options.heap ?? heapGuard();
	let walk: Walk | null = null;
	let seedsExplored = 0;
	let longestRun: Run = { beats: 0 };
	const longRuns = new Map<string, Run>();
	const memory = new Map<string, Map<string, Place>>();
	const continuity = new Map<string, Diagnostic>();
	for (const seed of seeds) {
		startSeed = seed;
		graph = new Map();
		const run = exploreStates({ file: name } as Place, stateKey, expand, {
			maxStates: maxStates - states,
			deadline,
			heap,
		});
		const runs = runsWithoutAVote(graph, LIMITS.maxRunBeats);
		if (runs.longest.beats > longestRun.beats) longestRun = runs.longest;
		for (const r of runs.over) {
			const id = `${r.from?.line ?? 0}-${r.to?.line ?? 0}`;
			if ((longRuns.get(id)?.beats ?? 0) < r.beats) longRuns.set(id, r);
		}
		for (const ending of endingMemory(graph)) {
			const votes = memory.get(ending.name) ?? new Map<string, Place>();
			memory.set(ending.name, votes);
			for (const place of ending.votes) votes.set(lineKey(place), place);
		}
		for (const finding of continuityFindings(graph)) {
			const id = `${lineKey(finding.place)}:${finding.prop}`;
			if (!continuity.has(id)) continuity.set(id, continuityWarning(finding));
		}
		states += run.states;
		seedsExplored++;
		if (run.walk)
			walk = walk ? { min: Math.min(walk.min, run.walk.min), max: Math.max(walk.max, run.walk.max) } : run.walk;
		bound = run.bound;
		if (bound) break;
	}
	if (random)
		report(
			'warning',
			{ file: name },
			`this dream uses RANDOM or shuffles: ${seedsExplored} seed(s) explored, so outcomes none of them drew ` +
				'were not checked',
		);
	story.onError = null;
	options.onProgress?.(states);
	for (const d of continuity.values()) report('warning', d, d.message);
	for (const r of longRuns.values())
		report(
			'warning',
			r.from ?? { file: name },
			`${r.beats} beats in a row without a vote${r.to?.line !== undefined ? `, to line ${r.to.line}` : ''} ` +
				`(more than ${LIMITS.maxRunBeats}: give the group a choice on the way, or tell it in fewer beats)`,
		);

	const bounded = bound !== null;
	// Cut short, the exploration saw only the first votes' states: the shape comes from random plays to the end.
	const sample = bounded
		? samplePlays(compiled, {
				plays: options.samplePlays ?? LIMITS.samplePlays,
				maxMs: options.sampleMs ?? LIMITS.sampleMs,
			})
		: null;
	if (sample) {
		for (const path of sample.visited) visited.add(path);
		for (const ending of sample.endings) endings.add(ending.name);
		for (const place of sample.fades) {
			if (fades.has(lineKey(place))) continue;
			fades.set(lineKey(place), place);
			report('warning', place, FADES_HERE);
		}
		for (const message of sample.errors) {
			const d = parseInkMessage(message, name, 'error');
			report('error', d, `dead end: ${d.message}`);
		}
		if (sample.plays > 0)
			walk = {
				min: Math.min(walk?.min ?? Number.POSITIVE_INFINITY, sample.beats.min),
				max: Math.max(walk?.max ?? 0, sample.beats.max),
			};
	}
	const partial = bounded || random;
	reportDeadWeight({
		story,
		file: name,
		flows: result.flows,
		visited,
		told,
		shuffleLines: shuffles.lines,
		partial,
		warn: (place, message) => report('warning', place, message),
	});
	const reached = result.flows.filter((flow) => visited.has(flow.path)).length;
	if (bound !== null) {
		const limit =
			bound === 'memory'
				? 'its share of the memory a story may use'
				: `its bound of ${bound === 'states' ? `${maxStates} states` : `${options.maxMs ?? LIMITS.maxMs} ms`}`;
		const plays = sample?.plays ?? 0;
		report(
			'warning',
			{ file: name },
			`exploration stopped at ${limit} after exploring ${states} states; its shape comes from ` +
				`${plays} random play${plays === 1 ? '' : 's'} instead, which reached ${reached} of ${result.flows.length} ` +
				'knots and stitches (the rest of the dream was not checked; whether a knot is reached was read from its diverts)',
		);
	}
	if (!walk && !bounded) report('error', { file: name }, 'no way from the start reaches an ending');
	const shape: StoryShape =
		sample === null
			? { kind: 'exhaustive', states }
			: {
					kind: 'sampled',
					plays: sample.plays,
					states,
					ms: sample.ms,
					endings: sample.endings,
					scenes: sample.scenes,
					knots: { seen: reached, of: result.flows.length },
					votes: sample.votes,
					minutes: sample.minutes,
				};

	return {
		id,
		file,
		diagnostics: [...found.values()],
		meta: {
			id,
			title: compiled.title,
			description: compiled.description,
			color: compiled.color,
			contentHash: compiled.contentHash,
			...(compiled.author ? { author: compiled.author } : {}),
			...(compiled.voices ? { voices: compiled.voices } : {}),
		},
		stats: {
			states,
			branchPoints: branchPoints.size,
			endings: [...endings].sort(),
			shortestPath: walk?.min ?? 0,
			longestPath: walk?.max ?? 0,
			bounded,
			longestRun,
			fades: [...fades.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
			speakers: sceneTags.speakersFound(),
			shape,
			endingMemory: [...memory.entries()]
				.map(([ending, votes]) => ({
					name: ending,
					votes: [...votes.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
				}))
				.sort((a, b) => a.name.localeCompare(b.name)),
		},
	};
}

const FADES_HERE =
	'the story runs out of content here (no "-> END" or "-> DONE"): the dream stops here, told as fading out';

/** How many tellings of a dream with RANDOM or shuffles the checker explores, one per seed. */
const RANDOM_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** Whether the compiled story draws random numbers: `RANDOM()` compiles to `rnd`, `LIST_RANDOM()` to `lrnd`. */
function drawsRandomNumbers(story: Story): boolean {
	return /"(rnd|lrnd)"/.test(story.ToJson() ?? '');
}

export { type CheckOptions, LIMITS, type StoryReport, type StoryShape, type StoryStats } from './check-report.js';
export { CONTINUITY } from './telling.js';
