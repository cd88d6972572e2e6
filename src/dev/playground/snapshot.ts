import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type APIEmbed, MessageFlags } from 'discord-api-types/v10';
import type { LocalDiscord, StoredMessage } from '../local-discord/server.js';
import type { WorldSpec } from '../local-discord/world.js';
import { specOf } from './world.js';

/** Bumped when the file's shape changes; a file of another version is set aside and the playground starts anew. */
const SNAPSHOT_VERSION = 1;
/** Enough history to scroll back through a few dreams without the file growing without end. */
const MESSAGES_KEPT = 500;

/**
 * What the local Discord knows that the store does not: the world's ids and the messages in its channels.
 *
 * The store keeps each channel's dream under the channel's id, and the local Discord invents new ids and starts
 * with empty channels on every start. Without this file a restarted playground would find none of its dreams (their
 * channels no longer exist), or, with fixed ids, resume them in empty channels whose vote message is gone, which
 * ends the dream. Saved beside the store, it brings back the same channels, members and messages, so a restart
 * looks like a restart of the bot alone: the dream goes on where it was, its buttons still work.
 */
export interface Snapshot {
	version: number;
	world: WorldSpec;
	messages: Record<string, StoredMessage[]>;
	/** The command a member typed for each interaction, to show "Alice used /dream start" above its reply. */
	labels: Record<string, string>;
}

/** The snapshot's file for a store URL: beside a SQLite file; none for a store kept in memory or elsewhere. */
export function snapshotFileFor(storeUrl: string): string | null {
	return besideStore(storeUrl, '.world.json');
}

/**
 * The folder of the files the local Discord posted (the maps of the night), kept beside the snapshot so the messages
 * it brings back still show them; none where there is no snapshot.
 */
export function keptFilesFor(storeUrl: string): string | null {
	return besideStore(storeUrl, '.attachments');
}

/** A name beside a SQLite store's file: its name without `.sqlite`, then `suffix`. */
function besideStore(storeUrl: string, suffix: string): string | null {
	const file = storeFileOf(storeUrl);
	if (!file) return null;
	const parsed = path.parse(file);
	return path.join(parsed.dir, `${parsed.name}${suffix}`);
}

/** The store file of a SQLite URL, to remove it when the playground starts anew. */
export function storeFileOf(storeUrl: string): string | null {
	const file = /^sqlite:\/\/(.+)$/.exec(storeUrl)?.[1];
	return file && file !== ':memory:' ? file : null;
}

/** Reads a snapshot; `null` when there is none or it cannot be used (then the playground starts with a new world). */
export function readSnapshot(file: string): Snapshot | null {
	if (!existsSync(file)) return null;
	try {
		const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<Snapshot>;
		if (value.version !== SNAPSHOT_VERSION || !value.world?.guilds?.length || typeof value.messages !== 'object')
			return null;
		return { version: SNAPSHOT_VERSION, world: value.world, messages: value.messages, labels: value.labels ?? {} };
	} catch {
		return null;
	}
}

/**
 * Puts saved messages back into a freshly started local Discord, before the bot connects and resumes its dreams.
 * Their files' links are made anew: the earlier local Discord's port is gone, and its links may have expired.
 */
export function restoreMessages(discord: LocalDiscord, snapshot: Snapshot): number {
	let restored = 0;
	const relink = (url: string) => discord.attachments.relink(url);
	for (const [channelId, messages] of Object.entries(snapshot.messages)) {
		const channel = discord.messages.get(channelId);
		if (!channel) continue;
		// A reply still "thinking" when the playground stopped will never be edited now.
		const kept = messages.filter((m) => !m.deleted && !(m.flags & MessageFlags.Loading));
		channel.push(...kept.map((message) => relinked(message, relink)));
		restored += kept.length;
	}
	return restored;
}

/**
 * A message with its files' links and its embeds' pictures made current, as Discord gives fresh links to a client
 * that fetches a message again.
 */
function relinked(message: StoredMessage, relink: (url: string) => string): StoredMessage {
	const media = <T extends { url: string; proxy_url?: string }>(picture: T): T => ({
		...picture,
		url: relink(picture.url),
		...(picture.proxy_url ? { proxy_url: relink(picture.proxy_url) } : {}),
	});
	const embed = (e: APIEmbed): APIEmbed => ({
		...e,
		...(e.image ? { image: media(e.image) } : {}),
		...(e.thumbnail ? { thumbnail: media(e.thumbnail) } : {}),
	});
	return {
		...message,
		embeds: message.embeds.map(embed),
		...(message.attachments
			? { attachments: message.attachments.map((a) => ({ ...a, url: relink(a.url), proxy_url: relink(a.proxy_url) })) }
			: {}),
	};
}

export function takeSnapshot(discord: LocalDiscord, labels: Map<string, string>): Snapshot {
	const messages: Record<string, StoredMessage[]> = {};
	for (const [channelId, list] of discord.messages)
		messages[channelId] = list.filter((m) => !m.deleted).slice(-MESSAGES_KEPT);
	const kept = new Set(Object.values(messages).flatMap((list) => list.map((m) => m.interaction_metadata?.id ?? [])));
	return {
		version: SNAPSHOT_VERSION,
		world: specOf(discord.world),
		messages,
		labels: Object.fromEntries([...labels].filter(([id]) => kept.has(id))),
	};
}

/** Writes the snapshot whole or not at all (a new file renamed over the old), so a crash never leaves half of one. */
export function writeSnapshot(file: string, snapshot: Snapshot): void {
	mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const next = `${file}.${process.pid}.tmp`;
	writeFileSync(next, JSON.stringify(snapshot));
	renameSync(next, file);
}

/** Removes a playground's saved state: its store file (with SQLite's side files), its snapshot and its kept files. */
export function forgetPlayground(storeUrl: string): void {
	const store = storeFileOf(storeUrl);
	const snapshot = snapshotFileFor(storeUrl);
	for (const file of [store, store && `${store}-journal`, store && `${store}-wal`, store && `${store}-shm`, snapshot])
		if (file) rmSync(file, { force: true });
	forgetKeptFiles(storeUrl);
}

/** Removes the files an earlier playground posted, for a start with a new world, whose messages name none of them. */
export function forgetKeptFiles(storeUrl: string): void {
	const folder = keptFilesFor(storeUrl);
	if (folder) rmSync(folder, { recursive: true, force: true });
}
