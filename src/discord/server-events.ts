/**
 * Story nights in Discord (the sessions' `ServerEvents`): the server's scheduled event for each night, a public thread
 * for a dream, and a night's announcement. Events are "external" ones, located at the channel by name: Discord's
 * voice and stage kinds do not fit a text channel.
 */
import {
	ChannelType,
	type Client,
	GuildScheduledEventEntityType,
	GuildScheduledEventPrivacyLevel,
	GuildScheduledEventStatus,
	ThreadAutoArchiveDuration,
} from 'discord.js';
import type { NightEventView, NightStartView, ServerEvents } from '../sessions/ports.js';
import { clip } from './render.js';
import { renderNightStart } from './start-layout.js';
import { nightWords } from './words/index.js';

/** An external event needs an end: a night is given this long, and is marked over by its dream's end before that. */
const NIGHT_LENGTH_MS = 2 * 3600_000;

export class DiscordServerEvents implements ServerEvents {
	constructor(private readonly client: Client) {}

	async create(event: NightEventView): Promise<string> {
		const guild = await this.client.guilds.fetch(event.guildId);
		const channel = await this.client.channels.fetch(event.channelId);
		const where = channel && 'name' in channel && channel.name ? `#${channel.name}` : nightWords.somewhere;
		const made = await guild.scheduledEvents.create({
			name: clip(nightWords.eventName(event.story.title), 100),
			description: clip(nightWords.eventDescription(event.story.description, event.weekly, event.thread), 1000),
			scheduledStartTime: new Date(event.at),
			scheduledEndTime: new Date(event.at + NIGHT_LENGTH_MS),
			privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
			entityType: GuildScheduledEventEntityType.External,
			entityMetadata: { location: clip(where, 100) },
		});
		return made.id;
	}

	async begin(guildId: string, eventId: string): Promise<void> {
		await this.setStatus(guildId, eventId, GuildScheduledEventStatus.Active);
	}

	async end(guildId: string, eventId: string): Promise<void> {
		await this.setStatus(guildId, eventId, GuildScheduledEventStatus.Completed);
	}

	async cancel(guildId: string, eventId: string): Promise<void> {
		await this.setStatus(guildId, eventId, GuildScheduledEventStatus.Canceled);
	}

	async interested(guildId: string, eventId: string): Promise<string[]> {
		const guild = await this.client.guilds.fetch(guildId);
		const subscribers = await guild.scheduledEvents.fetchSubscribers(eventId, { limit: 100 });
		return [...subscribers.keys()];
	}

	async openThread(channelId: string, name: string): Promise<string> {
		const channel = await this.client.channels.fetch(channelId);
		if (channel?.type !== ChannelType.GuildText) throw new Error('only a text channel can hold a dream’s thread');
		const thread = await channel.threads.create({
			name,
			type: ChannelType.PublicThread,
			autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
		});
		return thread.id;
	}

	async announce(channelId: string, view: NightStartView): Promise<void> {
		const channel = await this.client.channels.fetch(channelId);
		if (!channel?.isSendable()) throw new Error('not a channel the bot can post in');
		// Those who said they would come are named, and pinged: they asked to be reminded.
		await channel.send({ ...renderNightStart(view), allowedMentions: { users: view.interested.slice(0, 100) } });
	}

	private async setStatus(
		guildId: string,
		eventId: string,
		status: GuildScheduledEventStatus.Active | GuildScheduledEventStatus.Completed | GuildScheduledEventStatus.Canceled,
	): Promise<void> {
		const guild = await this.client.guilds.fetch(guildId);
		await guild.scheduledEvents.edit(eventId, { status });
	}
}
