import {
	type APIActionRowComponent,
	type APIButtonComponentWithCustomId,
	type APIEmbed,
	type APIEmbedField,
	ButtonStyle,
	ComponentType,
} from 'discord.js';
import type { StoryMeta } from '../engine/index.js';
import type { StatusView } from '../sessions/outcomes.js';
import type { BeatView, EndingView, NoticeView, VoteView } from '../sessions/ports.js';
import type { ClosedBy, GuildSettings } from '../store/records.js';
import { encodeButtonId } from './custom-id.js';
import { noticeText, stopReasonText } from './words/index.js';

// Messages are written as Discord's own JSON, not with discord.js's builders: every one is built within Discord's
// limits here (clipped to DISCORD_LIMITS, at most five rows of five buttons), which the tests check against the local
// Discord's own strict limits. The builders check everything again on every render, and under a burst of clicks in a
// thousand channels those checks (and the garbage they leave) cost more than the rest of a tally edit.

/** A message as Reverie sends it: embeds and, on a vote, rows of buttons; on a recap, the map as a file. */
export interface MessageBody {
	embeds: APIEmbed[];
	components?: APIActionRowComponent<APIButtonComponentWithCustomId>[];
	files?: { attachment: Buffer; name: string }[];
}

/** The map of the night's file name, which the recap's embed shows as its image. */
export const MAP_FILE = 'night-map.png';

/** Said in a recap whose map could not be attached. */
export const NO_MAP_HERE = 'Reverie may not attach files in this channel, so the map of the night is not shown.';

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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function renderBeat({ story, beat }: BeatView): MessageBody {
	const embed: APIEmbed = { color: story.color };
	if (beat.scene) embed.title = clip(beat.scene, DISCORD_LIMITS.title);
	embed.description = clip(beat.text, DISCORD_LIMITS.description);
	return { embeds: [embed] };
}

const CLOSED_BY: Record<ClosedBy, string> = {
	deadline: 'the time ran out',
	everyone: 'everyone had voted',
	skip: 'a moderator closed it',
};

export function renderVote(vote: VoteView): MessageBody {
	const closed = vote.state === 'closed';
	const lines = vote.choices.map((c) => {
		const mark = closed && c.index === vote.winner ? '✅ ' : '';
		return `${mark}**${c.index + 1}. ${c.text}** — ${plural(c.votes, 'vote')}`;
	});
	let footer: string;
	if (closed && vote.winner === null) footer = 'This vote was called off.';
	else if (closed)
		footer = `Closed: ${CLOSED_BY[vote.closedBy ?? 'deadline']}. ${plural(vote.ballots, 'dreamer')} voted.`;
	else if (vote.state === 'waiting') footer = 'No one has chosen yet. The dream waits for the first vote.';
	else footer = `Closes ${relativeTime(vote.deadline ?? 0)} · ${plural(vote.ballots, 'dreamer')} voted so far.`;
	const embed: APIEmbed = {
		color: vote.story.color,
		title: closed ? 'The dream chose' : 'What happens next? Vote below.',
		description: clip(`${lines.join('\n')}\n\n${footer}`, DISCORD_LIMITS.description),
	};
	const buttons = vote.choices.slice(0, DISCORD_LIMITS.buttonsPerRow * DISCORD_LIMITS.rows).map(
		(c): APIButtonComponentWithCustomId => ({
			type: ComponentType.Button,
			custom_id: encodeButtonId({
				kind: 'vote',
				channelId: vote.channelId,
				sessionId: vote.sessionId,
				round: vote.round,
				choice: c.index,
			}),
			label: clip(`${c.index + 1}. ${c.text}`, DISCORD_LIMITS.label),
			style: closed ? (c.index === vote.winner ? ButtonStyle.Success : ButtonStyle.Secondary) : ButtonStyle.Primary,
			disabled: closed,
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
export function renderEnding(ending: EndingView, options: { attach: boolean } = { attach: true }): MessageBody {
	const steps = ending.history.map(
		(h) =>
			`${h.round}. ${h.choice} — ${h.votes} of ${plural(h.ballots, 'vote')}${h.closedBy === 'skip' ? ' (skipped)' : ''}`,
	);
	const summary = `${plural(ending.dreamers, 'dreamer')} took part · ${plural(ending.beatsTold, 'beat')} told`;
	const found = foundText(ending.found);
	const news = ending.ending
		? ending.found.newEnding
			? `**A new ending for this server.** ${found}`
			: `This server had reached this ending before. ${found}`
		: found;
	const noMap = ending.map && !options.attach ? `\n${NO_MAP_HERE}` : '';
	const tail = `\n\n${news}\n${summary}\nDream again with \`/dream start\`.${noMap}`;
	let path = steps.length > 0 ? `**The path you took together**\n${steps.join('\n')}` : 'No votes were needed.';
	if (path.length + tail.length > DISCORD_LIMITS.description)
		path = clip(path, DISCORD_LIMITS.description - tail.length);
	const embed: APIEmbed = {
		color: ending.story.color,
		title: clip(ending.ending ? `The end: ${ending.ending}` : 'The end', DISCORD_LIMITS.title),
		author: { name: clip(ending.story.title, DISCORD_LIMITS.title) },
		description: path + tail,
	};
	if (!ending.map || !options.attach) return { embeds: [embed] };
	embed.image = { url: `attachment://${MAP_FILE}` };
	return { embeds: [embed], files: [{ attachment: ending.map, name: MAP_FILE }] };
}

/** "3 of 5 endings found", or "3 endings found" while the dream's count is not known. */
export function foundText(found: { count: number; total: number | null }): string {
	const endings =
		found.total === null ? plural(found.count, 'ending') : `${found.count} of ${plural(found.total, 'ending')}`;
	return `${endings} found.`;
}

export function renderNotice(view: NoticeView): MessageBody {
	const embed: APIEmbed = { color: view.story?.color ?? REVERIE_COLOR };
	if (view.story) embed.author = { name: clip(view.story.title, DISCORD_LIMITS.title) };
	embed.description = clip(noticeText(view), DISCORD_LIMITS.description);
	return { embeds: [embed] };
}

export function renderStart(story: StoryMeta, userId: string): MessageBody {
	const embed: APIEmbed = {
		color: story.color,
		title: clip(story.title, DISCORD_LIMITS.title),
		description: clip(
			`${story.description}\n\n<@${userId}> began this dream. It comes one beat at a time; when it branches, everyone here votes on what happens next.`,
			DISCORD_LIMITS.description,
		),
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

function listedField(story: StoryMeta, found?: { count: number; total: number | null }): APIEmbedField {
	// The author and the endings found always show; the description gives up what room they take.
	const byline = clip(
		[story.author ? `by ${story.author}` : '', found ? foundText(found) : ''].filter(Boolean).join(' · '),
		LISTED_VALUE / 2,
	);
	const room = LISTED_VALUE - (byline ? byline.length + 1 : 0);
	return {
		name: clip(`${story.title} (${story.id})`, LISTED_NAME),
		value: [clip(story.description || 'No description.', room), byline].filter(Boolean).join('\n'),
	};
}

/**
 * The dreams a server can play, one field each (title and id, then description and author): the built-in ones, then
 * the server's own, in an embed of their own.
 */
export function renderDreamList(
	builtIn: readonly StoryMeta[],
	own: readonly StoryMeta[],
	found: Readonly<Record<string, { count: number; total: number | null }>> = {},
): APIEmbed[] {
	const field = (story: StoryMeta) => listedField(story, found[story.id]);
	const playable = builtIn.length + own.length;
	const first: APIEmbed = {
		color: REVERIE_COLOR,
		title: 'Dreams to play here',
		description:
			playable === 0
				? 'There are no dreams to play yet.'
				: '`/dream start story:<id>` begins one in this channel. Moderators add more with `/dream add`.',
		fields: builtIn.slice(0, FIELDS_AT_MOST).map(field),
	};
	if (own.length === 0) return [first];
	return [
		first,
		{
			color: REVERIE_COLOR,
			title: `This server's own dreams (${own.length})`,
			fields: own.slice(0, FIELDS_AT_MOST).map(field),
		},
	];
}

const PHASE_TEXT: Record<StatusView['phase'], string> = {
	narrating: 'Being told',
	voting: 'Waiting on a vote',
	closing: 'Counting a vote',
	stuck: 'Stopped: it cannot go on',
	ended: 'Ended',
};

export function renderStatus(status: StatusView): APIEmbed {
	const fields: APIEmbedField[] = [
		{ name: 'State', value: PHASE_TEXT[status.phase], inline: true },
		{ name: 'Scene', value: clip(status.scene ?? '—', DISCORD_LIMITS.fieldValue), inline: true },
		{ name: 'Beats told', value: String(status.beatsTold), inline: true },
		{ name: 'Dreamers', value: String(status.dreamers), inline: true },
		{ name: 'Endings found here', value: foundText(status.found).replace(/ found\.$/, ''), inline: true },
		{ name: 'Started', value: `by <@${status.startedBy}> ${relativeTime(status.startedAt)}`, inline: true },
	];
	const embed: APIEmbed = {
		color: status.story?.color ?? REVERIE_COLOR,
		title: clip(status.story?.title ?? status.storyId, DISCORD_LIMITS.title),
		fields,
	};
	const vote = status.vote;
	if (vote && vote.state !== 'closed') {
		const tallies = vote.choices.map((c) => `${c.index + 1}. ${c.text} — ${plural(c.votes, 'vote')}`).join('\n');
		const when = vote.deadline === null ? 'waiting for the first vote' : `closes ${relativeTime(vote.deadline)}`;
		fields.push({ name: `Vote ${vote.round} (${when})`, value: clip(tallies, DISCORD_LIMITS.fieldValue) });
	}
	if (status.stopReason && status.phase !== 'narrating' && status.phase !== 'voting')
		fields.push({ name: 'Note', value: clip(stopReasonText(status.stopReason), DISCORD_LIMITS.fieldValue) });
	if (status.phase === 'stuck') embed.footer = { text: 'A moderator can /dream reset it.' };
	return embed;
}

export function renderSettings(settings: GuildSettings): APIEmbed {
	return {
		color: REVERIE_COLOR,
		title: "This server's dream settings",
		fields: [
			{ name: 'Vote window', value: plural(settings.voteSeconds, 'second'), inline: true },
			{ name: 'Pace', value: settings.pace, inline: true },
			{
				name: 'Moderator role',
				value: settings.moderatorRoleId ? `<@&${settings.moderatorRoleId}>` : 'none (Manage Messages or Manage Server)',
				inline: true,
			},
		],
	};
}
