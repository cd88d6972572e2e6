/**
 * `/dream start`: a dream in this channel, or in a public thread opened for it (the `thread` option, or the server's
 * setting), with the vote mode the starter chose or the server's.
 */
import { ChannelType, type ChatInputCommandInteraction, ThreadAutoArchiveDuration } from 'discord.js';
import type { CommandContext } from '../src/discord/command.js';
import { missingOf, missingPermissions, NEEDED_FOR_THREADS } from '../src/discord/members.js';
import { answer, tell } from '../src/discord/reply.js';
import { renderStart } from '../src/discord/start-layout.js';
import { startAnswers } from '../src/discord/words/index.js';
import type { StartOutcome } from '../src/sessions/sessions.js';
import { threadName } from '../src/sessions/story-nights.js';
import { VOTE_MODES, type VotingRules } from '../src/store/records.js';

type Interaction = ChatInputCommandInteraction<'cached' | 'raw'>;

/** How the starter asked the group to decide; a string when the options do not fit together. */
function votingAsked(interaction: Interaction): Partial<VotingRules> | string {
	const mode = interaction.options.getString('mode');
	const narrator = interaction.options.getUser('narrator');
	const quickClose = interaction.options.getBoolean('quick-close');
	const voting: Partial<VotingRules> = {};
	if (mode !== null && (VOTE_MODES as readonly string[]).includes(mode)) voting.mode = mode as VotingRules['mode'];
	if (narrator) {
		if (voting.mode !== undefined && voting.mode !== 'narrator') return startAnswers.narratorWithoutMode;
		voting.mode = 'narrator';
		voting.narratorId = narrator.id;
	}
	if (quickClose !== null) voting.quickClose = quickClose;
	return voting;
}

function startAnswer(result: StartOutcome, userId: string) {
	switch (result.kind) {
		case 'started':
			return renderStart(result.story, userId);
		case 'already-running':
			return { content: result.phase === 'stuck' ? startAnswers.stuck : startAnswers.running(result.story) };
		case 'unknown-story':
			return { content: startAnswers.unknownStory(result.storyId, result.available) };
		case 'no-stories':
			return { content: startAnswers.noStories };
		case 'story-broken':
			return { content: startAnswers.broken(result.story.title, result.failure) };
	}
}

export async function start(interaction: Interaction, context: CommandContext) {
	const { sessions } = context;
	const voting = votingAsked(interaction);
	if (typeof voting === 'string') return tell(interaction, voting);
	const settings = await sessions.settings(interaction.guildId);
	// In a thread already, the dream is told there.
	const inThread = interaction.channel?.isThread() ?? false;
	if (!inThread && (interaction.options.getBoolean('thread') ?? settings.threads))
		return startInThread(interaction, context, voting, settings.timeZone);
	const missing = missingPermissions(interaction);
	if (missing.length > 0) return tell(interaction, startAnswers.missingPermissions(missing));
	const outcome = await answer(
		interaction,
		sessions.start({
			guildId: interaction.guildId,
			channelId: interaction.channelId,
			storyId: interaction.options.getString('story'),
			userId: interaction.user.id,
			deferTelling: true,
			voting,
		}),
		(result) => startAnswer(result, interaction.user.id),
		// Everyone sees a dream begin; only the member sees why it did not.
		{ ephemeral: (result) => result.kind !== 'started' },
	);
	if (outcome.kind === 'started') sessions.begin(interaction.channelId);
}

/**
 * Opens a public thread named after the dream and the day, starts the dream there and announces it in it; the channel
 * is told where it is. A dream that cannot begin leaves no thread behind.
 */
async function startInThread(
	interaction: Interaction,
	{ sessions, log }: CommandContext,
	voting: Partial<VotingRules>,
	zone: string,
) {
	const missing = missingOf(interaction, NEEDED_FOR_THREADS);
	if (missing.length > 0) return tell(interaction, startAnswers.missingThreadPermissions(missing));
	const channel = interaction.channel;
	if (channel?.type !== ChannelType.GuildText) return tell(interaction, startAnswers.threadFailed);
	const { builtIn, own } = await sessions.playable(interaction.guildId);
	const storyId = interaction.options.getString('story') ?? builtIn[0]?.id ?? '';
	const title = [...builtIn, ...own].find((s) => s.id === storyId)?.title ?? storyId;
	const work = async (): Promise<StartOutcome | { kind: 'no-thread' } | { kind: 'in-thread'; threadId: string }> => {
		let thread: Awaited<ReturnType<typeof channel.threads.create>>;
		try {
			thread = await channel.threads.create({
				name: threadName(title, Date.now(), zone),
				type: ChannelType.PublicThread,
				autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
			});
		} catch (error) {
			log.warn({ err: error, channelId: channel.id }, 'could not open a thread for a dream');
			return { kind: 'no-thread' };
		}
		const started = await sessions.start({
			guildId: interaction.guildId,
			channelId: thread.id,
			storyId,
			userId: interaction.user.id,
			deferTelling: true,
			voting,
			parentId: channel.id,
		});
		if (started.kind !== 'started') {
			await thread.delete().catch((error: unknown) => log.warn({ err: error }, 'could not delete an unused thread'));
			return started;
		}
		// The dream begins whether or not its announcement could be posted: it is started, and its beats will say so.
		await thread
			.send(renderStart(started.story, interaction.user.id))
			.catch((error: unknown) => log.warn({ err: error, threadId: thread.id }, 'could not announce a dream'));
		sessions.begin(thread.id);
		return { kind: 'in-thread', threadId: thread.id };
	};
	await answer(
		interaction,
		work,
		(result) => {
			if (result.kind === 'in-thread')
				return { content: startAnswers.inThread(interaction.user.id, title, result.threadId) };
			if (result.kind === 'no-thread') return { content: startAnswers.threadFailed };
			return startAnswer(result, interaction.user.id);
		},
		{ ephemeral: (result) => result.kind !== 'in-thread' },
	);
}
