import { describe, expect, it } from 'vitest';
import { DiscoveryStore } from '../../src/store/discoveries.js';
import { type ChannelRecord, NIGHT_DEFAULTS, OPEN_VOTING, RECORD_VERSION } from '../../src/store/records.js';
import { MAX_SERVER_STORIES, ServerStories, type ServerStory } from '../../src/store/server-stories.js';
import { StaleWriteError, type Store } from '../../src/store/store.js';

export function sampleStory(id: string): ServerStory {
	return {
		id,
		title: `The ${id}`,
		description: 'A dream a server added.',
		color: 0x5865f2,
		contentHash: `hash-${id}`,
		branchPoints: 2,
		endings: 2,
		bytes: 100,
		addedBy: 'u1',
		addedAt: 1,
	};
}

/** Writes a channel's record as the bot does: in a turn of the channel's lock. */
export function writeRecord(store: Store, record: ChannelRecord): Promise<void> {
	return store.withChannel(record.channelId, (turn) => turn.write(record));
}

/** Deletes a channel's record in a turn of its lock. */
export function deleteRecord(store: Store, channelId: string): Promise<void> {
	return store.withChannel(channelId, (turn) => turn.delete());
}

export function sampleRecord(channelId: string, patch: Partial<ChannelRecord> = {}): ChannelRecord {
	return {
		v: RECORD_VERSION,
		sessionId: 'abcdefgh',
		guildId: 'g1',
		channelId,
		storyId: 'branching',
		contentHash: 'hash',
		phase: 'voting',
		save: { format: 1, storyId: 'branching', contentHash: 'hash', ink: '{}' },
		beats: [{ text: 'A beat.', scene: 'Somewhere' }],
		nextBeat: 1,
		choices: [
			{ index: 0, text: 'On' },
			{ index: 1, text: 'Off' },
		],
		ended: false,
		faded: null,
		pendingChoice: null,
		round: 1,
		vote: {
			round: 1,
			choices: [
				{ index: 0, text: 'On' },
				{ index: 1, text: 'Off' },
			],
			messageId: 'm1',
			openedAt: 1,
			deadline: 2,
			ballots: { u1: 0 },
			closed: false,
			winner: null,
			closedBy: null,
		},
		lastVoters: [],
		dreamers: [],
		history: [],
		scene: 'Somewhere',
		scenes: ['Somewhere'],
		beatsTold: 1,
		stopReason: null,
		startedBy: 'u0',
		startedAt: 1,
		updatedAt: 1,
		voting: OPEN_VOTING,
		parentId: null,
		night: null,
		...patch,
	};
}

/**
 * What every store backend must do for Reverie, run against each one: `makeStore` gives a fresh, empty store.
 * A second handle from `reopen` sees what the first wrote (a restarted bot).
 */
export function storeContract(name: string, makeStore: () => Promise<{ store: Store; reopen: () => Store }>) {
	describe(`the ${name} store`, () => {
		it('GIVEN a channel record WHEN written and read back, also by a new handle THEN it is the same', async () => {
			const { store, reopen } = await makeStore();
			const record = sampleRecord('c1');
			await writeRecord(store, record);
			expect(await store.readChannel('c1')).toEqual({ kind: 'ok', record });
			const again = reopen();
			expect(await again.readChannel('c1')).toEqual({ kind: 'ok', record });
			await again.close();
			await store.close();
		});

		it('GIVEN no record WHEN read THEN it is none; GIVEN a deleted one THEN none again', async () => {
			const { store } = await makeStore();
			expect(await store.readChannel('c9')).toEqual({ kind: 'none' });
			await writeRecord(store, sampleRecord('c9'));
			await deleteRecord(store, 'c9');
			expect(await store.readChannel('c9')).toEqual({ kind: 'none' });
			await store.close();
		});

		it('GIVEN records in several channels and server settings WHEN listed THEN every channel id comes back once, and no settings', async () => {
			const { store } = await makeStore();
			for (const id of ['c1', 'c2', 'c3']) await writeRecord(store, sampleRecord(id));
			await store.writeSettings('g1', { voteSeconds: 30, pace: 'fast', moderatorRoleId: null, ...NIGHT_DEFAULTS });
			const ids: string[] = [];
			for await (const id of store.channelIds()) ids.push(id);
			expect(ids.sort()).toEqual(['c1', 'c2', 'c3']);
			await store.close();
		});

		it('GIVEN texts that begin with ":" or look like escapes WHEN written and read back by a new handle THEN they are unchanged', async () => {
			const { store, reopen } = await makeStore();
			const record = sampleRecord('colons', {
				beats: [{ text: ':wave: hello' }, { text: '::two' }, { text: ':base64:aGk=' }],
				stopReason: { kind: 'other', text: ':' },
			});
			await writeRecord(store, record);
			const again = reopen();
			expect(await again.readChannel('colons', { fresh: true })).toEqual({ kind: 'ok', record });
			await again.close();
			await store.close();
		});

		it('GIVEN 1,200 records WHEN listed while some of them are deleted THEN every record not deleted is listed once', async () => {
			const { store, reopen } = await makeStore();
			const ids = Array.from({ length: 1200 }, (_, i) => `c${String(i).padStart(4, '0')}`);
			for (let i = 0; i < ids.length; i += 100)
				await Promise.all(ids.slice(i, i + 100).map((id) => writeRecord(store, sampleRecord(id))));
			// Deleted as the listing passes them: each deletion shifts every record after it one place back.
			const deleted = new Set(ids.filter((_, i) => i % 7 === 0));
			const listed: string[] = [];
			const lister = reopen();
			for await (const { channelId, read } of lister.channelRecords()) {
				expect(read.kind).toBe('ok');
				listed.push(channelId);
				if (deleted.has(channelId)) await deleteRecord(store, channelId);
			}
			const kept = ids.filter((id) => !deleted.has(id));
			expect(listed.filter((id) => !deleted.has(id)).sort()).toEqual(kept);
			expect(new Set(listed).size).toBe(listed.length);
			await lister.close();
			await store.close();
		});

		it('GIVEN a stored value that is not a record WHEN read THEN it is reported corrupt with a reason', async () => {
			const { store } = await makeStore();
			const raw = store as unknown as { channels: { set(k: string, v: unknown): Promise<unknown> } };
			await raw.channels.set('bad', { v: RECORD_VERSION, phase: 'dreaming' });
			expect(await store.readChannel('bad')).toMatchObject({ kind: 'corrupt', reason: expect.any(String) });
			await store.close();
		});

		it('GIVEN settings WHEN saved and read THEN they come back; GIVEN none THEN the defaults', async () => {
			const { store } = await makeStore();
			const defaults = { voteSeconds: 60, pace: 'normal' as const, moderatorRoleId: null, ...NIGHT_DEFAULTS };
			expect(await store.readSettings('g2', defaults)).toEqual(defaults);
			await store.writeSettings('g2', { voteSeconds: 20, pace: 'slow', moderatorRoleId: 'r1', ...NIGHT_DEFAULTS });
			expect(await store.readSettings('g2', defaults)).toEqual({
				voteSeconds: 20,
				pace: 'slow',
				moderatorRoleId: 'r1',
				...NIGHT_DEFAULTS,
			});
			await store.close();
		});

		it("GIVEN a server's own dreams WHEN added, replaced and removed THEN a new handle sees each change, another server sees none, and no channel is listed for them", async () => {
			const { store, reopen } = await makeStore();
			const stories = new ServerStories(store);
			const source = 'Hello, dreamer. 😴 @everyone\n-> END\n';
			expect(await stories.add('g1', sampleStory('lost-key'), source)).toMatchObject({ kind: 'added', replaced: null });
			expect(await stories.add('g1', sampleStory('tide'), 'The tide.\n-> END\n')).toMatchObject({ kind: 'added' });
			const newer = { ...sampleStory('lost-key'), title: 'The Lost Key, again', contentHash: 'h2' };
			expect(await stories.add('g1', newer, `${source}// edited\n`)).toMatchObject({
				kind: 'added',
				replaced: { title: 'The lost-key' },
			});
			const again = new ServerStories(reopen());
			expect((await again.list('g1')).map((s) => [s.id, s.title])).toEqual([
				['lost-key', 'The Lost Key, again'],
				['tide', 'The tide'],
			]);
			expect(await again.source('g1', 'lost-key')).toMatchObject({ source: `${source}// edited\n`, contentHash: 'h2' });
			expect(await again.list('g2')).toEqual([]);
			expect(await again.source('g2', 'lost-key')).toBeNull();
			expect((await stories.remove('g1', 'tide')).removed?.id).toBe('tide');
			expect(await stories.remove('g1', 'tide')).toEqual({ removed: null, stories: [newer] });
			expect((await again.list('g1')).map((s) => s.id)).toEqual(['lost-key']);
			expect(await again.source('g1', 'tide')).toBeNull();
			const ids: string[] = [];
			for await (const id of store.channelIds()) ids.push(id);
			expect(ids).toEqual([]);
			await store.close();
		});

		it(`GIVEN ${MAX_SERVER_STORIES} dreams added at once by several moderators WHEN one more is added THEN all of them landed and the extra one is refused`, async () => {
			const { store } = await makeStore();
			const stories = new ServerStories(store);
			const ids = Array.from({ length: MAX_SERVER_STORIES }, (_, i) => `dream-${i}`);
			await Promise.all(ids.map((id) => stories.add('g1', sampleStory(id), `${id}\n-> END\n`)));
			expect((await stories.list('g1')).map((s) => s.id).sort()).toEqual([...ids].sort());
			expect(await stories.add('g1', sampleStory('one-more'), 'More.\n-> END\n')).toMatchObject({ kind: 'full' });
			expect(await stories.add('g1', sampleStory('dream-3'), 'Replaced.\n-> END\n')).toMatchObject({ kind: 'added' });
			await store.close();
		});

		it('GIVEN two channels reaching endings at once WHEN noted THEN both count, an ending is new only the first time, and a new handle sees them', async () => {
			const { store, reopen } = await makeStore();
			const found = new DiscoveryStore(store);
			const [first, second] = await Promise.all([
				found.note('g1', {
					storyId: 'branching',
					sessionId: 's1',
					ending: 'Waking',
					scenes: ['The hall'],
					channelId: 'c1',
					at: 1,
				}),
				found.note('g1', {
					storyId: 'branching',
					sessionId: 's2',
					ending: 'The long dark',
					scenes: ['The hall', 'The cellar'],
					channelId: 'c2',
					at: 2,
				}),
			]);
			expect([first.newEnding, second.newEnding]).toEqual([true, true]);
			const reached = { storyId: 'branching', ending: 'Waking', scenes: [], channelId: 'c3', at: 3 };
			expect((await found.note('g1', { ...reached, sessionId: 's3' })).newEnding).toBe(false);
			// The same play noted again (its recap was retried) still finds its ending new.
			expect((await found.note('g1', { ...reached, sessionId: 's1' })).newEnding).toBe(true);
			const reopened = new DiscoveryStore(reopen());
			expect(await reopened.of('g1', 'branching')).toEqual({
				endings: {
					Waking: { at: 1, channelId: 'c1', sessionId: 's1' },
					'The long dark': { at: 2, channelId: 'c2', sessionId: 's2' },
				},
				scenes: ['The hall', 'The cellar'],
			});
			expect(await reopened.of('g2', 'branching')).toEqual({ endings: {}, scenes: [] });
			await store.close();
		});

		it('GIVEN 100 read-modify-writes of one record at once WHEN each goes through the channel lock THEN none is lost', async () => {
			const { store } = await makeStore();
			const record = sampleRecord('hot');
			if (record.vote) record.vote.ballots = {};
			await writeRecord(store, record);
			await Promise.all(
				Array.from({ length: 100 }, (_, i) =>
					store.withChannel('hot', async (turn) => {
						const read = await turn.read();
						if (read.kind !== 'ok' || !read.record.vote) throw new Error('record lost');
						read.record.vote.ballots[`u${i}`] = 0;
						await turn.write(read.record);
					}),
				),
			);
			const read = await store.readChannel('hot');
			expect(read.kind === 'ok' && Object.keys(read.record.vote?.ballots ?? {}).length).toBe(100);
			await store.close();
		});

		it('GIVEN two copies that read the same record WHEN one writes it and then the other THEN the second write is refused, the first stays, and the second lands once it reads again', async () => {
			const { store, reopen } = await makeStore();
			await writeRecord(store, sampleRecord('c1', { beatsTold: 1 }));
			const other = reopen();
			expect(await other.readChannel('c1')).toMatchObject({ record: { beatsTold: 1 } });
			expect(await store.readChannel('c1')).toMatchObject({ record: { beatsTold: 1 } });
			await writeRecord(other, sampleRecord('c1', { beatsTold: 2 }));
			await expect(writeRecord(store, sampleRecord('c1', { beatsTold: 3 }))).rejects.toThrow(StaleWriteError);
			const third = reopen();
			expect(await third.readChannel('c1')).toMatchObject({ record: { beatsTold: 2 } });
			// The refused write forgot what it knew: the record is read again, then written on top of it.
			expect(await store.readChannel('c1')).toMatchObject({ record: { beatsTold: 2 } });
			await writeRecord(store, sampleRecord('c1', { beatsTold: 4 }));
			expect(await reopen().readChannel('c1')).toMatchObject({ record: { beatsTold: 4 } });
			await Promise.all([store.close(), other.close(), third.close()]);
		});

		it('GIVEN eight copies that read the same record WHEN all write it at once THEN exactly one write lands', async () => {
			const { store, reopen } = await makeStore();
			await writeRecord(store, sampleRecord('race', { beatsTold: 0 }));
			const copies = Array.from({ length: 8 }, () => reopen());
			for (const copy of copies) await copy.readChannel('race');
			const results = await Promise.allSettled(
				copies.map((copy, i) => writeRecord(copy, sampleRecord('race', { beatsTold: i + 1 }))),
			);
			const landed = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i + 1] : []));
			expect(landed).toHaveLength(1);
			for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleWriteError);
			expect(await reopen().readChannel('race')).toMatchObject({ record: { beatsTold: landed[0] } });
			await Promise.all([store.close(), ...copies.map((c) => c.close())]);
		});

		it('GIVEN a copy fenced with a lease WHEN another copy takes the lease over THEN the first copy can write nothing more, channel or server value, and the new holder can', async () => {
			const { store, reopen } = await makeStore();
			const lease = 'lease:test';
			expect(await store.writeIfRevision(lease, { owner: 'a', fence: 1, expiresAt: 0 }, -1)).toBe(true);
			store.fenceWith({ key: lease, value: 1 });
			await writeRecord(store, sampleRecord('c1', { beatsTold: 1 }));
			await store.writeGuildValue('g1:found', { v: 1, dreams: {} });
			const other = reopen();
			const seen = await other.readWithRevision(lease);
			expect(seen.value).toMatchObject({ owner: 'a', fence: 1 });
			expect(await other.writeIfRevision(lease, { owner: 'b', fence: 2, expiresAt: 0 }, seen.revision)).toBe(true);
			// The first copy still knows the lease's old revision: taking it back from there is refused too.
			expect(await store.writeIfRevision(lease, { owner: 'a', fence: 2, expiresAt: 0 }, seen.revision)).toBe(false);
			other.fenceWith({ key: lease, value: 2 });
			await expect(writeRecord(store, sampleRecord('c1', { beatsTold: 2 }))).rejects.toThrow(StaleWriteError);
			await expect(store.writeGuildValue('g1:found', { v: 1, dreams: { x: 1 } })).rejects.toThrow(StaleWriteError);
			await expect(deleteRecord(store, 'c1')).rejects.toThrow(StaleWriteError);
			expect(await other.readChannel('c1')).toMatchObject({ record: { beatsTold: 1 } });
			await writeRecord(other, sampleRecord('c1', { beatsTold: 3 }));
			expect(await reopen().readChannel('c1')).toMatchObject({ record: { beatsTold: 3 } });
			await Promise.all([store.close(), other.close()]);
		});

		it('GIVEN a record deleted by its copy WHEN a write from before the delete lands late THEN it is refused, and the channel reads as none and is not listed', async () => {
			const { store, reopen } = await makeStore();
			await writeRecord(store, sampleRecord('c1', { beatsTold: 1 }));
			const late = reopen();
			await late.readChannel('c1');
			await deleteRecord(store, 'c1');
			await expect(writeRecord(late, sampleRecord('c1', { beatsTold: 2 }))).rejects.toThrow(StaleWriteError);
			const fresh = reopen();
			expect(await fresh.readChannel('c1')).toEqual({ kind: 'none' });
			const listed: string[] = [];
			for await (const { channelId } of fresh.channelRecords()) listed.push(channelId);
			expect(listed).not.toContain('c1');
			// A new dream in the channel is written over what the delete left.
			await writeRecord(fresh, sampleRecord('c1', { beatsTold: 5 }));
			expect(await reopen().readChannel('c1')).toMatchObject({ record: { beatsTold: 5 } });
			await Promise.all([store.close(), late.close(), fresh.close()]);
		});

		it('GIVEN two copies that saw the same free lease WHEN both take it at once THEN exactly one has it', async () => {
			const { store, reopen } = await makeStore();
			const other = reopen();
			const [a, b] = await Promise.all([store.readWithRevision('lease:x'), other.readWithRevision('lease:x')]);
			const taken = await Promise.all([
				store.writeIfRevision('lease:x', { owner: 'a', fence: 1, expiresAt: 0 }, a.revision),
				other.writeIfRevision('lease:x', { owner: 'b', fence: 1, expiresAt: 0 }, b.revision),
			]);
			expect(taken.filter(Boolean)).toHaveLength(1);
			const owner = taken[0] ? 'a' : 'b';
			expect((await reopen().readWithRevision('lease:x')).value).toMatchObject({ owner });
			await Promise.all([store.close(), other.close()]);
		});
	});
}
