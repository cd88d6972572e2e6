/** What several messages say alike: a count and its noun, the endings a server has found. */

/** "1 vote", "3 votes". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** How much of a choice's text is quoted back (in an answer, on the recap's path): published ink's run to paragraphs. */
const QUOTED_CHARS = 200;

/** A choice's text as it is quoted back: whole, or its first {@link QUOTED_CHARS} characters. */
export const quoted = (choice: string) =>
	choice.length <= QUOTED_CHARS ? choice : `${choice.slice(0, QUOTED_CHARS - 1)}…`;

/** "3 of 5 endings", or "3 endings" while the dream's count is not known. */
export const endingsCount = (found: { count: number; total: number | null }) =>
	found.total === null ? plural(found.count, 'ending') : `${found.count} of ${plural(found.total, 'ending')}`;

/** "3 of 5 endings found.", or "3 endings found." while the dream's count is not known. */
export const endingsFound = (found: { count: number; total: number | null }) => `${endingsCount(found)} found.`;
