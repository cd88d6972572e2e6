/**
 * A large story written by a program for the tests: `knots` knots (60 by default), each its own scene, each with two or
 * three ways forward chosen by a seeded draw, so the ways multiply and no bound explores every state; three written
 * endings at the far end, one early ending, two knots where the story runs out of content (it fades there, as a
 * published story's forgotten `-> END` does), a sticky choice that loops, and a knot left from a draft that nothing
 * reaches. No published story is copied: only its size and habits are imitated.
 *
 * `npx tsx tests/engine/large-story.ts > tests/fixtures/generated/the-long-wood.ink` writes the fixture that
 * `story:check` and the end-to-end tests read; a test checks that file is this function's output.
 */

const ADJECTIVES = ['Mossy', 'Hollow', 'Silver', 'Drowned', 'Quiet', 'Burnt', 'Crooked', 'Pale', 'Sunken', 'Windy'];
const NOUNS = ['Stair', 'Clearing', 'Bridge', 'Chapel', 'Orchard', 'Well', 'Mill', 'Ford', 'Barrow', 'Gate'];
const VERBS = ['Follow', 'Climb toward', 'Slip past', 'Call out to', 'Wade toward', 'Turn back to'];
const THINGS = ['the lantern light', 'the owl', 'the river', 'the footprints', 'the bells', 'the smoke', 'the path'];

/** Knots where the story runs out of content, and the one early ending, as fractions of the way through. */
const FADES_AT = [0.3, 0.62];
const EARLY_ENDING_AT = 0.45;

export function largeStorySource(knots = 60, seed = 7): string {
	const random = seeded(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
	const last = knots - 1;
	const endings = [last - 2, last - 1, last];
	const fades = FADES_AT.map((f) => Math.round(f * last));
	const early = Math.round(EARLY_ENDING_AT * last);
	const name = (i: number) => `k${i}`;
	const scene = (i: number) => `The ${ADJECTIVES[i % 10]} ${NOUNS[Math.floor(i / 10) % 10]}${i >= 100 ? ` ${i}` : ''}`;

	const lines: string[] = [
		'# title: The Long Wood',
		'# description: A wood of many clearings, generated for the tests: too large to explore state by state.',
		'# color: \\#4f7a5a',
		'# author: Reverie test generator',
		'VAR courage = 0',
		`-> ${name(0)}`,
		'',
	];
	for (let i = 0; i < knots; i++) {
		lines.push(`=== ${name(i)} ===`);
		if (endings.includes(i)) {
			lines.push(`You come out of the wood at ${scene(i).toLowerCase()}. # scene: ${scene(i)}`);
			lines.push(`{courage > 3: You walk on without fear.|You look back once.}`);
			lines.push(`Morning finds you there. # ending: Out by ${scene(i)}`, '-> END', '');
			continue;
		}
		if (fades.includes(i)) {
			// No `-> END`: the story runs out of content here, and the dream fades.
			lines.push(`The trees close in at ${scene(i).toLowerCase()}. # scene: ${scene(i)}`);
			lines.push('You walk until the walking is all there is.', '');
			continue;
		}
		if (i === early) {
			lines.push(`You lie down at ${scene(i).toLowerCase()} and wake in your bed. # scene: ${scene(i)}`);
			lines.push('It was only a dream of a wood. # ending: An early waking', '-> END', '');
			continue;
		}
		lines.push(`You reach ${scene(i).toLowerCase()}. # scene: ${scene(i)}`);
		lines.push(`{~Owls call.|Water drips somewhere.|The wind moves the leaves.}`);
		const ways = 2 + (random() < 0.4 ? 1 : 0);
		const targets = new Set<number>();
		for (let tries = 0; targets.size < ways && tries < 20; tries++) {
			const step = 1 + Math.floor(random() * 4);
			const target = Math.min(i + step, last);
			// The ways out of the wood come only near its end; the fades and the early waking from anywhere before them.
			if (endings.includes(target) && i < last - 6) continue;
			// The early waking is one way from one clearing, as a published story's secret ending is.
			if (target === early && i !== early - 1) continue;
			targets.add(target);
		}
		for (const target of [...targets].sort((a, b) => a - b)) {
			const brave = random() < 0.5;
			lines.push(`* [${pick(VERBS)} ${pick(THINGS)}]`);
			if (brave) lines.push('  ~ courage++');
			lines.push(`  -> ${name(target)}`);
		}
		if (i % 10 === 4) lines.push('+ [Rest a while]', '  You rest, and the wood waits.', `  -> ${name(i)}`);
		lines.push('');
	}
	lines.push('=== draft ===', 'A clearing cut from an earlier draft.', '-> END', '');
	return lines.join('\n');
}

/** mulberry32, as the engine's sampler draws. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').at(-1) ?? '')) {
	process.stdout.write(largeStorySource());
}
