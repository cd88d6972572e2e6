/** What several messages say alike: a count and its noun, the endings a server has found. */

/** "1 vote", "3 votes". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** How much of a choice's text is quoted back (in an answer, on the recap's path): published ink's run to paragraphs. */
const QUOTED_CHARS = 200;

/** A choice's text as it is quoted back: whole, or its first {@link QUOTED_CHARS} characters. */
export const quoted = (choice: string) =>
	choice.length <= QUOTED_CHARS ? choice : `${choice.slice(0, QUOTED_CHARS - 1)}…`;

/** How many endings a dream has, as {@link endingsCount} and {@link endingsFound} take it. */
interface Found {
	count: number;
	total: { endings: number; samplePlays: number | null } | null;
}

/** "2,000 sample plays". */
const samplePlays = (plays: number) => `${plays.toLocaleString('en-US')} sample plays`;

/**
 * "3 of 5 endings"; "3 of the 5 endings seen in 2,000 sample plays" for a story too large to explore whole; "3 endings"
 * while the dream's count is not known.
 */
export const endingsCount = ({ count, total }: Found) =>
	total === null
		? plural(count, 'ending')
		: total.samplePlays === null
			? `${count} of ${plural(total.endings, 'ending')}`
			: `${count} of the ${plural(total.endings, 'ending')} seen in ${samplePlays(total.samplePlays)}`;

/**
 * "3 of 5 endings found."; "3 found of the 5 endings seen in 2,000 sample plays."; "3 endings found." while the
 * dream's count is not known.
 */
export const endingsFound = (found: Found) =>
	found.total?.samplePlays == null
		? `${endingsCount(found)} found.`
		: `${found.count} found of the ${plural(found.total.endings, 'ending')} seen in ${samplePlays(found.total.samplePlays)}.`;
