/**
 * A vote in Discord's newer message layout (Components V2), in the dream's colour: the question, then each choice's
 * full text with its tally beside its button (a section per choice), or, for more choices than sections fit in a
 * message, the choices listed and their buttons in rows of five; then where the vote stands. A point with one choice
 * is a "go on": its text beside one button. Closed, every button is disabled and the winner marked.
 */
import {
	type APIActionRowComponent,
	type APIButtonComponentWithCustomId,
	type APIComponentInContainer,
	ButtonStyle,
	ComponentType,
	MessageFlags,
} from 'discord.js';
import { LIMITS } from '../engine/index.js';
import type { VoteView } from '../sessions/ports.js';
import { encodeButtonId } from './custom-id.js';
import { clip, DISCORD_LIMITS, type LayoutMessage, relativeTime } from './render.js';
import { LAYOUT_TEXT_LIMIT } from './scene-layout.js';
import { goOnWords, voteWords } from './words/index.js';

type Choice = VoteView['choices'][number];

/**
 * The most choices shown as sections, each its text beside its button (three components a choice, of the 40 a message
 * holds); past that, the choices are listed and their buttons follow in rows.
 */
export const SECTIONS_AT_MOST = 8;

/** How much of a choice's text its vote shows: the whole of it up to the length the check warns past. */
const CHOICE_TEXT_SHOWN = LIMITS.maxChoiceChars;

/** The id of the button for choice `choice` of `vote`. */
const voteButtonId = (vote: VoteView, choice: number) =>
	encodeButtonId({ kind: 'vote', channelId: vote.channelId, sessionId: vote.sessionId, round: vote.round, choice });

const layout = (vote: VoteView, parts: APIComponentInContainer[]): LayoutMessage => ({
	components: [{ type: ComponentType.Container, accent_color: vote.story.color, components: parts }],
	flags: MessageFlags.IsComponentsV2,
});

const text = (content: string): APIComponentInContainer => ({ type: ComponentType.TextDisplay, content });

/** A point with one choice: its text beside one button, and when it goes on (see `isGoOn` in the sessions). */
function renderGoOn(vote: VoteView, only: Choice): LayoutMessage {
	const gone = vote.state === 'closed';
	const footer = gone ? goOnWords.gone : goOnWords.open(relativeTime(vote.deadline ?? 0));
	const button: APIButtonComponentWithCustomId = {
		type: ComponentType.Button,
		custom_id: voteButtonId(vote, only.index),
		label: only.text.length <= DISCORD_LIMITS.label ? only.text : goOnWords.button,
		style: gone ? ButtonStyle.Success : ButtonStyle.Primary,
		disabled: gone,
	};
	return layout(vote, [
		text(`### ${goOnWords.title(gone)}`),
		{
			type: ComponentType.Section,
			components: [{ type: ComponentType.TextDisplay, content: `**${clip(only.text, CHOICE_TEXT_SHOWN)}**` }],
			accessory: button,
		},
		text(footer),
	]);
}

export function renderVote(vote: VoteView): LayoutMessage {
	const [only, ...others] = vote.choices;
	if (only && others.length === 0 && !only.unclickable) return renderGoOn(vote, only);
	const closed = vote.state === 'closed';
	const line = (c: Choice, shown: string) =>
		voteWords.choice({
			number: c.index + 1,
			text: shown,
			votes: vote.sealed ? null : c.votes,
			won: closed && c.index === vote.winner,
		});
	let footer: string;
	if (closed && vote.winner === null) footer = voteWords.calledOff;
	else if (closed) footer = voteWords.closed(vote.closedBy ?? 'deadline', vote.ballots);
	else
		footer = [
			...rulesOf(vote),
			vote.state === 'waiting' ? voteWords.waiting : voteWords.open(relativeTime(vote.deadline ?? 0), vote.ballots),
		].join('\n');
	const heading = `### ${voteWords.title(closed)}`;
	// Many long choices share the message's text: each is clipped alike, so that all of them and the rest fit.
	const room = LAYOUT_TEXT_LIMIT - heading.length - footer.length - vote.choices.length;
	let shown: number = CHOICE_TEXT_SHOWN;
	if (vote.choices.map((c) => line(c, clip(c.text, shown))).join('').length > room) {
		const overhead = Math.max(...vote.choices.map((c) => line(c, '').length));
		shown = Math.max(1, Math.floor(room / vote.choices.length) - overhead);
	}
	const button = (c: Choice, label: string): APIButtonComponentWithCustomId => ({
		type: ComponentType.Button,
		custom_id: voteButtonId(vote, c.index),
		label,
		style:
			closed || c.unclickable
				? c.index === vote.winner
					? ButtonStyle.Success
					: ButtonStyle.Secondary
				: ButtonStyle.Primary,
		// A choice shown greyed out (`# UNCLICKABLE`) is there to be read, never taken.
		disabled: closed || c.unclickable === true,
	});
	const parts: APIComponentInContainer[] = [text(heading)];
	if (vote.choices.length <= SECTIONS_AT_MOST) {
		// Its full text sits beside its button, so the button shows only its number.
		for (const c of vote.choices)
			parts.push({
				type: ComponentType.Section,
				components: [{ type: ComponentType.TextDisplay, content: line(c, clip(c.text, shown)) }],
				accessory: button(c, voteWords.numberButton(c.index + 1)),
			});
	} else {
		parts.push(text(vote.choices.map((c) => line(c, clip(c.text, shown))).join('\n')));
		// A choice whose text does not fit on its button is read above: then every button shows only its number.
		const labelled = vote.choices.every((c) => voteWords.button(c.index + 1, c.text).length <= DISCORD_LIMITS.label);
		const buttons = vote.choices
			.slice(0, DISCORD_LIMITS.buttonsPerRow * DISCORD_LIMITS.rows)
			.map((c) => button(c, labelled ? voteWords.button(c.index + 1, c.text) : voteWords.numberButton(c.index + 1)));
		for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow) {
			const row: APIActionRowComponent<APIButtonComponentWithCustomId> = {
				type: ComponentType.ActionRow,
				components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow),
			};
			parts.push(row);
		}
	}
	// The footer stands beside the "Story so far" button, for members who join late.
	parts.push({
		type: ComponentType.Section,
		components: [{ type: ComponentType.TextDisplay, content: footer }],
		accessory: {
			type: ComponentType.Button,
			custom_id: encodeButtonId({ kind: 'recap', channelId: vote.channelId, sessionId: vote.sessionId }),
			label: voteWords.storySoFar,
			style: ButtonStyle.Secondary,
		},
	});
	return layout(vote, parts);
}

/** What an open vote says of how its group decides, beyond today's open vote. */
function rulesOf(vote: VoteView): string[] {
	const { mode, narratorId, quickClose } = vote.voting;
	const rules: string[] = [];
	if (mode === 'sealed') rules.push(voteWords.sealed);
	if (mode === 'narrator' && narratorId) rules.push(voteWords.narrator(narratorId));
	if (quickClose && mode !== 'narrator') rules.push(voteWords.quickClose);
	return rules.map((rule) => `-# ${rule}`);
}
