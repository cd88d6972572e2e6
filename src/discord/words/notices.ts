/** Why a dream stopped, why a story could not run, what Reverie tells a channel outside the story. */
import type { NoticeView } from '../../sessions/ports.js';
import type { StopReason } from '../../store/records.js';

/**
 * Why a dream is stuck or ended, as `/dream status` shows it; also why a story could not begin (the engine's
 * `RunFailure`s are stop reasons of the same kinds).
 */
export function stopReasonText(reason: StopReason): string {
	switch (reason.kind) {
		case 'ending':
			return reason.ending ? `ended: ${reason.ending}` : 'ended';
		case 'channel-gone':
			return `the channel or its messages are gone (${reason.detail})`;
		case 'vote-deleted':
			return 'the channel or its messages are gone (the vote message was deleted)';
		case 'story-removed':
			return `a moderator removed the dream "${reason.storyId}" from this server`;
		case 'story-gone':
			return `the dream "${reason.storyId}" is no longer one this server has`;
		case 'story-changed':
			return `the dream changed and cannot resume here (${reason.detail})`;
		case 'bad-save':
			return `the saved place could not be read (${reason.detail})`;
		case 'invalid-choice':
			return `choice ${reason.index} is not open (${reason.available} are)`;
		case 'story-error':
			return `the dream broke off (${reason.detail})`;
		case 'other':
			return reason.text;
	}
}

/** The words of a notice from Reverie itself. */
export function noticeText({ notice, story, storyId }: NoticeView): string {
	switch (notice.kind) {
		case 'reset':
			return `<@${notice.userId}> reset this channel's dream. \`/dream start\` begins a new one.`;
		case 'story-changed': {
			const name = `“${story?.title ?? storyId}”`;
			return `The dream ${name} changed since this channel began it, and cannot go on from here. A moderator can \`/dream reset\` it, then \`/dream start\` begins it again.`;
		}
		case 'story-broke': {
			const name = `“${story?.title ?? storyId}”`;
			return `The dream ${name} broke off and cannot go on: ${notice.detail}. A moderator can \`/dream reset\` it; whoever wrote it can fix the story and add it again.`;
		}
		case 'story-removed': {
			const name = `“${story?.title ?? storyId}”`;
			return `<@${notice.userId}> removed the dream ${name} from this server, so this channel's dream ends here. \`/dream start\` begins another.`;
		}
		case 'unreadable':
			return "This channel's dream could not be read back and has been reset. `/dream start` begins a new one.";
		case 'night-failed':
			return `A story night planned here could not begin: ${NIGHT_FAILED[notice.why]}.`;
		case 'thread-ended': {
			const name = `“${story?.title ?? storyId}”`;
			return `The dream ${name} in <#${notice.threadId}> ended: ${stopReasonText(notice.reason)}. \`/dream start\` begins another.`;
		}
	}
}

/** Why a story night could not begin at its time. */
const NIGHT_FAILED: Record<Extract<NoticeView['notice'], { kind: 'night-failed' }>['why'], string> = {
	'story-gone': 'its dream is no longer one this server has',
	running: 'a dream was already running here (a moderator can `/dream reset` it, or plan nights in threads)',
	'no-thread': 'I could not open a thread for it (I need **Create Public Threads** and **Send Messages in Threads**)',
	'no-start': 'its dream could not begin',
};
