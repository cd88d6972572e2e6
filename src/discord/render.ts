import {
	type APIActionRowComponent,
	type APIButtonComponentWithCustomId,
	type APIEmbed,
	type APIEmbedField,
	type APIMessageTopLevelComponent,
	ButtonStyle,
	ComponentType,
	type MessageFlags,
} from 'discord.js';
import { LIMITS, type StoryMeta } from '../engine/index.js';
import type { StatusView } from '../sessions/outcomes.js';
import type { EndingTotal, EndingView, NoticeView, VoteView } from '../sessions/ports.js';
import type { GuildSettings } from '../store/records.js';
import { encodeButtonId } from './custom-id.js';
import {
	endingsCount,
	endingsFound,
	goOnWords,
	listWords,
	noticeText,
	recapWords,
	settingsWords,
	startWords,
	statusWords,
	stopReasonText,
	voteWords,
} from './words/index.js';

// Every word of these messages comes from the catalogue (words/): this module lays the words out in Discord's shapes.
//
// Messages are written as Discord's own JSON, not with discord.js's builders: every one is built within Discord's
// limits here (clipped to DISCORD_LIMITS, at most five rows of five buttons), which the tests check against the local
// Discord's own strict limits. The builders check everything again on every render, and under a burst of clicks in a
// thousand channels those checks (and the garbage they leave) cost more than the rest of a tally edit.

/**
 * A message as Reverie sends it: embeds and, on a vote, rows of buttons; on a recap, the map as a file. A beat is laid
 * out in Discord's newer layout instead (`scene-layout.ts`): its components alone, with the flag that says so.
 */
export type MessageBody = EmbedMessage | LayoutMessage;

/** A message of embeds, with rows of buttons on a vote. */
export interface EmbedMessage {
	embeds: APIEmbed[];
	components?: APIActionRowComponent<APIButtonComponentWithCustomId>[];
	files?: MessageFile[];
}

/** A message in Discord's newer layout: its components are the whole of it. */
export interface LayoutMessage {
	components: APIMessageTopLevelComponent[];
	flags: MessageFlags.IsComponentsV2;
	files?: MessageFile[];
}

/** A file sent with a message, which it may show through `attachment://<name>`. */
export interface MessageFile {
	attachment: Buffer;
	name: string;
}

/** The map of the night's file name, which the recap's embed shows as its image. */
export const MAP_FILE = 'night-map.png';

/** Discord's limits on what a message may hold (the API refuses more). */
export const DISCORD_LIMITS = {
	title: 256,
	description: 4096,
	fieldValue: 1024,
	label: 80,
	buttonsPerRow: 5,
	rows: 5,
} as const;

/** The colour of Reverie's own messages that belong to no dream. */
const REVERIE_COLOR = 0x5865f2;

export function clip(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A Discord timestamp that every member's client shows in their own words: "in 45 seconds". */
export const relativeTime = (ms: number) => `<t:${Math.ceil(ms / 1000)}:R>`;

/**
 * How much of a choice's text its vote's message shows: the whole of it up to the length the check warns past, unless
 * the choices would not all fit.
 */
const CHOICE_TEXT_SHOWN = LIMITS.maxChoiceChars;

/** The id of the button for choice `choice` of `vote`. */
const voteButtonId = (vote: VoteView, choice: number) =>
	encodeButtonId({ kind: 'vote', channelId: vote.channelId, sessionId: vote.sessionId, round: vote.round, choice });

/** A point with one choice: its text, when it goes on, and one button (see `isGoOn` in the sessions). */
function renderGoOn(vote: VoteView, only: VoteView['choices'][number]): EmbedMessage {
	const gone = vote.state === 'closed';
	const footer = gone ? goOnWords.gone : goOnWords.open(relativeTime(vote.deadline ?? 0));
	const embed: APIEmbed = {
		color: vote.story.color,
		title: goOnWords.title(gone),
		description: clip(`**${clip(only.text, CHOICE_TEXT_SHOWN)}**\n\n${footer}`, DISCORD_LIMITS.description),
	};
	const button: APIButtonComponentWithCustomId = {
		type: ComponentType.Button,
		custom_id: voteButtonId(vote, only.index),
		label: only.text.length <= DISCORD_LIMITS.label ? only.text : goOnWords.button,
		style: gone ? ButtonStyle.Success : ButtonStyle.Primary,
		disabled: gone,
	};
	return { embeds: [embed], components: [{ type: ComponentType.ActionRow, components: [button] }] };
}

export function renderVote(vote: VoteView): EmbedMessage {
	const [only, ...others] = vote.choices;
	if (only && others.length === 0) return renderGoOn(vote, only);
	const closed = vote.state === 'closed';
	const line = (c: VoteView['choices'][number], text: string) =>
		voteWords.choice({ number: c.index + 1, text, votes: c.votes, won: closed && c.index === vote.winner });
	const linesShowing = (shown: number) => vote.choices.map((c) => line(c, clip(c.text, shown)));
	let footer: string;
	if (closed && vote.winner === null) footer = voteWords.calledOff;
	else if (closed) footer = voteWords.closed(vote.closedBy ?? 'deadline', vote.ballots);
	else if (vote.state === 'waiting') footer = voteWords.waiting;
	else footer = voteWords.open(relativeTime(vote.deadline ?? 0), vote.ballots);
	// Many long choices share the message: each is clipped alike, so that all of them and the footer fit.
	let lines = linesShowing(CHOICE_TEXT_SHOWN);
	const room = DISCORD_LIMITS.description - footer.length - 2;
	if (lines.join('\n').length > room) {
		const overhead = Math.max(...vote.choices.map((c) => line(c, '').length)) + 2;
		lines = linesShowing(Math.max(1, Math.floor(room / vote.choices.length) - overhead));
	}
	const embed: APIEmbed = {
		color: vote.story.color,
		title: voteWords.title(closed),
		description: clip(`${lines.join('\n')}\n\n${footer}`, DISCORD_LIMITS.description),
	};
	// A choice whose text does not fit on its button is read in the message: then every button shows only its number,
	// so that the buttons read alike.
	const labelled = vote.choices.every((c) => voteWords.button(c.index + 1, c.text).length <= DISCORD_LIMITS.label);
	const buttons = vote.choices.slice(0, DISCORD_LIMITS.buttonsPerRow * DISCORD_LIMITS.rows).map(
		(c): APIButtonComponentWithCustomId => ({
			type: ComponentType.Button,
			custom_id: voteButtonId(vote, c.index),
			label: labelled ? voteWords.button(c.index + 1, c.text) : voteWords.numberButton(c.index + 1),
			style:
				closed || c.unclickable
					? c.index === vote.winner
						? ButtonStyle.Success
						: ButtonStyle.Secondary
					: ButtonStyle.Primary,
			// A choice shown greyed out (`# UNCLICKABLE`) is there to be read, never taken.
			disabled: closed || c.unclickable === true,
		}),
	);
	const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
	for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow)
		rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
	return { embeds: [embed], components: rows };
}

/**
 * The recap: the ending, the path the group took, what the server has found. With `attach`, the map of the night goes
 * with it as a file shown in the embed; without (Reverie may not attach files there), the recap says so.
 */
export function renderEnding(ending: EndingView, options: { attach: boolean } = { attach: true }): EmbedMessage {
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
	const summary = recapWords.summary(ending.dreamers, ending.beatsTold);
	const found = endingsFound(ending.found);
	const news = ending.ending
		? ending.found.newEnding
			? recapWords.newEnding(found)
			: recapWords.knownEnding(found)
		: found;
	const noMap = ending.map && !options.attach ? `\n${recapWords.noMap}` : '';
	const tail = `\n\n${news}\n${summary}\n${recapWords.again}${noMap}`;
	let path = steps.length > 0 ? recapWords.path(steps) : recapWords.noVotes;
	if (path.length + tail.length > DISCORD_LIMITS.description)
		path = clip(path, DISCORD_LIMITS.description - tail.length);
	const embed: APIEmbed = {
		color: ending.story.color,
		title: clip(recapWords.title(ending.ending), DISCORD_LIMITS.title),
		author: { name: clip(ending.story.title, DISCORD_LIMITS.title) },
		description: path + tail,
	};
	if (!ending.map || !options.attach) return { embeds: [embed] };
	embed.image = { url: `attachment://${MAP_FILE}` };
	return { embeds: [embed], files: [{ attachment: ending.map, name: MAP_FILE }] };
}

export function renderNotice(view: NoticeView): EmbedMessage {
	const embed: APIEmbed = { color: view.story?.color ?? REVERIE_COLOR };
	if (view.story) embed.author = { name: clip(view.story.title, DISCORD_LIMITS.title) };
	embed.description = clip(noticeText(view), DISCORD_LIMITS.description);
	return { embeds: [embed] };
}

export function renderStart(story: StoryMeta, userId: string): EmbedMessage {
	const embed: APIEmbed = {
		color: story.color,
		title: clip(story.title, DISCORD_LIMITS.title),
		description: clip(`${story.description}\n\n${startWords.began(userId)}`, DISCORD_LIMITS.description),
	};
	return { embeds: [embed] };
}

/**
 * Room for one dream in the list: a message's embeds share 6,000 characters, and a server's 25 dreams of its own with
 * the built-in ones must fit.
 */
const LISTED_NAME = 80;
const LISTED_VALUE = 120;
/** An embed holds 25 fields. */
const FIELDS_AT_MOST = 25;

function listedField(story: StoryMeta, found?: { count: number; total: EndingTotal | null }): APIEmbedField {
	// The author and the endings found always show; the description gives up what room they take.
	const byline = clip(
		listWords.byline(
			[story.author ? listWords.by(story.author) : '', found ? endingsFound(found) : ''].filter(Boolean),
		),
		LISTED_VALUE / 2,
	);
	const room = LISTED_VALUE - (byline ? byline.length + 1 : 0);
	return {
		name: clip(listWords.name(story.title, story.id), LISTED_NAME),
		value: [clip(story.description || listWords.noDescription, room), byline].filter(Boolean).join('\n'),
	};
}

/**
 * The dreams a server can play, one field each (title and id, then description and author): the built-in ones, then
 * the server's own, in an embed of their own.
 */
export function renderStoryList(
	builtIn: readonly StoryMeta[],
	own: readonly StoryMeta[],
	found: Readonly<Record<string, { count: number; total: EndingTotal | null }>> = {},
): APIEmbed[] {
	const field = (story: StoryMeta) => listedField(story, found[story.id]);
	const playable = builtIn.length + own.length;
	const first: APIEmbed = {
		color: REVERIE_COLOR,
		title: listWords.title,
		description: playable === 0 ? listWords.none : listWords.howTo,
		fields: builtIn.slice(0, FIELDS_AT_MOST).map(field),
	};
	if (own.length === 0) return [first];
	return [
		first,
		{
			color: REVERIE_COLOR,
			title: listWords.own(own.length),
			fields: own.slice(0, FIELDS_AT_MOST).map(field),
		},
	];
}

export function renderStatus(status: StatusView): APIEmbed {
	const fields: APIEmbedField[] = [
		{ name: statusWords.state, value: statusWords.phase[status.phase], inline: true },
		{
			name: statusWords.scene,
			value: clip(status.scene ?? statusWords.noScene, DISCORD_LIMITS.fieldValue),
			inline: true,
		},
		{ name: statusWords.beatsTold, value: String(status.beatsTold), inline: true },
		{ name: statusWords.dreamers, value: String(status.dreamers), inline: true },
		{ name: statusWords.endingsFound, value: endingsCount(status.found), inline: true },
		{
			name: statusWords.started,
			value: statusWords.startedBy(status.startedBy, relativeTime(status.startedAt)),
			inline: true,
		},
	];
	const embed: APIEmbed = {
		color: status.story?.color ?? REVERIE_COLOR,
		title: clip(status.story?.title ?? status.storyId, DISCORD_LIMITS.title),
		fields,
	};
	const vote = status.vote;
	if (vote && vote.state !== 'closed') {
		const tallies = vote.choices.map((c) => statusWords.tally(c.index + 1, c.text, c.votes)).join('\n');
		const closes = vote.deadline === null ? null : relativeTime(vote.deadline);
		fields.push({ name: statusWords.vote(vote.round, closes), value: clip(tallies, DISCORD_LIMITS.fieldValue) });
	}
	if (status.stopReason && status.phase !== 'narrating' && status.phase !== 'voting')
		fields.push({ name: statusWords.note, value: clip(stopReasonText(status.stopReason), DISCORD_LIMITS.fieldValue) });
	if (status.phase === 'stuck') embed.footer = { text: statusWords.stuck };
	return embed;
}

export function renderSettings(settings: GuildSettings): APIEmbed {
	return {
		color: REVERIE_COLOR,
		title: settingsWords.title,
		fields: [
			{ name: settingsWords.voteWindow, value: settingsWords.seconds(settings.voteSeconds), inline: true },
			{ name: settingsWords.pace, value: settingsWords.paceName[settings.pace], inline: true },
			{
				name: settingsWords.moderatorRole,
				value: settings.moderatorRoleId ? `<@&${settings.moderatorRoleId}>` : settingsWords.noModeratorRole,
				inline: true,
			},
		],
	};
}
