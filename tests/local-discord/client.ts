import { Client, Events, GatewayIntentBits } from 'discord.js';

/** A real discord.js client logged in to the local Discord, once it is ready. */
export async function readyClient(apiUrl: string, token: string): Promise<Client> {
	const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
	const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
	await client.login(token);
	await ready;
	return client;
}
