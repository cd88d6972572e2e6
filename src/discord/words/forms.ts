/** What several messages say alike: a count and its noun, the endings a server has found. */

/** "1 vote", "3 votes". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 of 5 endings", or "3 endings" while the dream's count is not known. */
export const endingsCount = (found: { count: number; total: number | null }) =>
	found.total === null ? plural(found.count, 'ending') : `${found.count} of ${plural(found.total, 'ending')}`;

/** "3 of 5 endings found.", or "3 endings found." while the dream's count is not known. */
export const endingsFound = (found: { count: number; total: number | null }) => `${endingsCount(found)} found.`;
