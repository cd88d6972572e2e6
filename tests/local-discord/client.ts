import { Client, Events, GatewayIntentBits } from 'discord.js';

/**
 * A real discord.js client logged in to the local Discord, once it is ready: with the Guilds intent alone unless
 * others are asked for (the local Discord sends the newer events only to sessions that identified with theirs).
 */
export async function readyClient(
	apiUrl: string,
	token: string,
	intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds],
): Promise<Client> {
	const client = new Client({ intents, rest: { api: apiUrl } });
	const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
	await client.login(token);
	await ready;
	return client;
}

/** A REST call to a local Discord as the bot (or with another token, or none), its answer as fetch gives it. */
export function restCall(apiUrl: string, token: string | null) {
	return (method: string, path: string, body?: unknown) =>
		fetch(`${apiUrl}/v10${path}`, {
			method,
			headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bot ${token}` } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
}
