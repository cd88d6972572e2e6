import type { EventEmitter } from 'node:events';
import {
	type APIGuildScheduledEvent,
	type APIGuildScheduledEventUser,
	GatewayDispatchEvents,
	GatewayIntentBits,
	GuildScheduledEventEntityType,
	type GuildScheduledEventPrivacyLevel,
	GuildScheduledEventStatus,
	PermissionFlagsBits,
	RESTJSONErrorCodes,
} from 'discord-api-types/v10';
import { missingPermissions } from './access.js';
import { HttpError, type Violate } from './errors.js';
import { FormChecks, queryFlag, refuseForm } from './form-checks.js';
import type { Gateway } from './gateway.js';
import type { Guild, ScheduledEvent, World } from './model.js';
import type { RouteEntry } from './routes.js';
import { checkEventBody, imageHash, objectOf, recurrenceOf } from './scheduled-event-checks.js';
import { findGuild, findMember, guildPermissions, memberPayload, snowflake } from './world.js';

/** Discord's cap on a guild's events that are scheduled or active. */
const UNFINISHED_LIMIT = 100;
/** How often the clock of EXTERNAL events is looked at (they begin and end at their times on their own). */
const SWEEP_MS = 500;

const FINISHED = [GuildScheduledEventStatus.Completed, GuildScheduledEventStatus.Canceled];
/** The changes of status Discord allows: scheduled → active or canceled, active → completed. */
const TRANSITIONS: Record<GuildScheduledEventStatus, GuildScheduledEventStatus[]> = {
	[GuildScheduledEventStatus.Scheduled]: [GuildScheduledEventStatus.Active, GuildScheduledEventStatus.Canceled],
	[GuildScheduledEventStatus.Active]: [GuildScheduledEventStatus.Completed],
	[GuildScheduledEventStatus.Completed]: [],
	[GuildScheduledEventStatus.Canceled]: [],
};

/** The parts of the local Discord that scheduled events work with. */
export interface ScheduledEventsDeps {
	world: World;
	violate: Violate;
	events: EventEmitter;
	gateway: Gateway;
	requireBot: (auth: string | undefined) => void;
}

/**
 * Guild scheduled events: the bot's REST calls on them (checked as Discord checks them), members marking themselves
 * interested, moderators cancelling or deleting them in Discord's own interface, and EXTERNAL events beginning and
 * ending at their times, as Discord's docs say they do. The bot hears of each change only with the Guild Scheduled
 * Events intent. `scheduled-event` is emitted (`create`, `update`, `delete`, `users`) for observers.
 */
export class ScheduledEvents {
	private readonly sweep = setInterval(() => this.keepTime(), SWEEP_MS).unref();

	constructor(private readonly deps: ScheduledEventsDeps) {}

	/** Stops the clock of EXTERNAL events (when the local Discord stops). */
	close(): void {
		clearInterval(this.sweep);
	}

	/** An event as Discord sends it; `user_count` unless left out, as `with_user_count` asks. */
	payload(guild: Guild, event: ScheduledEvent, withUserCount = true): APIGuildScheduledEvent {
		const creator = guild.members.find((m) => m.user.id === event.creatorId)?.user;
		return {
			id: event.id,
			guild_id: guild.id,
			channel_id: event.channelId,
			creator_id: event.creatorId,
			...(creator ? { creator } : {}),
			name: event.name,
			description: event.description,
			scheduled_start_time: event.start,
			scheduled_end_time: event.end,
			privacy_level: event.privacyLevel,
			status: event.status,
			entity_type: event.entityType,
			entity_id: null,
			entity_metadata:
				event.entityType === GuildScheduledEventEntityType.External ? { location: event.location ?? '' } : null,
			image: event.image,
			recurrence_rule: event.recurrenceRule,
			...(withUserCount ? { user_count: event.subscribers.size } : {}),
		} as APIGuildScheduledEvent;
	}

	/** The guild's events still to come or under way: what GUILD_CREATE and the REST list carry. */
	upcoming(guild: Guild): ScheduledEvent[] {
		return guild.scheduledEvents.filter((e) => !FINISHED.includes(e.status));
	}

	/** The routes of `/guilds/:id/scheduled-events`. */
	routes(): RouteEntry[] {
		const { deps } = this;
		const guildFor = (auth: string | undefined, id: string) => {
			deps.requireBot(auth);
			const guild = deps.world.guilds.find((g) => g.id === id);
			if (!guild) throw new HttpError(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild');
			return guild;
		};
		const eventFor = (auth: string | undefined, guildId: string, id: string) => {
			const guild = guildFor(auth, guildId);
			const event = guild.scheduledEvents.find((e) => e.id === id);
			if (!event)
				throw new HttpError(404, RESTJSONErrorCodes.UnknownGuildScheduledEvent, 'Unknown Guild Scheduled Event');
			return { guild, event };
		};
		return [
			[
				'GET /guilds/:id/scheduled-events',
				({ auth, params: [id], url }) => {
					const guild = guildFor(auth, id);
					return this.upcoming(guild).map((e) => this.payload(guild, e, queryFlag(url, 'with_user_count')));
				},
			],
			['POST /guilds/:id/scheduled-events', ({ auth, params: [id], body }) => this.create(guildFor(auth, id), body)],
			[
				'GET /guilds/:id/scheduled-events/:id',
				({ auth, params: [guildId, id], url }) => {
					const { guild, event } = eventFor(auth, guildId, id);
					return this.payload(guild, event, queryFlag(url, 'with_user_count'));
				},
			],
			[
				'PATCH /guilds/:id/scheduled-events/:id',
				({ auth, params: [guildId, id], body }) => {
					const { guild, event } = eventFor(auth, guildId, id);
					return this.edit(guild, event, body);
				},
			],
			[
				'DELETE /guilds/:id/scheduled-events/:id',
				({ auth, params: [guildId, id] }) => {
					const { guild, event } = eventFor(auth, guildId, id);
					this.requireManage(guild, event, 'deleted');
					this.remove(guild, event);
					return undefined;
				},
			],
			[
				'GET /guilds/:id/scheduled-events/:id/users',
				({ auth, params: [guildId, id], url }) => {
					const { guild, event } = eventFor(auth, guildId, id);
					return this.users(guild, event, url);
				},
			],
		];
	}

	/** `POST /guilds/:id/scheduled-events`: needs Create Events (or Manage Events) in the guild. */
	private create(guild: Guild, raw: unknown): APIGuildScheduledEvent {
		const permissions = guildPermissions(guild, this.deps.world.bot.id);
		if (!(permissions & (PermissionFlagsBits.CreateEvents | PermissionFlagsBits.ManageEvents))) {
			this.deps.violate('permission', `the bot created an event in ${guild.name} without Create Events`);
			throw missingPermissions();
		}
		const body = objectOf(raw);
		refuseForm(this.deps.violate, 'scheduled event', checkEventBody(body, Date.now()));
		if (this.upcoming(guild).length >= UNFINISHED_LIMIT) {
			this.deps.violate('limit', `over ${UNFINISHED_LIMIT} scheduled events in ${guild.name}`);
			throw new HttpError(
				400,
				RESTJSONErrorCodes.MaximumNumberOfUncompletedGuildScheduledEventsReached,
				`Maximum number of uncompleted guild scheduled events reached (${UNFINISHED_LIMIT})`,
			);
		}
		const external = body.entity_type === GuildScheduledEventEntityType.External;
		const event: ScheduledEvent = {
			id: snowflake(),
			guildId: guild.id,
			channelId: external ? null : String(body.channel_id),
			creatorId: this.deps.world.bot.id,
			name: String(body.name),
			description: (body.description as string | null | undefined) ?? null,
			start: new Date(String(body.scheduled_start_time)).toISOString(),
			end: body.scheduled_end_time ? new Date(String(body.scheduled_end_time)).toISOString() : null,
			privacyLevel: body.privacy_level as GuildScheduledEventPrivacyLevel,
			status: GuildScheduledEventStatus.Scheduled,
			entityType: body.entity_type as GuildScheduledEventEntityType,
			location: external ? String((body.entity_metadata as { location: string }).location) : null,
			image: imageHash(body.image),
			recurrenceRule: recurrenceOf(body.recurrence_rule),
			subscribers: new Set(),
		};
		guild.scheduledEvents.push(event);
		this.tell(guild, event, 'create', GatewayDispatchEvents.GuildScheduledEventCreate);
		return this.payload(guild, event);
	}

	/** `PATCH /guilds/:id/scheduled-events/:id`: its fields while it is to come, its status as Discord allows. */
	private edit(guild: Guild, event: ScheduledEvent, raw: unknown): APIGuildScheduledEvent {
		this.requireManage(guild, event, 'edited');
		if (FINISHED.includes(event.status)) {
			this.deps.violate('invalid', `the bot edited the finished event "${event.name}"`);
			throw new HttpError(400, RESTJSONErrorCodes.CannotUpdateAFinishedEvent, 'Cannot update a finished event');
		}
		const body = objectOf(raw);
		const state = {
			entityType: event.entityType,
			start: Date.parse(event.start),
			end: event.end === null ? null : Date.parse(event.end),
			status: event.status,
		};
		const checks = checkEventBody(body, Date.now(), state);
		const status = body.status as GuildScheduledEventStatus | undefined;
		if (status !== undefined && status !== event.status && !TRANSITIONS[event.status].includes(status))
			checks.add(
				'status',
				'GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION',
				`An event ${GuildScheduledEventStatus[event.status]} cannot become ${GuildScheduledEventStatus[status] ?? status}.`,
			);
		refuseForm(this.deps.violate, `edit of the event "${event.name}"`, checks);
		const type = (body.entity_type as GuildScheduledEventEntityType | undefined) ?? event.entityType;
		const external = type === GuildScheduledEventEntityType.External;
		const meta = body.entity_metadata as { location?: string } | null | undefined;
		Object.assign(event, {
			...(body.name !== undefined ? { name: body.name } : {}),
			...(body.description !== undefined ? { description: body.description } : {}),
			...(body.scheduled_start_time !== undefined
				? { start: new Date(String(body.scheduled_start_time)).toISOString() }
				: {}),
			...(body.scheduled_end_time !== undefined
				? { end: body.scheduled_end_time === null ? null : new Date(String(body.scheduled_end_time)).toISOString() }
				: {}),
			...(body.privacy_level !== undefined ? { privacyLevel: body.privacy_level } : {}),
			...(body.image !== undefined ? { image: imageHash(body.image) } : {}),
			...(body.recurrence_rule !== undefined ? { recurrenceRule: recurrenceOf(body.recurrence_rule) } : {}),
			...(status !== undefined ? { status } : {}),
			entityType: type,
			channelId: external ? null : body.channel_id !== undefined ? String(body.channel_id) : event.channelId,
			location: external ? (meta?.location ?? event.location) : null,
		});
		this.tell(guild, event, 'update', GatewayDispatchEvents.GuildScheduledEventUpdate);
		return this.payload(guild, event);
	}

	/** `GET .../users`: those interested, by user id ascending, `before` (or else `after`) one, at most `limit`. */
	private users(guild: Guild, event: ScheduledEvent, url: URL): APIGuildScheduledEventUser[] {
		const checks = new FormChecks();
		const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : 100;
		const before = url.searchParams.get('before');
		const after = url.searchParams.get('after');
		checks.integer('limit', limit, 1, 100);
		checks.snowflake('before', before);
		checks.snowflake('after', after);
		refuseForm(this.deps.violate, `the users of the event "${event.name}"`, checks);
		let ids = [...event.subscribers].sort((a, b) => (BigInt(a) > BigInt(b) ? 1 : -1));
		// Discord's docs: with both, only `before` counts.
		if (before) ids = ids.filter((id) => BigInt(id) < BigInt(before)).slice(-limit);
		else ids = ids.filter((id) => !after || BigInt(id) > BigInt(after)).slice(0, limit);
		const withMember = queryFlag(url, 'with_member');
		return ids.flatMap((id) => {
			const member = guild.members.find((m) => m.user.id === id);
			if (!member) return [];
			return [
				{
					guild_scheduled_event_id: event.id,
					user: member.user,
					...(withMember ? { member: memberPayload(member) } : {}),
				},
			];
		});
	}

	/** Editing or deleting an event takes Manage Events, or Create Events for one the bot made (Discord's docs). */
	private requireManage(guild: Guild, event: ScheduledEvent, what: string): void {
		const permissions = guildPermissions(guild, this.deps.world.bot.id);
		const own = event.creatorId === this.deps.world.bot.id;
		const enough = PermissionFlagsBits.ManageEvents | (own ? PermissionFlagsBits.CreateEvents : 0n);
		if (permissions & enough) return;
		this.deps.violate('permission', `the bot ${what} the event "${event.name}" without Manage Events`);
		throw missingPermissions();
	}

	private remove(guild: Guild, event: ScheduledEvent): void {
		guild.scheduledEvents = guild.scheduledEvents.filter((e) => e !== event);
		this.tell(guild, event, 'delete', GatewayDispatchEvents.GuildScheduledEventDelete);
	}

	private tell(guild: Guild, event: ScheduledEvent, kind: string, gatewayEvent: GatewayDispatchEvents): void {
		this.deps.events.emit('scheduled-event', { kind, event });
		this.dispatch(guild, gatewayEvent, this.payload(guild, event));
	}

	private dispatch(guild: Guild, event: GatewayDispatchEvents, data: unknown): void {
		this.deps.gateway.dispatchToGuild(guild.id, event, data, GatewayIntentBits.GuildScheduledEvents);
	}

	/**
	 * EXTERNAL events begin at their start and end at their end on their own (Discord's docs, "status update
	 * automation"); voice and stage ones end when their channel empties, which has no counterpart here.
	 */
	private keepTime(): void {
		const now = Date.now();
		for (const guild of this.deps.world.guilds)
			for (const event of guild.scheduledEvents) {
				if (event.entityType !== GuildScheduledEventEntityType.External) continue;
				const begins = event.status === GuildScheduledEventStatus.Scheduled && Date.parse(event.start) <= now;
				const ends = event.status === GuildScheduledEventStatus.Active && event.end && Date.parse(event.end) <= now;
				if (!begins && !ends) continue;
				event.status = begins ? GuildScheduledEventStatus.Active : GuildScheduledEventStatus.Completed;
				this.tell(guild, event, 'update', GatewayDispatchEvents.GuildScheduledEventUpdate);
			}
	}

	// ── what members and moderators do in Discord's own interface (tests, the playground) ────────────────────────

	/** A member marks themself interested in an event (`on`), or no longer; `user_count` follows. */
	interested(eventId: string, user: string, on = true): void {
		const { guild, event } = this.find(eventId);
		const { id } = findMember(guild, user).user;
		if (FINISHED.includes(event.status)) throw new Error(`"${event.name}" is over: no one marks interest in it`);
		if (on === event.subscribers.has(id)) return;
		if (on) event.subscribers.add(id);
		else event.subscribers.delete(id);
		this.deps.events.emit('scheduled-event', { kind: 'users', event });
		const gatewayEvent = on
			? GatewayDispatchEvents.GuildScheduledEventUserAdd
			: GatewayDispatchEvents.GuildScheduledEventUserRemove;
		this.dispatch(guild, gatewayEvent, { guild_scheduled_event_id: event.id, user_id: id, guild_id: guild.id });
	}

	/** A moderator cancels an event that has not begun; the bot hears an UPDATE with status CANCELED. */
	cancel(eventId: string): void {
		const { guild, event } = this.find(eventId);
		if (event.status !== GuildScheduledEventStatus.Scheduled)
			throw new Error(
				`"${event.name}" is ${GuildScheduledEventStatus[event.status]}: only a scheduled event is canceled`,
			);
		event.status = GuildScheduledEventStatus.Canceled;
		this.tell(guild, event, 'update', GatewayDispatchEvents.GuildScheduledEventUpdate);
	}

	/** A moderator deletes an event; the bot hears a DELETE. */
	delete(eventId: string): void {
		const { guild, event } = this.find(eventId);
		this.remove(guild, event);
	}

	/** A guild's events (finished ones included) as Discord sends them, with `user_count`: for assertions. */
	list(guild: string): APIGuildScheduledEvent[] {
		const found = findGuild(this.deps.world, guild);
		return found.scheduledEvents.map((e) => this.payload(found, e));
	}

	/** An event by id, with its guild; throws for a test's or the playground's mistake. */
	find(eventId: string): { guild: Guild; event: ScheduledEvent } {
		for (const guild of this.deps.world.guilds) {
			const event = guild.scheduledEvents.find((e) => e.id === eventId);
			if (event) return { guild, event };
		}
		throw new Error(`no scheduled event ${eventId}`);
	}
}
