/**
 * The words members see, all of them: every sentence Reverie posts in a channel or answers a member with, and what its
 * slash command says of itself, as functions of the values they speak of. The adapter (render.ts, router.ts) and the
 * commands compose their messages from these and write none of their own, so another language is another catalogue
 * with these same exports, not a hunt through the code.
 *
 * - channel.ts: what everyone in a channel sees besides the story: a dream's start, its votes, its recap
 * - answers.ts: what a member is answered privately, to a command or a click
 * - library.ts: what a moderator is answered on adding or removing a server's dream
 * - command.ts: what the `/dream` command says of itself where members type it
 * - notices.ts: why a dream stopped, why a story could not begin, Reverie's notices to a channel
 * - catch-up.ts: the story so far, for a member who joins late
 * - nights.ts: story nights planned ahead, their events and announcements
 * - forms.ts: what several say alike (a count and its noun, the endings found)
 */
export {
	ballotWords,
	generalWords,
	listWords,
	mapWords,
	resetWords,
	settingsWords,
	skipWords,
	startAnswers,
	statusWords,
} from './answers.js';
export { catchUpWords } from './catch-up.js';
export { beatWords, goOnWords, recapWords, startWords, voteWords } from './channel.js';
export { dreamCommandWords } from './command.js';
export { endingsCount, endingsFound, plural } from './forms.js';
export { addedText, downloadFailedText, removedText } from './library.js';
export { nightWords } from './nights.js';
export { noticeText, stopReasonText } from './notices.js';
