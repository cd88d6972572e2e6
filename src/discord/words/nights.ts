/** Story nights: `/dream schedule`, the server's events for them, and their announcements. */

import type { WhenProblem } from '../../sessions/schedule-time.js';
import type { NightView } from '../../sessions/sessions.js';
import { plural } from './forms.js';

const when = (at: number) => `<t:${Math.floor(at / 1000)}:F> (<t:${Math.floor(at / 1000)}:R>)`;

export const nightWords = {
	eventName: (title: string) => `Story night: ${title}`,
	eventDescription: (description: string, weekly: boolean, thread: boolean) =>
		[
			description,
			`Reverie tells the dream${thread ? ' in a thread of its own' : ''}, one beat at a time, and everyone there votes on what happens next.${weekly ? ' Every week.' : ''}`,
		]
			.filter(Boolean)
			.join('\n\n'),
	somewhere: 'a channel of this server',
	begins: (title: string) => `Story night: ${title}`,
	plannedBy: (userId: string) =>
		`Planned by <@${userId}>. It comes one beat at a time; when it branches, everyone here votes.`,
	interested: (userIds: readonly string[]) =>
		userIds.length === 0
			? 'Nobody said they would come; everyone here is welcome.'
			: `Said they would come: ${userIds.map((id) => `<@${id}>`).join(' ')}`,
	/** The answer to `/dream schedule plan`. */
	planned: (night: NightView) =>
		`Planned: **${night.story?.title ?? night.storyId}** in <#${night.channelId}> ${when(night.at)}, ${night.local} (${night.zone})${night.weekly ? ', every week' : ''}${night.thread ? ', in a thread of its own' : ''}. ${night.eventId ? 'Members can say they are interested in its event in the server’s Events.' : ''}`.trim(),
	/** One night in `/dream schedule list`. */
	listed: (night: NightView) =>
		`\`${night.id}\` **${night.story?.title ?? night.storyId}** in <#${night.channelId}> ${when(night.at)} · ${night.local} ${night.zone}${night.weekly ? ' · weekly' : ''}${night.thread ? ' · in a thread' : ''}`,
	listTitle: 'Story nights planned',
	none: 'No story nights are planned. Moderators plan one with `/dream schedule plan`.',
	cancelled: (night: NightView) =>
		`Cancelled: **${night.story?.title ?? night.storyId}** ${when(night.at)}${night.weekly ? ' and the weeks after it' : ''}. Its event is cancelled.`,
	noSuchNight: (id: string) => `No story night \`${id}\` is planned. \`/dream schedule list\` shows them.`,
	full: (max: number) => `This server has ${plural(max, 'story night')} planned, the most it can. Cancel one first.`,
	noEvent: (detail: string) =>
		`I could not create the server's event for it (${detail}). I need the **Manage Events** permission. Nothing was planned.`,
	missingPermissions: (names: readonly string[]) =>
		`I can't plan story nights here: I'm missing the **${names.join('**, **')}** permission${names.length > 1 ? 's' : ''}. Nothing was planned.`,
	badTime: (problem: WhenProblem, zone: string): string => {
		switch (problem.kind) {
			case 'unreadable':
				return `I could not read that time. Try \`2026-12-12 20:00\`, \`friday 8pm\`, \`tomorrow 20:00\` or \`in 2 hours\` (times are in ${zone}; \`/dream settings time-zone\` changes it).`;
			case 'in-the-past':
				return `That time, <t:${Math.floor(problem.at / 1000)}:F>, has already passed.`;
			case 'too-soon':
				return 'That is less than a minute from now: plan it a little later, or `/dream start` it now.';
			case 'too-far':
				return 'That is more than a year away. Plan it closer to the day.';
			case 'no-such-time':
				return `${problem.local} does not exist in ${zone}: the clocks skip that hour that day. Pick another time.`;
			case 'unknown-zone':
				return `The server's time zone, ${problem.zone}, is not one I know. A moderator can set it with \`/dream settings time-zone\`.`;
		}
	},
};
