/**
 * A beat in Discord's newer message layout (Components V2): a container in the dream's colour (or its speaker's)
 * holding the scene's heading, the line (with its speaker's name, and their portrait beside it), the picture with its
 * alt text, and a sound's link. A new chapter
 * (`# CLEAR`) opens with a rule and the scene's heading again. The message then has no content or embeds, and an edit
 * cannot take the layout back, which a beat never needs.
 */
import {
	type APIComponentInContainer,
	type APIContainerComponent,
	ComponentType,
	MessageFlags,
	SeparatorSpacingSize,
} from 'discord.js';
import { MAX_ALT_CHARS, sourceKind } from '../engine/scene-tags.js';
import type { BeatView, PictureView } from '../sessions/ports.js';
import { clip, type LayoutMessage, type MessageFile } from './render.js';
import { beatWords } from './words/index.js';

/** The characters of text a message in this layout holds, all its text displays together. */
export const LAYOUT_TEXT_LIMIT = 4000;

/** Room for the heading and the sound's line beside the beat's text. */
const HEADING_CHARS = 200;

/** A scene's heading, in Discord's markdown. */
const heading = (scene: string) => `### ${clip(scene, HEADING_CHARS)}`;

export function renderBeat({ story, beat, scene, picture, portrait }: BeatView): LayoutMessage {
	const parts: APIComponentInContainer[] = [];
	const text = (content: string) => parts.push({ type: ComponentType.TextDisplay, content });
	const shownScene = beat.scene ?? (beat.chapter ? scene : undefined);
	if (beat.chapter) parts.push({ type: ComponentType.Separator, divider: true, spacing: SeparatorSpacingSize.Large });
	if (shownScene) text(heading(shownScene));
	const room = LAYOUT_TEXT_LIMIT - 2 * HEADING_CHARS - 2 * 100;
	const line = clip(beat.speaker ? `**${beat.speaker}**\n${beat.text}` : beat.text, room);
	const files = new Map<string, MessageFile>();
	/** Where the message shows a picture from: its address, or its file (sent once, however often it is shown). */
	const urlOf = (shown: PictureView) => {
		if (shown.kind === 'url') return shown.url;
		files.set(shown.name, { attachment: shown.bytes, name: shown.name });
		return `attachment://${shown.name}`;
	};
	// A speaker's portrait stands beside their words, as Discord shows a thumbnail beside a section's text.
	if (portrait)
		parts.push({
			type: ComponentType.Section,
			components: [{ type: ComponentType.TextDisplay, content: line }],
			accessory: {
				type: ComponentType.Thumbnail,
				media: { url: urlOf(portrait) },
				description: clip(portrait.alt ?? beat.speaker ?? beatWords.noAlt, MAX_ALT_CHARS),
			},
		});
	else text(line);
	if (picture)
		parts.push({
			type: ComponentType.MediaGallery,
			items: [{ media: { url: urlOf(picture) }, description: clip(picture.alt ?? beatWords.noAlt, MAX_ALT_CHARS) }],
		});
	// Only an address can be offered: a story brings no sound files, and Discord would not play one.
	if (beat.audio && sourceKind(beat.audio) === 'https') text(beatWords.sound(clip(beat.audio, 500)));
	// A speaker with a colour of their own (`# voice:`) gives it to their lines.
	const voiced = beat.speaker ? story.voices?.[beat.speaker]?.color : undefined;
	const container: APIContainerComponent = {
		type: ComponentType.Container,
		accent_color: voiced ?? story.color,
		components: parts,
	};
	return {
		components: [container],
		flags: MessageFlags.IsComponentsV2,
		...(files.size > 0 ? { files: [...files.values()] } : {}),
	};
}
