/**
 * The recap at a dream's end in Discord's newer message layout: the dream's name over the ending, the path the group
 * took, the map of the night (a file of the message, with words for members who cannot see it) and what the server
 * has found, in the dream's colour.
 */
import { type APIComponentInContainer, ComponentType, MessageFlags } from 'discord.js';
import type { EndingView } from '../sessions/ports.js';
import { clip, type LayoutMessage, MAP_FILE } from './render.js';
import { LAYOUT_TEXT_LIMIT } from './scene-layout.js';
import { endingsFound, recapWords } from './words/index.js';

/** Room for the dream's name and the ending's in the recap's text. */
const NAME_CHARS = 256;

/**
 * The recap. With `attach`, the map of the night goes with it as a file shown in a gallery; without (Reverie may not
 * attach files there), the recap says so.
 */
export function renderEnding(ending: EndingView, options: { attach: boolean } = { attach: true }): LayoutMessage {
	const steps = ending.history.map((h) =>
		recapWords.step({
			round: h.round,
			choice: h.choice,
			votes: h.votes,
			ballots: h.ballots,
			skipped: h.closedBy === 'skip',
			goOn: h.goOn === true,
		}),
	);
	const found = endingsFound(ending.found);
	const news = ending.ending
		? ending.found.newEnding
			? recapWords.newEnding(found)
			: recapWords.knownEnding(found)
		: found;
	const noMap = ending.map && !options.attach ? `\n${recapWords.noMap}` : '';
	const tail = `${news}\n${recapWords.summary(ending.dreamers, ending.beatsTold)}\n${recapWords.again}${noMap}`;
	const dream = `-# ${clip(ending.story.title, NAME_CHARS)}`;
	const title = `## ${clip(recapWords.title(ending.ending), NAME_CHARS)}`;
	let path = steps.length > 0 ? recapWords.path(steps) : recapWords.noVotes;
	const room = LAYOUT_TEXT_LIMIT - dream.length - title.length - tail.length;
	if (path.length > room) path = clip(path, room);
	const parts: APIComponentInContainer[] = [
		{ type: ComponentType.TextDisplay, content: dream },
		{ type: ComponentType.TextDisplay, content: title },
		{ type: ComponentType.TextDisplay, content: path },
	];
	const attached = ending.map !== null && options.attach;
	if (attached)
		parts.push({
			type: ComponentType.MediaGallery,
			items: [{ media: { url: `attachment://${MAP_FILE}` }, description: recapWords.mapAlt(ending.story.title) }],
		});
	parts.push({ type: ComponentType.TextDisplay, content: tail });
	const body: LayoutMessage = {
		components: [{ type: ComponentType.Container, accent_color: ending.story.color, components: parts }],
		flags: MessageFlags.IsComponentsV2,
	};
	if (attached && ending.map) body.files = [{ attachment: ending.map, name: MAP_FILE }];
	return body;
}
