/**
 * Every button Reverie posts names what it is in its `custom_id`, parsed here and nowhere else. The kinds are a
 * closed set; anything else (an older format, another bot's button) parses to `null`. Buttons stay meaningful
 * across restarts because the id carries all the router needs: no collectors, no state in memory.
 *
 *   rv1:vote:<channelId>:<sessionId>:<round>:<choice>     a ballot
 *   rv1:reset:<channelId>:<sessionId>:yes|no              the answer to "reset this channel's dream?"
 *   rv1:recap:<channelId>:<sessionId>                      "Story so far": the dream until now, privately
 */
export type ButtonId =
	| { kind: 'vote'; channelId: string; sessionId: string; round: number; choice: number }
	| { kind: 'recap'; channelId: string; sessionId: string }
	| { kind: 'reset'; channelId: string; sessionId: string; confirm: boolean };

const PREFIX = 'rv1';
const ID = /^\d{1,21}$/;
const SESSION = /^[A-Za-z0-9_-]{1,16}$/;
const SMALL_INT = /^\d{1,4}$/;

export function encodeButtonId(id: ButtonId): string {
	switch (id.kind) {
		case 'vote':
			return [PREFIX, 'vote', id.channelId, id.sessionId, id.round, id.choice].join(':');
		case 'reset':
			return [PREFIX, 'reset', id.channelId, id.sessionId, id.confirm ? 'yes' : 'no'].join(':');
		case 'recap':
			return [PREFIX, 'recap', id.channelId, id.sessionId].join(':');
	}
}

export function parseButtonId(customId: string): ButtonId | null {
	const parts = customId.split(':');
	if (parts[0] !== PREFIX) return null;
	const [, kind, channelId = '', sessionId = '', a = '', b] = parts;
	if (!ID.test(channelId) || !SESSION.test(sessionId)) return null;
	if (kind === 'vote' && parts.length === 6 && SMALL_INT.test(a) && b !== undefined && SMALL_INT.test(b))
		return { kind, channelId, sessionId, round: Number(a), choice: Number(b) };
	if (kind === 'recap' && parts.length === 4) return { kind, channelId, sessionId };
	if (kind === 'reset' && parts.length === 5 && (a === 'yes' || a === 'no'))
		return { kind, channelId, sessionId, confirm: a === 'yes' };
	return null;
}
