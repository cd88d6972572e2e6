import { disableValidators } from '@discordjs/builders';
import {
	ActionRowBuilder,
	type APIEmbed,
	type BaseMessageOptions,
	ButtonBuilder,
	ButtonStyle,
	EmbedBuilder,
} from 'discord.js';
import type { StoryMeta } from '../engine/index.js';
import type { StatusView } from '../sessions/dreams.js';
import type { BeatView, EndingView, NoticeView, VoteView } from '../sessions/ports.js';
import type { ClosedBy, GuildSettings } from '../store/records.js';
import { encodeButtonId } from './custom-id.js';

// Every message is built within Discord's limits here (clipped to DISCORD_LIMITS, at most five rows of five buttons),
// which the tests check against the local Discord's own strict limits. The builders' checks, run again on every
// render, cost more than the render itself: under a burst of clicks in a thousand channels, each channel's tally
// edit was slowed by them more than by anything else Reverie did.
disableValidators();

/** Discord's limits on what a message may hold (the API refuses more). */
export const DISCORD_LIMITS = { title: 256, description: 4096, label: 80, buttonsPerRow: 5, rows: 5 } as const;

/** The colour of Reverie's own messages that belong to no dream. */
const REVERIE_COLOR = 0x5865f2;

export function clip(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A Discord timestamp that every member's client shows in their own words: "in 45 seconds". */
export const relativeTime = (ms: number) => `<t:${Math.ceil(ms / 1000)}:R>`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function renderBeat({ story, beat }: BeatView): BaseMessageOptions {
	const embed = new EmbedBuilder().setColor(story.color).setDescription(clip(beat.text, DISCORD_LIMITS.description));
	if (beat.scene) embed.setTitle(clip(beat.scene, DISCORD_LIMITS.title));
	return { embeds: [embed] };
}

const CLOSED_BY: Record<ClosedBy, string> = {
	deadline: 'the time ran out',
	everyone: 'everyone had voted',
	skip: 'a moderator closed it',
};

export function renderVote(vote: VoteView): BaseMessageOptions {
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
	const embed = new EmbedBuilder()
		.setColor(vote.story.color)
		.setTitle(closed ? 'The dream chose' : 'What happens next? Vote below.')
		.setDescription(clip(`${lines.join('\n')}\n\n${footer}`, DISCORD_LIMITS.description));
	const buttons = vote.choices.slice(0, DISCORD_LIMITS.buttonsPerRow * DISCORD_LIMITS.rows).map((c) =>
		new ButtonBuilder()
			.setCustomId(
				encodeButtonId({
					kind: 'vote',
					channelId: vote.channelId,
					sessionId: vote.sessionId,
					round: vote.round,
					choice: c.index,
				}),
			)
			.setLabel(clip(`${c.index + 1}. ${c.text}`, DISCORD_LIMITS.label))
			.setStyle(closed ? (c.index === vote.winner ? ButtonStyle.Success : ButtonStyle.Secondary) : ButtonStyle.Primary)
			.setDisabled(closed),
	);
	const rows: ActionRowBuilder<ButtonBuilder>[] = [];
	for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow)
		rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow)));
	return { embeds: [embed], components: rows };
}

export function renderEnding(ending: EndingView): BaseMessageOptions {
	const steps = ending.history.map(
		(h) =>
			`${h.round}. ${h.choice} — ${h.votes} of ${plural(h.ballots, 'vote')}${h.closedBy === 'skip' ? ' (skipped)' : ''}`,
	);
	const summary = `${plural(ending.dreamers, 'dreamer')} took part · ${plural(ending.beatsTold, 'beat')} told`;
	const tail = `\n\n${summary}\nDream again with \`/dream start\`.`;
	let path = steps.length > 0 ? `**The path you took together**\n${steps.join('\n')}` : 'No votes were needed.';
	if (path.length + tail.length > DISCORD_LIMITS.description)
		path = clip(path, DISCORD_LIMITS.description - tail.length);
	const embed = new EmbedBuilder()
		.setColor(ending.story.color)
		.setTitle(clip(ending.ending ? `The end: ${ending.ending}` : 'The end', DISCORD_LIMITS.title))
		.setAuthor({ name: clip(ending.story.title, DISCORD_LIMITS.title) })
		.setDescription(path + tail);
	return { embeds: [embed] };
}

export function renderNotice(notice: NoticeView): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(notice.story?.color ?? REVERIE_COLOR)
		.setDescription(clip(notice.text, DISCORD_LIMITS.description));
	if (notice.story) embed.setAuthor({ name: clip(notice.story.title, DISCORD_LIMITS.title) });
	return { embeds: [embed] };
}

export function renderStart(story: StoryMeta, userId: string): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(story.color)
		.setTitle(clip(story.title, DISCORD_LIMITS.title))
		.setDescription(
			clip(
				`${story.description}\n\n<@${userId}> began this dream. It comes one beat at a time; when it branches, everyone here votes on what happens next.`,
				DISCORD_LIMITS.description,
			),
		);
	return { embeds: [embed] };
}

const PHASE_TEXT: Record<StatusView['phase'], string> = {
	narrating: 'Being told',
	voting: 'Waiting on a vote',
	closing: 'Counting a vote',
	stuck: 'Stopped: it cannot go on',
	ended: 'Ended',
};

export function renderStatus(status: StatusView): APIEmbed {
	const embed = new EmbedBuilder()
		.setColor(status.story?.color ?? REVERIE_COLOR)
		.setTitle(clip(status.story?.title ?? status.storyId, DISCORD_LIMITS.title))
		.addFields(
			{ name: 'State', value: PHASE_TEXT[status.phase], inline: true },
			{ name: 'Scene', value: status.scene ?? '—', inline: true },
			{ name: 'Beats told', value: String(status.beatsTold), inline: true },
			{ name: 'Dreamers', value: String(status.dreamers), inline: true },
			{ name: 'Started', value: `by <@${status.startedBy}> ${relativeTime(status.startedAt)}`, inline: true },
		);
	const vote = status.vote;
	if (vote && vote.state !== 'closed') {
		const tallies = vote.choices.map((c) => `${c.index + 1}. ${c.text} — ${plural(c.votes, 'vote')}`).join('\n');
		const when = vote.deadline === null ? 'waiting for the first vote' : `closes ${relativeTime(vote.deadline)}`;
		embed.addFields({ name: `Vote ${vote.round} (${when})`, value: clip(tallies, 1024) });
	}
	if (status.note && status.phase !== 'narrating' && status.phase !== 'voting')
		embed.addFields({ name: 'Note', value: clip(status.note, 1024) });
	if (status.phase === 'stuck') embed.setFooter({ text: 'A moderator can /dream reset it.' });
	return embed.toJSON();
}

export function renderSettings(settings: GuildSettings): APIEmbed {
	return new EmbedBuilder()
		.setColor(REVERIE_COLOR)
		.setTitle("This server's dream settings")
		.addFields(
			{ name: 'Vote window', value: plural(settings.voteSeconds, 'second'), inline: true },
			{ name: 'Pace', value: settings.pace, inline: true },
			{
				name: 'Moderator role',
				value: settings.moderatorRoleId ? `<@&${settings.moderatorRoleId}>` : 'none (Manage Messages or Manage Server)',
				inline: true,
			},
		)
		.toJSON();
}
