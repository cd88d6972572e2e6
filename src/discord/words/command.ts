/**
 * What the `/dream` command says of itself where members type it: the descriptions of the command, its subcommands and
 * their options (the names are the command's own, not words). Discord shows them as they are registered.
 */
export const dreamCommandWords = {
	description: 'Dream together in this channel',
	start: {
		description: 'Begin a dream in this channel',
		story: 'Which dream (the first one if you leave it out)',
		thread: 'Tell it in a thread of its own (the server’s setting if you leave it out)',
		mode: 'How the group decides (the server’s setting if you leave it out)',
		narrator: 'Narrator mode: the member who decides (you, if you leave it out)',
		quickClose: 'Close each vote as soon as the result is certain',
	},
	recap: { description: "The story so far in this channel's dream, just for you" },
	schedule: {
		description: 'Story nights planned ahead, with a server event',
		plan: 'Moderators: plan a story night in this channel, with a server event members can join',
		when: 'When: 2026-12-12 20:00, friday 8pm, tomorrow 20:00, in 2 hours (the server’s time zone)',
		repeat: 'Once, or every week',
		once: 'once',
		weekly: 'every week',
		list: 'The story nights planned in this server',
		cancel: 'Moderators: cancel a story night (a weekly one with the weeks after it)',
		night: 'Which night',
	},
	status: { description: "Where this channel's dream is" },
	list: { description: 'The dreams this server can play' },
	map: { description: "The map of this channel's dream so far, just for you" },
	add: {
		description: "Moderators: add an ink story (.ink, or a .zip of its files) to this server's dreams",
		file: 'The story’s .ink file (at most 256 KB), or a .zip of its project (at most 8 MB)',
	},
	remove: {
		description: "Moderators: remove one of this server's own dreams",
		story: 'Which dream',
	},
	reset: { description: "Moderators: end and clear this channel's dream" },
	skip: { description: 'Moderators: close the open vote now, or go on to the next beat' },
	settings: {
		description: "Moderators: this server's dream settings (shows them without options)",
		voteSeconds: 'How long a vote stays open',
		pace: 'How quickly the beats follow each other',
		moderatorRole: 'Members with this role may reset, skip and change settings',
		clearModeratorRole: 'Stop giving a role moderator rights',
		voteMode: 'How a dream’s group decides, unless its start says otherwise',
		quickClose: 'Close votes as soon as the result is certain',
		threads: 'Start each dream in a thread of its own, unless its start says otherwise',
		timeZone: 'The time zone story nights are planned in, e.g. Europe/Paris',
	},
};
