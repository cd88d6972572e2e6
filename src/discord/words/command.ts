/**
 * What the `/dream` command says of itself where members type it: the descriptions of the command, its subcommands and
 * their options (the names are the command's own, not words). Discord shows them as they are registered.
 */
export const dreamCommandWords = {
	description: 'Dream together in this channel',
	start: {
		description: 'Begin a dream in this channel',
		story: 'Which dream (the first one if you leave it out)',
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
	},
};
