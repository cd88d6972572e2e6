import type { APIEmbed, APIEmbedField, APIMessageTopLevelComponent, MessageFlags } from 'discord.js';
import type { StoryMeta } from '../engine/index.js';
import type { EndingTotal, NoticeView } from '../sessions/ports.js';
import type { GuildSettings } from '../store/records.js';
import { endingsFound, listWords, noticeText, settingsWords } from './words/index.js';

// Every word of these messages comes from the catalogue (words/): this module lays the words out in Discord's shapes.
//
// Messages are written as Discord's own JSON, not with discord.js's builders: every one is built within Discord's
// limits here (clipped to DISCORD_LIMITS, at most five rows of five buttons), which the tests check against the local
// Discord's own strict limits. The builders check everything again on every render, and under a burst of clicks in a
// thousand channels those checks (and the garbage they leave) cost more than the rest of a tally edit.

/**
 * A message as Reverie sends it: embeds; or, for a beat, a vote and the recap, Discord's newer layout
 * (`scene-layout.ts`, `vote-layout.ts`, `recap-layout.ts`): its components alone, with the flag that says so, and on a
 * recap the map of the night as a file.
 */
export type MessageBody = EmbedMessage | LayoutMessage;

/** A message of embeds. */
export interface EmbedMessage {
	embeds: APIEmbed[];
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

/** The map of the night's file name, which the recap's gallery shows. */
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
export const REVERIE_COLOR = 0x5865f2;

export function clip(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A Discord timestamp that every member's client shows in their own words: "in 45 seconds". */
export const relativeTime = (ms: number) => `<t:${Math.ceil(ms / 1000)}:R>`;

export function renderNotice(view: NoticeView): EmbedMessage {
	const embed: APIEmbed = { color: view.story?.color ?? REVERIE_COLOR };
	if (view.story) embed.author = { name: clip(view.story.title, DISCORD_LIMITS.title) };
	embed.description = clip(noticeText(view), DISCORD_LIMITS.description);
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
			{ name: settingsWords.voteMode, value: settingsWords.modeHelp[settings.voteMode] },
			{ name: settingsWords.quickClose, value: settingsWords.onOff(settings.quickClose), inline: true },
			{ name: settingsWords.threads, value: settingsWords.onOff(settings.threads), inline: true },
			{ name: settingsWords.timeZone, value: settings.timeZone, inline: true },
		],
	};
}
