import { RESTJSONErrorCodes } from 'discord-api-types/v10';

/** Something the bot did that Discord would have refused, or that failed a member. */
export interface Violation {
	kind: 'limit' | 'interaction-failed' | 'double-callback' | 'rate-limited' | 'permission' | 'unknown' | 'auth';
	detail: string;
	at: number;
}

/** Records a violation; each part of the local Discord is handed one rather than the list itself. */
export type Violate = (kind: Violation['kind'], detail: string) => void;

/** A refusal answered to a REST call as Discord answers it: an HTTP status and a JSON error code. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: RESTJSONErrorCodes,
		message: string,
	) {
		super(message);
	}
}

/** The refusal for a message that is not there (or not the bot's to see), answered from several routes. */
export const unknownMessage = () => new HttpError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
