/** The sizes of a beat: how much of a paragraph is told as one message. */
export const BEAT_LIMITS = {
	/** A paragraph longer than this is told as several beats, split where sentences end. */
	maxBeatChars: 1500,
	/**
	 * The longest sentence a beat can hold: the 4,096 characters of an embed's description, where Discord shows a
	 * beat (the adapter clips anything longer).
	 */
	maxSentenceChars: 4096,
} as const;

// A sentence ends at . ! ? or … (with any closing quotes or brackets after them) followed by white space.
const SENTENCE_END = /[.!?…]+["'”’»)\]]*\s+/g;

/** The sentences of a paragraph, each with its closing punctuation. */
export function sentencesOf(text: string): string[] {
	const sentences: string[] = [];
	let start = 0;
	for (const match of text.matchAll(SENTENCE_END)) {
		const end = match.index + match[0].length;
		sentences.push(text.slice(start, end).trim());
		start = end;
	}
	const rest = text.slice(start).trim();
	if (rest !== '') sentences.push(rest);
	return sentences.filter((sentence) => sentence !== '');
}

/**
 * A paragraph as the pieces it is told in: whole sentences gathered up to `max` characters a piece. A paragraph
 * within `max` is one piece, unchanged; a single sentence longer than `max` is a piece of its own.
 */
export function splitParagraph(text: string, max: number = BEAT_LIMITS.maxBeatChars): string[] {
	if (text.length <= max) return [text];
	const pieces: string[] = [];
	let piece = '';
	for (const sentence of sentencesOf(text)) {
		if (piece !== '' && piece.length + 1 + sentence.length > max) {
			pieces.push(piece);
			piece = '';
		}
		piece = piece === '' ? sentence : `${piece} ${sentence}`;
	}
	if (piece !== '') pieces.push(piece);
	return pieces;
}
