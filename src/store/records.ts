import { z } from 'zod';
import { stopReasonOfNote, stopReasonSchema } from './stop-reasons.js';

export type { StopReason } from './stop-reasons.js';

/**
 * The version of {@link ChannelRecord}'s shape. Records outlive processes: bump it when the shape changes and
 * migrate older records in {@link parseChannelRecord}. Version 2 keeps why a dream stopped as a value
 * (`stopReason`), where version 1 kept an English sentence (`note`).
 */
export const RECORD_VERSION = 2;

const beatSchema = z.object({
	text: z.string(),
	scene: z.string().optional(),
	pause: z.number().optional(),
	ending: z.string().optional(),
	// Read from a story's scene tags (`engine/scene-tags.ts`); records before them have none, and need no migration.
	speaker: z.string().optional(),
	chapter: z.literal(true).optional(),
	image: z.object({ source: z.string(), alt: z.string().optional() }).optional(),
	audio: z.string().optional(),
});

const choiceSchema = z.object({ index: z.number().int(), text: z.string(), unclickable: z.literal(true).optional() });

const saveSchema = z.object({
	format: z.number().int(),
	storyId: z.string(),
	contentHash: z.string(),
	ink: z.string(),
});

/** What closed a vote: its clock, everyone it waited for, a moderator's skip, the narrator's pick, or a result certain. */
export const CLOSED_BY = ['deadline', 'everyone', 'skip', 'narrator', 'certain'] as const;

/**
 * How a dream's group decides. `open`: live tallies; `sealed`: only how many have voted shows until the vote closes;
 * `narrator`: one member decides, the others' ballots are advice, and the majority decides if the narrator has not by
 * the deadline. `quickClose`: a vote closes once the ballots still to come could not change its winner.
 */
export const VOTE_MODES = ['open', 'sealed', 'narrator'] as const;
export type VoteMode = (typeof VOTE_MODES)[number];

export const votingSchema = z.object({
	mode: z.enum(VOTE_MODES),
	/** In `narrator` mode, the member who decides. */
	narratorId: z.string().nullable(),
	quickClose: z.boolean(),
});
export type VotingRules = z.infer<typeof votingSchema>;

/** Today's rules, and those of every dream begun before modes were kept. */
export const OPEN_VOTING: VotingRules = { mode: 'open', narratorId: null, quickClose: false };

const voteSchema = z.object({
	round: z.number().int(),
	/** The choices put to the vote (the record's own `choices` move on once it closes). */
	choices: z.array(choiceSchema),
	/** The vote message, once posted. */
	messageId: z.string().nullable(),
	openedAt: z.number(),
	/** Unix ms when it closes; `null` while it waits, without a clock, for its first ballot. */
	deadline: z.number().nullable(),
	/** Member id → index into the vote's `choices`. */
	ballots: z.record(z.string(), z.number().int()),
	closed: z.boolean(),
	/** Index into the vote's `choices` of the winner, once closed. */
	winner: z.number().int().nullable(),
	/** What closed it. */
	closedBy: z.enum(CLOSED_BY).nullable(),
});

const historySchema = z.object({
	round: z.number().int(),
	choice: z.string(),
	votes: z.number().int(),
	ballots: z.number().int(),
	closedBy: z.enum(CLOSED_BY),
	/** Ballots per choice, in the vote's order (absent in records written before they were kept). */
	tallies: z.array(z.number().int()).optional(),
	/** The choices put to the vote (absent in records written before they were kept). */
	choices: z.array(z.string()).optional(),
	/** The scene the vote was taken in (absent in records written before it was kept). */
	scene: z.string().nullable().optional(),
	/** A point with one choice, a "go on" rather than a vote (absent for a vote). */
	goOn: z.literal(true).optional(),
});

/**
 * Where a channel's dream is. `narrating`: posting `beats` from `nextBeat`; `voting`: the vote is open;
 * `closing`: the vote is closed and counted, but its message not yet updated or the winning choice not yet taken
 * (`pendingChoice`); `stuck`: the story changed or
 * vanished under it and it cannot go on; `ended`: over (kept for `/dream status` until the next start).
 */
export const PHASES = ['narrating', 'voting', 'closing', 'stuck', 'ended'] as const;
export type Phase = (typeof PHASES)[number];

export const channelRecordSchema = z.object({
	v: z.literal(RECORD_VERSION),
	/** Random, new for each dream: a button from an earlier dream in the same channel names another session. */
	sessionId: z.string(),
	guildId: z.string(),
	channelId: z.string(),
	storyId: z.string(),
	contentHash: z.string(),
	phase: z.enum(PHASES),
	/** The story's state after `beats`: at the branch point (or the end) they lead to. */
	save: saveSchema,
	/** The beats of the current passage, and the next one to post. */
	beats: z.array(beatSchema),
	nextBeat: z.number().int(),
	/** The choices at the end of `beats`; empty when the passage ends the dream. */
	choices: z.array(choiceSchema),
	ended: z.boolean(),
	/**
	 * Where the story ran out of content (no `-> END`), when `ended` came so: the dream fades there. Null for an ending
	 * the story wrote, and in records written before it was kept.
	 */
	faded: z.object({ file: z.string(), line: z.number().int().nullable() }).nullable().default(null),
	/**
	 * In `closing`: the winning choice (ink's index) still to be taken, which moves the story on to the next passage.
	 * `null` once taken (and in records written before it was kept: those took it as they closed).
	 */
	pendingChoice: z.number().int().nullable().default(null),
	/** The vote round: 1 for the first branch point. */
	round: z.number().int(),
	vote: voteSchema.nullable(),
	/** Who voted in the last closed round: the vote closes early once all of them have voted again. */
	lastVoters: z.array(z.string()),
	/** Everyone who voted in this dream. */
	dreamers: z.array(z.string()),
	history: z.array(historySchema),
	scene: z.string().nullable(),
	/** The scenes told so far, in order (the path the map of the night draws); empty in older records. */
	scenes: z.array(z.string()).default([]),
	beatsTold: z.number().int(),
	/** Why it is stuck or ended; null while it runs. */
	stopReason: stopReasonSchema.nullable(),
	startedBy: z.string(),
	startedAt: z.number(),
	updatedAt: z.number(),
	/** How the group decides; today's open vote in records written before modes were kept. */
	voting: votingSchema.default(OPEN_VOTING),
	/** For a dream told in a thread, the channel the thread was opened from; null in a channel of its own. */
	parentId: z.string().nullable().default(null),
	/** For a story night planned ahead: its schedule and the server's event, which ends with the dream. */
	night: z.object({ scheduleId: z.string(), eventId: z.string().nullable() }).nullable().default(null),
});

export type ChannelRecord = z.infer<typeof channelRecordSchema>;
export type VoteRecord = z.infer<typeof voteSchema>;
export type HistoryEntry = z.infer<typeof historySchema>;
export type ClosedBy = VoteRecord['closedBy'] & string;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A record of version 1: the same but for its `note`, a sentence saying why the dream stopped. */
const channelRecordV1Schema = channelRecordSchema
	.omit({ v: true, stopReason: true })
	.extend({ v: z.literal(1), note: z.string().nullable() });

/** Checks a stored value is a channel record this version reads, migrating one of an older version. */
export function parseChannelRecord(raw: unknown): Parsed<ChannelRecord> {
	if (typeof raw === 'object' && raw !== null && (raw as { v?: unknown }).v === 1) {
		const old = channelRecordV1Schema.safeParse(raw);
		if (!old.success) return unreadable(old.error);
		const { note, ...rest } = old.data;
		return {
			ok: true,
			value: { ...rest, v: RECORD_VERSION, stopReason: note === null ? null : stopReasonOfNote(note) },
		};
	}
	const result = channelRecordSchema.safeParse(raw);
	return result.success ? { ok: true, value: result.data } : unreadable(result.error);
}

function unreadable(error: z.ZodError): { ok: false; reason: string } {
	const issue = error.issues[0];
	return { ok: false, reason: issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'unreadable' };
}

export const PACES = ['slow', 'normal', 'fast'] as const;
export type Pace = (typeof PACES)[number];

export const guildSettingsSchema = z.object({
	/** The vote window, in seconds. */
	voteSeconds: z.number().int().min(10).max(3600),
	pace: z.enum(PACES),
	/** Members with this role count as moderators, beside Manage Messages and Manage Server. */
	moderatorRoleId: z.string().nullable(),
	/** How a dream's group decides unless its start says otherwise. */
	voteMode: z.enum(['open', 'sealed', 'narrator']),
	quickClose: z.boolean(),
	/** Whether `/dream start` opens a thread for the dream unless told otherwise. */
	threads: z.boolean(),
	/** The IANA time zone members' times are read in (`/dream schedule`). */
	timeZone: z.string(),
});

export type GuildSettings = z.infer<typeof guildSettingsSchema>;

/** The settings of story nights for a server that has set none: today's open vote, no threads, times in UTC. */
export const NIGHT_DEFAULTS = {
	voteMode: 'open',
	quickClose: false,
	threads: false,
	timeZone: 'UTC',
} as const satisfies Partial<GuildSettings>;

/** Reads stored settings, falling back to `defaults` for anything missing or unreadable. */
export function parseGuildSettings(raw: unknown, defaults: GuildSettings): GuildSettings {
	const result = guildSettingsSchema.partial().safeParse(raw);
	return result.success ? { ...defaults, ...stripUndefined(result.data) } : defaults;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
