/**
 * The story so far as a member sees it privately: an embed in the dream's colour with the scenes, the votes and their
 * tallies, the lines just told, and the map of the night so far as its picture. For `/dream recap` and the "Story so
 * far" button on each vote.
 */
import type { RepliableInteraction } from 'discord.js';
import type { CatchUpOutcome, CatchUpView } from '../sessions/sessions.js';
import type { CommandContext } from './command.js';
import { clip, MAP_FILE, relativeTime } from './render.js';
import { type Answer, answer } from './reply.js';
import { catchUpWords } from './words/index.js';

const DESCRIPTION_LIMIT = 4096;
const NEUTRAL_COLOR = 0x5865f2;

/** The answer to a member who asked for the story so far. */
export function renderCatchUp(outcome: CatchUpOutcome): Answer {
	if (outcome.kind === 'none') return { content: catchUpWords.none };
	if (outcome.kind === 'other-dream') return { content: catchUpWords.otherDream };
	const { view } = outcome;
	const title = clip(catchUpWords.title(view.story?.title ?? view.storyId), 256);
	return {
		embeds: [
			{
				title,
				color: view.story?.color ?? NEUTRAL_COLOR,
				description: clip(describe(view), DESCRIPTION_LIMIT),
				...(view.map ? { image: { url: `attachment://${MAP_FILE}` } } : {}),
				footer: { text: catchUpWords.summary(view.dreamers, view.beatsTold) },
			},
		],
		...(view.map ? { files: [{ attachment: view.map, name: MAP_FILE }] } : {}),
	};
}

function describe(view: CatchUpView): string {
	const parts = [
		catchUpWords.began(view.startedBy, relativeTime(view.startedAt)),
		catchUpWords.mode[view.voting.mode],
		view.scenes.length > 0 ? catchUpWords.scenes(view.scenes) : catchUpWords.noScenes,
		[
			catchUpWords.votesHeading,
			...(view.steps.length > 0 ? view.steps.map((s) => catchUpWords.step(s, (n) => `${n}.`)) : [catchUpWords.noVotes]),
		].join('\n'),
	];
	if (view.latest.length > 0)
		parts.push(
			[catchUpWords.latestHeading, ...view.latest.map((b) => `> ${clip(b.text, 400).replaceAll('\n', '\n> ')}`)].join(
				'\n',
			),
		);
	if (view.open) parts.push(catchUpWords.openVote(view.open.ballots));
	if (!view.map) parts.push(`-# ${catchUpWords.noMap}`);
	return parts.join('\n\n');
}

/** Answers `interaction` privately with the channel's story so far (of the dream `sessionId`, when given). */
export async function answerCatchUp(
	interaction: RepliableInteraction,
	{ sessions }: CommandContext,
	channelId: string,
	sessionId?: string,
): Promise<void> {
	await answer(interaction, () => sessions.catchUp(channelId, sessionId), renderCatchUp, { ephemeral: true });
}
