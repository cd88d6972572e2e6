import { RESTJSONErrorCodes } from 'discord-api-types/v10';

/** Something the bot did that Discord would have refused, or that failed a member. */
export interface Violation {
	/**
	 * `invalid` is a request Discord refuses for what the thing it acts on is or has become: a thread archived or
	 * locked, an event already finished, a channel of the wrong type.
	 */
	kind:
		| 'limit'
		| 'interaction-failed'
		| 'double-callback'
		| 'rate-limited'
		| 'permission'
		| 'unknown'
		| 'auth'
		| 'invalid';
	detail: string;
	at: number;
}

/** Records a violation; each part of the local Discord is handed one rather than the list itself. */
export type Violate = (kind: Violation['kind'], detail: string) => void;

/**
 * A refusal answered to a REST call as Discord answers it: an HTTP status and a JSON error code, and for an invalid
 * form body the `errors` object that says which field is wrong and why (see {@link invalidForm}).
 */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: RESTJSONErrorCodes,
		message: string,
		readonly errors?: FormErrors,
	) {
		super(message);
	}
}

/** The refusal for a message that is not there (or not the bot's to see), answered from several routes. */
export const unknownMessage = () => new HttpError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');

/** What is wrong with one field of a body: its path (`recurrence_rule.by_weekday`), Discord's code and sentence. */
export interface FieldProblem {
	path: string;
	code: string;
	message: string;
}

/** Discord's `errors` object: the body's shape, each wrong field holding `_errors`. */
export type FormErrors = { [key: string]: FormErrors | { code: string; message: string }[] };

/**
 * 400 Invalid Form Body (50035) with Discord's `errors` object, which discord.js prints field by field, e.g.
 * `{ errors: { name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } } }`.
 */
export function invalidForm(problems: readonly FieldProblem[]): HttpError {
	const errors: FormErrors = {};
	for (const { path, code, message } of problems) {
		let node = errors;
		for (const key of path.split('.')) {
			node[key] ??= {};
			node = node[key] as FormErrors;
		}
		node._errors ??= [];
		(node._errors as { code: string; message: string }[]).push({ code, message });
	}
	return new HttpError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', errors);
}
