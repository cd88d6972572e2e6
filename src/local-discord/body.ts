import type { IncomingMessage } from 'node:http';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { HttpError } from './errors.js';

/**
 * A REST call's body: its JSON, the JSON part of a multipart body, or `null` when there is none. Invalid JSON is
 * refused as Discord refuses it.
 */
export async function readBody(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	if (chunks.length === 0) return null;
	const raw = Buffer.concat(chunks);
	const type = req.headers['content-type'] ?? '';
	if (type.startsWith('multipart/form-data')) return payloadJson(raw, type);
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch {
		throw new HttpError(
			400,
			RESTJSONErrorCodes.RequestBodyContainsInvalidJSON,
			'The request body contains invalid JSON.',
		);
	}
}

/** discord.js sends multipart only with files; Reverie sends none, but reads the JSON part if it does. */
async function payloadJson(raw: Buffer, contentType: string): Promise<unknown> {
	let form: FormData;
	try {
		form = await new Request('http://local', {
			method: 'POST',
			headers: { 'content-type': contentType },
			body: raw,
		}).formData();
	} catch {
		// A body that is not multipart after all has no JSON part, like one without a `payload_json` field.
		return null;
	}
	const json = form.get('payload_json');
	return typeof json === 'string' && json !== '' ? JSON.parse(json) : null;
}
