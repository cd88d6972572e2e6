/** The story so far, answered privately to a member who joins late (`/dream recap`, "Story so far" on a vote). */
import type { CatchUpStep } from '../../sessions/catch-up.js';
import type { VoteMode } from '../../store/records.js';
import { plural, quoted } from './forms.js';

export const catchUpWords = {
	none: 'No dream is running in this channel. `/dream start` begins one.',
	otherDream: 'That button belongs to an earlier dream in this channel; `/dream recap` tells the one running now.',
	title: (title: string) => `The story so far: ${title}`,
	/** `when`: a timestamp. */
	began: (userId: string, when: string) => `<@${userId}> began it ${when}.`,
	mode: {
		open: 'Votes are open: everyone sees the tallies as they come.',
		sealed: 'Votes are sealed: the tallies show only once a vote closes.',
		narrator: 'A narrator decides; everyone else’s votes are advice.',
	} satisfies Record<VoteMode, string>,
	scenes: (scenes: readonly string[]) => `**Scenes so far:** ${scenes.join(' → ')}`,
	noScenes: 'The first scene is still being told.',
	votesHeading: '**The votes so far**',
	noVotes: 'No vote has closed yet.',
	step: (step: CatchUpStep, number: (n: number) => string) => {
		if (step.goOn) return `${step.round}. ${quoted(step.choice)} — went on`;
		const where = step.scene ? ` (in ${step.scene})` : '';
		const head = `${step.round}.${where} chose **${quoted(step.choice)}** — ${step.votes} of ${plural(step.ballots, 'vote')}`;
		const by = step.closedBy === 'narrator' ? ' · the narrator chose' : step.closedBy === 'skip' ? ' · skipped' : '';
		if (!step.tallies) return head + by;
		const tallies = step.tallies.map((t, i) => `${number(i + 1)} ${quoted(t.text)}: ${t.votes}`).join(' · ');
		return `${head}${by}\n-# ${tallies}`;
	},
	latestHeading: '**Just told**',
	/** The vote open now. */
	openVote: (ballots: number) => `A vote is open now: ${plural(ballots, 'dreamer')} voted so far. Vote on its message.`,
	summary: (dreamers: number, beatsTold: number) =>
		`${plural(dreamers, 'dreamer')} so far · ${plural(beatsTold, 'beat')} told`,
	noMap: 'The map of the night cannot be drawn right now.',
};
