import { defaultDeserialize, defaultSerialize } from '@keyv/serialize';

/**
 * Keyv's stored form, written and read with the engine's own JSON: Keyv's default serializer builds the text in
 * JavaScript a value at a time and revives every value it reads, which costs most of a write of a record. The form is
 * the same (a string that begins with ":" is stored with one more ":" in front), so records written by either read
 * back the same through the other.
 */
export function serialize(data: unknown): string {
	const text = asWritten(data) ?? JSON.stringify(data);
	return hasColonString(text) ? defaultSerialize(data as never) : text;
}

/** Reads what {@link serialize}, or Keyv's own serializer, wrote. */
export function deserialize<T>(text: string): T {
	return (hasColonString(text) ? defaultDeserialize(text) : JSON.parse(text)) as T;
}

/** Values whose JSON text is already known (see {@link writtenAs}). */
const knownText = new WeakMap<object, string>();

/**
 * Marks `value` as one whose JSON text is `text` (what `JSON.stringify(value)` gave), so that writing it does not
 * build the text again: the store keeps the text of the records it wrote, and a write is sent the same text.
 */
export function writtenAs<T extends object>(value: T, text: string): T {
	knownText.set(value, text);
	return value;
}

/** Keyv's `{ value, expires }` as JSON, from the value's known text; undefined when not known. */
function asWritten(data: unknown): string | undefined {
	if (typeof data !== 'object' || data === null || !('value' in data)) return undefined;
	const { value, expires, ...rest } = data as { value: unknown; expires?: unknown };
	if (typeof value !== 'object' || value === null || Object.keys(rest).length > 0) return undefined;
	const text = knownText.get(value);
	if (text === undefined) return undefined;
	return expires === undefined ? `{"value":${text}}` : `{"value":${text},"expires":${JSON.stringify(expires)}}`;
}

/**
 * Whether compact JSON text has a string value that begins with ":" (the one thing Keyv's form writes differently,
 * with Buffers, which Reverie does not store): its opening quote follows a ":", "," or "[", or begins the text. Quotes
 * inside strings are escaped, so never follow one of those. A key that begins with ":" matches too, and merely takes
 * Keyv's own, slower way.
 */
function hasColonString(text: string): boolean {
	return COLON_STRING.test(text) || text.startsWith('":');
}

const COLON_STRING = /[:,[]":/;
