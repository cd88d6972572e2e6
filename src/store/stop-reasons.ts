import { z } from 'zod';

/**
 * Why a channel's dream stopped (stuck or ended), as a value: the Discord adapter puts it into words
 * (src/discord/words.ts), so the record holds no sentence of any language.
 */
export const stopReasonSchema = z.discriminatedUnion('kind', [
	/** The story reached its end; `ending` is the name from its `# ending:` tag, when it has one. */
	z.object({ kind: z.literal('ending'), ending: z.string().nullable() }),
	/** The channel, or a message the dream needs, is gone or no longer visible; `detail` is what the chat said. */
	z.object({ kind: z.literal('channel-gone'), detail: z.string() }),
	/** Someone deleted the dream's vote message. */
	z.object({ kind: z.literal('vote-deleted') }),
	/** A moderator removed the server's dream `storyId` while this channel was in it. */
	z.object({ kind: z.literal('story-removed'), storyId: z.string() }),
	/** The server no longer has the dream `storyId` (removed, or gone from the built-in dreams). */
	z.object({ kind: z.literal('story-gone'), storyId: z.string() }),
	/** The run failures of the engine (`RunFailure`), with what it said of them. */
	z.object({ kind: z.literal('story-changed'), detail: z.string() }),
	z.object({ kind: z.literal('bad-save'), detail: z.string() }),
	z.object({ kind: z.literal('invalid-choice'), index: z.number().int(), available: z.number().int() }),
	z.object({ kind: z.literal('story-error'), detail: z.string() }),
	/** A note an older version wrote that is none of the above: kept as it was, so nothing is lost. */
	z.object({ kind: z.literal('other'), text: z.string() }),
]);

export type StopReason = z.infer<typeof stopReasonSchema>;

/** What the vote message's deletion was called when records kept sentences (see {@link stopReasonOfNote}). */
const VOTE_DELETED_DETAIL = 'the vote message was deleted';

/** The sentences records of version 1 kept as their `note`, each with the reason it stood for. */
const OLD_NOTES: [RegExp, (...parts: string[]) => StopReason][] = [
	[/^ended$/, () => ({ kind: 'ending', ending: null })],
	[/^ended: (.*)$/s, (ending = '') => ({ kind: 'ending', ending })],
	[
		/^the channel or its messages are gone \((.*)\)$/s,
		(detail = '') => (detail === VOTE_DELETED_DETAIL ? { kind: 'vote-deleted' } : { kind: 'channel-gone', detail }),
	],
	[/^a moderator removed the dream "(.*)" from this server$/s, (storyId = '') => ({ kind: 'story-removed', storyId })],
	[/^the dream "(.*)" is no longer one this server has$/s, (storyId = '') => ({ kind: 'story-gone', storyId })],
	[/^the dream changed and cannot resume here \((.*)\)$/s, (detail = '') => ({ kind: 'story-changed', detail })],
	[/^the saved place could not be read \((.*)\)$/s, (detail = '') => ({ kind: 'bad-save', detail })],
	[
		/^choice (\d+) is not open \((\d+) are\)$/,
		(index = '0', available = '0') => ({ kind: 'invalid-choice', index: Number(index), available: Number(available) }),
	],
	[/^the dream broke off \((.*)\)$/s, (detail = '') => ({ kind: 'story-error', detail })],
];

/**
 * The stop reason a version 1 record's English `note` stood for, recognised from the sentences that version wrote;
 * any other text is kept whole as `other`.
 */
export function stopReasonOfNote(note: string): StopReason {
	for (const [pattern, reason] of OLD_NOTES) {
		const match = pattern.exec(note);
		if (match) return reason(...match.slice(1));
	}
	return { kind: 'other', text: note };
}
