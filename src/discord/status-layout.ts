/**
 * `/dream status` in Discord's newer message layout, seen by the member who asked: the dream's name, where it stands
 * (one line for each of its state, scene, beats told, dreamers, endings found and who began it), the open vote's
 * tallies and closing time, and why it stopped.
 */
import { type APIComponentInContainer, ComponentType, MessageFlags } from 'discord.js';
import type { StatusView } from '../sessions/outcomes.js';
import { clip, type LayoutMessage, REVERIE_COLOR, relativeTime } from './render.js';
import { endingsCount, statusWords, stopReasonText } from './words/index.js';

/** Room for each part of the answer: together well within the layout's 4,000 characters. */
const PART_CHARS = 1000;

export function renderStatus(status: StatusView): LayoutMessage {
	const line = (name: string, value: string) => `**${name}:** ${value}`;
	const parts: APIComponentInContainer[] = [];
	const text = (content: string) => parts.push({ type: ComponentType.TextDisplay, content: clip(content, PART_CHARS) });
	text(`### ${clip(status.story?.title ?? status.storyId, 256)}`);
	text(
		[
			line(statusWords.state, statusWords.phase[status.phase]),
			line(statusWords.scene, clip(status.scene ?? statusWords.noScene, 256)),
			line(statusWords.beatsTold, String(status.beatsTold)),
			line(statusWords.dreamers, String(status.dreamers)),
			line(statusWords.endingsFound, endingsCount(status.found)),
			line(statusWords.started, statusWords.startedBy(status.startedBy, relativeTime(status.startedAt))),
		].join('\n'),
	);
	const vote = status.vote;
	if (vote && vote.state !== 'closed') {
		const tallies = vote.choices.map((c) => statusWords.tally(c.index + 1, c.text, c.votes)).join('\n');
		const closes = vote.deadline === null ? null : relativeTime(vote.deadline);
		text(`**${statusWords.vote(vote.round, closes)}**\n${tallies}`);
	}
	if (status.stopReason && status.phase !== 'narrating' && status.phase !== 'voting')
		text(line(statusWords.note, stopReasonText(status.stopReason)));
	if (status.phase === 'stuck') text(`-# ${statusWords.stuck}`);
	return {
		components: [
			{ type: ComponentType.Container, accent_color: status.story?.color ?? REVERIE_COLOR, components: parts },
		],
		flags: MessageFlags.IsComponentsV2,
	};
}
