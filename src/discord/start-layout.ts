/**
 * The announcement of a dream begun, in Discord's newer message layout like the rest of a dream. Reverie's notices to
 * a channel (a reset, a story that changed) stay embeds for now: a channel's messages in the new layout are its
 * dream's own.
 */
import { type APIComponentInContainer, ComponentType, MessageFlags } from 'discord.js';
import type { StoryMeta } from '../engine/index.js';
import type { NightStartView } from '../sessions/ports.js';
import { clip, type LayoutMessage } from './render.js';
import { nightWords, startWords } from './words/index.js';

/** Room for a dream's name, and for its blurb or a notice. */
const NAME_CHARS = 256;
const TEXT_CHARS = 3000;

const layout = (color: number, parts: APIComponentInContainer[]): LayoutMessage => ({
	components: [{ type: ComponentType.Container, accent_color: color, components: parts }],
	flags: MessageFlags.IsComponentsV2,
});

const text = (content: string): APIComponentInContainer => ({ type: ComponentType.TextDisplay, content });

/** The announcement of a dream begun: its name as a heading, its blurb, who began it and how it goes. */
export function renderStart(story: StoryMeta, userId: string): LayoutMessage {
	return layout(story.color, [
		text(`### ${clip(story.title, NAME_CHARS)}`),
		text(clip([story.description, startWords.began(userId)].filter(Boolean).join('\n\n'), TEXT_CHARS)),
	]);
}

/** A story night's dream begun at its time: the announcement, and who said they would come. */
export function renderNightStart(view: NightStartView): LayoutMessage {
	const { story } = view;
	return layout(story.color, [
		text(`### ${clip(nightWords.begins(story.title), NAME_CHARS)}`),
		text(
			clip(
				[story.description, nightWords.plannedBy(view.plannedBy), nightWords.interested(view.interested)]
					.filter(Boolean)
					.join('\n\n'),
				TEXT_CHARS,
			),
		),
	]);
}
