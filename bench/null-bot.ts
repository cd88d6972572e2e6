/**
 * The baseline of the click benchmarks: the same discord.js client Reverie uses, acknowledging every interaction at
 * once with a short ephemeral reply and doing nothing else. Run as its own process, like Reverie.
 */
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';

const client = new Client({
	intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
	rest: { api: process.env.DISCORD_API_URL ?? '' },
});
client.on(Events.InteractionCreate, (interaction) => {
	if (interaction.isRepliable())
		void interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral }).catch(() => {});
});
client.once(Events.ClientReady, () => console.log('{"msg":"null bot ready"}'));
await client.login(process.env.DISCORD_TOKEN);
process.on('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
