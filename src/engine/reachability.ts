/**
 * Which knots and stitches the compiled story can reach, read from its divert graph (no story is run): what the
 * checker relies on when exploring every state was cut short by a bound. It over-approximates, so it never calls a
 * reachable knot unreachable: a divert to a variable, which no reading of the JSON can resolve, reaches everything.
 */

/** A container of ink's compiled JSON: its content, ending with `null` or its named sub-containers and flags. */
type Container = unknown[];

interface Pending {
	container: Container;
	/** The path of `container`, as components (names of named containers, indices of anonymous ones). */
	path: string[];
}

// The keys of the compiled JSON's objects that send the story somewhere: divert, tunnel, function call, choice,
// external call (which runs the ink function of that name when it is a fallback) and a divert target value.
const TARGET_KEYS = ['->', '->t->', 'f()', '*', 'x()', '^->'] as const;

/**
 * The knots and stitches (`knot`, `knot.stitch`, as in visit counts) reachable from the start of the story whose
 * compiled JSON is `storyJson`; `stitches` lists the `knot.stitch` paths that are stitches rather than labelled
 * gathers. Returns `'everything'` when a reachable part diverts to a variable.
 */
export function reachableFlows(storyJson: string, stitches: ReadonlySet<string>): Set<string> | 'everything' {
	const root = (JSON.parse(storyJson) as { root: Container }).root;
	const knots = new Set(Object.keys(namedOf(root)));
	/** The knot or stitch a path lies in; `''` for the top of the story (before the first knot, global declarations). */
	const flowOf = (path: readonly string[]): string => {
		const [knot, stitch] = path;
		if (knot === undefined || !knots.has(knot)) return '';
		return stitch !== undefined && stitches.has(`${knot}.${stitch}`) ? `${knot}.${stitch}` : knot;
	};

	const edges = new Map<string, Set<string>>();
	const reachesEverything = new Set<string>();
	const addEdge = (from: string, to: string) => {
		const targets = edges.get(from) ?? new Set<string>();
		edges.set(from, targets);
		targets.add(to);
	};
	const pending: Pending[] = [{ container: root, path: [] }];
	for (let item = pending.pop(); item; item = pending.pop()) {
		const { container, path } = item;
		const from = flowOf(path);
		for (const [index, element] of container.entries()) {
			if (Array.isArray(element)) {
				pending.push({ container: element, path: [...path, String(index)] });
				continue;
			}
			if (element === null || typeof element !== 'object') continue;
			if (index === container.length - 1) {
				for (const [name, child] of Object.entries(element))
					if (Array.isArray(child)) pending.push({ container: child, path: [...path, name] });
				continue;
			}
			const object = element as Record<string, unknown>;
			for (const key of TARGET_KEYS) {
				const target = object[key];
				if (typeof target !== 'string') continue;
				// `$r` holds where a choice's text, when it has inline logic, returns to: a `^->` written in the same
				// flow, so already an edge.
				if (object.var === true && target.startsWith('$r')) continue;
				if (object.var === true && key !== '^->') reachesEverything.add(from);
				else if (key === 'x()') addEdge(from, flowOf([target]));
				else addEdge(from, flowOf(resolve(target, [...path, String(index)])));
			}
		}
	}

	const reached = new Set<string>(['']);
	const queue = [''];
	for (let flow = queue.pop(); flow !== undefined; flow = queue.pop()) {
		if (reachesEverything.has(flow)) return 'everything';
		for (const next of edges.get(flow) ?? []) {
			if (reached.has(next)) continue;
			reached.add(next);
			queue.push(next);
		}
	}
	return reached;
}

/** The named sub-containers of a container (its last element, when that is an object). */
function namedOf(container: Container): Record<string, unknown> {
	const last = container.at(-1);
	return last !== null && typeof last === 'object' && !Array.isArray(last) ? (last as Record<string, unknown>) : {};
}

/**
 * An absolute path as components. A relative one (`.^.c-0`) starts at the object's own path, where each `^` climbs
 * one level, as inkjs resolves it.
 */
function resolve(target: string, objectPath: readonly string[]): string[] {
	if (!target.startsWith('.')) return target.split('.');
	const path = [...objectPath];
	for (const component of target.slice(1).split('.')) {
		if (component === '^') path.pop();
		else path.push(component);
	}
	return path;
}
