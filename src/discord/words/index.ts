/**
 * The words members see, all of them: every sentence Reverie posts in a channel or answers a member with, and what its
 * slash command says of itself, as functions of the values they speak of. The adapter (render.ts, router.ts) and the
 * commands compose their messages from these and write none of their own, so another language is another catalogue
 * with these same exports, not a hunt through the code.
 *
 * - notices.ts: why a dream stopped, why a story could not begin, Reverie's notices to a channel
 */
export { noticeText, stopReasonText } from './notices.js';
