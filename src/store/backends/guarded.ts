/**
 * Writes that cannot go back in time. Every value Reverie stores carries a `revision` (1 for the first write, one more
 * at each write) and the fence of the lease its writer held (`writerFence`). A guarded write lands only if the stored
 * value still has the revision its writer read and, when fenced, the lease still has the writer's fence: a write that
 * timed out and lands late, or one from a copy that lost its lease, is refused instead of overwriting a newer value.
 *
 * Keyv has no such operation, so each backend does it with its own client in one atomic step (one SQL statement, one
 * Redis script); {@link writeIfEmulated} does it over any other Keyv store, for stores in memory, which have one writer.
 */
import type Keyv from 'keyv';
import { serialize } from './stored-form.js';

/** The revision of a key that holds nothing. */
export const ABSENT = -1;

/** What a guarded write expects to find. */
export interface Guard {
	/** The stored value's revision now: {@link ABSENT} for none, 0 for a value written before revisions were kept. */
	revision: number;
	/**
	 * The lease the writer holds: its key and the fence it holds it with. Given to {@link writeIf}, the key is one of the
	 * guilds' values; given to a {@link GuardedAdapter}, as the backend stores it.
	 */
	fence: { key: string; value: number } | null;
}

/** A Keyv adapter that can write under a {@link Guard} (SQLite, Redis and PostgreSQL's, in this folder). */
export interface GuardedAdapter {
	/** The key under which the adapter stores Keyv's `key` of `namespace`. */
	storedKey(namespace: string, key: string): string;
	/**
	 * Writes `text` (Keyv's stored form) at `key` (as {@link storedKey} gives it) if the guard holds; resolves to whether
	 * it landed. Fails, as any operation, when the store cannot be reached.
	 */
	writeIf(key: string, text: string, guard: Guard): Promise<boolean>;
}

export function isGuardedAdapter(store: unknown): store is GuardedAdapter {
	return (
		typeof store === 'object' &&
		store !== null &&
		typeof (store as Partial<GuardedAdapter>).writeIf === 'function' &&
		typeof (store as Partial<GuardedAdapter>).storedKey === 'function'
	);
}

/** The revision of a stored value (as Keyv reads it): 0 for one written before revisions were kept. */
export function revisionOf(raw: unknown): number {
	if (raw === undefined || raw === null) return ABSENT;
	const revision = typeof raw === 'object' ? (raw as { revision?: unknown }).revision : undefined;
	return typeof revision === 'number' ? revision : 0;
}

/** Whether a stored value is what a delete leaves: a revision with nothing in it, so that a late write cannot land. */
export function isDeleted(raw: unknown): boolean {
	return typeof raw === 'object' && raw !== null && (raw as { deleted?: unknown }).deleted === true;
}

/**
 * Writes `value` at `key` of `namespace` under `guard` (its fence's key one of `leases`, the guilds' values): in one step
 * where the backend can ({@link GuardedAdapter}), otherwise by {@link writeIfEmulated}. Resolves to whether it landed.
 */
export function writeIf(
	target: { keyv: Keyv<unknown>; namespace: string; leases: Keyv<unknown> },
	key: string,
	value: object,
	guard: Guard,
): Promise<boolean> {
	const { keyv, namespace, leases } = target;
	const adapter: unknown = keyv.store;
	if (!isGuardedAdapter(adapter)) return writeIfEmulated(keyv, leases, key, value, guard);
	// Leases are kept among the guilds' values (see lease.ts).
	const fence = guard.fence && { key: adapter.storedKey('guilds', guard.fence.key), value: guard.fence.value };
	return adapter.writeIf(adapter.storedKey(namespace, key), serialize({ value }), { revision: guard.revision, fence });
}

/**
 * The guarded write over a Keyv store that has none of its own (a Map in tests): read, compare, write. It is atomic
 * only when nothing else writes between (one process, its writes of a key in turn), which is all a store in memory has.
 */
export async function writeIfEmulated(
	keyv: Keyv<unknown>,
	leases: Keyv<unknown>,
	key: string,
	value: object,
	guard: Guard,
): Promise<boolean> {
	if (revisionOf(await keyv.get(key)) !== guard.revision) return false;
	if (guard.fence) {
		const lease = (await leases.get(guard.fence.key)) as { fence?: unknown } | undefined;
		if (lease?.fence !== guard.fence.value) return false;
	}
	const ok = await keyv.set(key, value);
	return ok !== false;
}

/**
 * The Redis script of a guarded write: KEYS[1] the key, KEYS[2] the lease (when fenced); ARGV[1] the text, ARGV[2]
 * the revision expected, ARGV[3] the fence. A value that is not JSON counts as revision 0, as a record written before.
 */
export const REDIS_WRITE_IF = `
local function field(text, name)
	if not text then return nil end
	local ok, stored = pcall(cjson.decode, text)
	if not ok or type(stored) ~= 'table' or type(stored.value) ~= 'table' then return 0 end
	local found = stored.value[name]
	if type(found) ~= 'number' then return 0 end
	return found
end
local revision = field(redis.call('GET', KEYS[1]), 'revision') or -1
if revision ~= tonumber(ARGV[2]) then return 0 end
if KEYS[2] then
	if field(redis.call('GET', KEYS[2]), 'fence') ~= tonumber(ARGV[3]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;
