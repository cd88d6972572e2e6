/**
 * The rules of a group vote, kept pure so they can be read and tested on their own.
 *
 * - One ballot per member; a member may change it until the vote closes.
 * - Majority wins: the choice with the most ballots.
 * - Tie: the tied choice listed first wins (the order ink gives the choices), so the outcome never depends on timing.
 * - No ballots at the deadline: nothing is chosen; the vote stays open without a clock, and the first ballot starts
 *   a full new window. A dream nobody is watching waits instead of playing itself.
 * - `/dream skip` closes the vote at once with the same rules; with no ballots at all the first choice wins.
 * - A choice shown greyed out (`# UNCLICKABLE`) takes no ballot and never wins.
 * - Early close: once every member who voted in the previous round has voted again (at least one of them), so a lone
 *   dreamer never waits out the clock. The first vote of a dream has no previous round and runs its full window.
 * - Modes (`VotingRules`): `sealed` hides the tallies until the vote closes, with the same rules; `narrator` lets one
 *   member decide (their ballot closes the vote at once), the others' ballots being advice that decides by the rules
 *   above if the narrator has not chosen by the deadline (so no early close on the others' ballots).
 * - Quick close (any mode but narrator, where the narrator's pick is already at once): the vote closes once the
 *   night's dreamers who have not voted yet could not change the winner, counting ballots cast as they stand. The
 *   first vote of a dream knows no dreamers yet and runs its full window.
 */

/** Ballots per choice, in choice order. */
export function tally(ballots: Readonly<Record<string, number>>, choiceCount: number): number[] {
	const counts = new Array<number>(choiceCount).fill(0);
	for (const choice of Object.values(ballots)) {
		if (choice >= 0 && choice < choiceCount) counts[choice] = (counts[choice] ?? 0) + 1;
	}
	return counts;
}

/** The winning choice's index: the most ballots, ties to the first listed; `null` when nobody voted. */
export function winner(counts: readonly number[]): number | null {
	let best: number | null = null;
	for (const [i, n] of counts.entries()) {
		if (n > 0 && (best === null || n > (counts[best] ?? 0))) best = i;
	}
	return best;
}

/**
 * The winner when a moderator skips: as {@link winner}, but the first choice that can be taken when nobody voted (a
 * choice shown greyed out, `unclickable`, never can).
 */
export function winnerOnSkip(counts: readonly number[], choices: readonly Takeable[]): number {
	return (
		winner(counts) ??
		Math.max(
			0,
			choices.findIndex((c) => !c.unclickable),
		)
	);
}

/** A choice as the vote rules see it: whether it may be taken. */
export interface Takeable {
	unclickable?: true;
}

/**
 * A point with one choice is no vote but a "go on": the first click, or nobody's once its reading pause is over, takes
 * the dream on, and it changes nothing of who the next vote waits for.
 */
export const isGoOn = (choices: readonly Takeable[]): boolean => choices.length === 1 && !choices[0]?.unclickable;

/** True once everyone who voted last round has voted in this one. */
export function everyoneVoted(ballots: Readonly<Record<string, number>>, lastVoters: readonly string[]): boolean {
	return lastVoters.length > 0 && lastVoters.every((id) => id in ballots);
}

/**
 * True when `remaining` more ballots, however cast, could not change the winner of `counts` (ties to the first listed,
 * and a choice shown greyed out takes none). False while nobody voted.
 */
export function isDecided(counts: readonly number[], remaining: number, choices: readonly Takeable[]): boolean {
	const leader = winner(counts);
	if (leader === null) return false;
	const lead = counts[leader] ?? 0;
	return counts.every((n, i) => {
		if (i === leader || choices[i]?.unclickable) return true;
		const most = n + remaining;
		return most < lead || (most === lead && i > leader);
	});
}

/** The night's dreamers the open vote still waits for: those who voted before in this dream and not yet in it. */
export function notYetVoted(ballots: Readonly<Record<string, number>>, dreamers: readonly string[]): number {
	return dreamers.filter((id) => !(id in ballots)).length;
}
