/**
 * The check of a dream's global tags (`# title:`, `# description:`, `# color:` at the top of its main file): an empty
 * or malformed one is an error, a missing one a warning saying what the dream does without it.
 */
import { type CompiledStory, DEFAULT_COLOR } from './compile.js';
import type { Diagnostic } from './diagnostics.js';
import type { Place } from './places.js';
import { EXPECTED_GLOBAL_TAGS, isGlobalTag, parseColor, parseTag } from './tags.js';

export function checkGlobalTags(
	compiled: CompiledStory,
	file: string,
	report: (s: Diagnostic['severity'], p: Place, m: string) => void,
) {
	const seen = new Set<string>();
	for (const raw of compiled.story.globalTags ?? []) {
		const { key, value } = parseTag(raw);
		// Other tags at the top are handed to the first beat too, and checked there.
		if (!isGlobalTag(key)) continue;
		seen.add(key);
		if (value === '') report('error', { file, line: 1 }, `"# ${key}:" is empty`);
		if (key === 'color' && value !== '' && parseColor(value) === null)
			report('error', { file, line: 1 }, `"# color: ${value}" is not a hex colour like \\#8a6fd1`);
	}
	const instead: Record<(typeof EXPECTED_GLOBAL_TAGS)[number], string> = {
		title: `the dream is called "${compiled.title}"`,
		description: 'the catalogue shows no description',
		color: `the dream takes the default colour \\#${DEFAULT_COLOR.toString(16).padStart(6, '0')}`,
	};
	for (const key of EXPECTED_GLOBAL_TAGS)
		if (!seen.has(key)) report('warning', { file, line: 1 }, `missing global tag "# ${key}:": ${instead[key]}`);
}
