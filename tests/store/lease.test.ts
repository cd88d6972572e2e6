import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LEASE_MS, MARGIN_MS, thisProcess } from '../../src/store/lease.js';
import { StaleWriteError, Store } from '../../src/store/store.js';
import { SteeredBackend, steeredStore } from '../sessions/backend.js';
import { sqliteUrl } from '../sessions/harness.js';
import { sampleRecord, writeRecord } from './contract.js';
import { clock, closeCopies, copy, lookedAgain, until } from './lease-copies.js';

afterEach(closeCopies);

describe('the lease on a copy’s guilds (over SQLite)', () => {
	it('GIVEN a copy holding the lease WHEN a second copy starts THEN it stands by and says so once, and only the first may act', async () => {
		const url = sqliteUrl();
		const a = copy(Store.open(url, pino({ level: 'silent' })), 'copy-a');
		await a.lease.start();
		expect(a.lease.held).toBe(true);
		expect(a.events).toEqual(['acquired 1']);
		const b = copy(Store.open(url, pino({ level: 'silent' })), 'copy-b');
		await b.lease.start();
		// Several looks later, still standing by.
		await lookedAgain([b]);
		expect(b.lease.held).toBe(false);
		expect(b.events).toEqual([]);
		expect(b.said.filter((m) => m === 'another copy owns these guilds; standing by')).toHaveLength(1);
		expect(a.lease.held).toBe(true);
	});

	it('GIVEN a copy standing by WHEN the owner hands the lease over (SIGTERM) THEN it takes over at its next look, with a higher fence, and the old owner’s writes are refused', async () => {
		const url = sqliteUrl();
		const a = copy(Store.open(url, pino({ level: 'silent' })), 'copy-a');
		await a.lease.start();
		await writeRecord(a.store, sampleRecord('c1', { beatsTold: 1 }));
		const b = copy(Store.open(url, pino({ level: 'silent' })), 'copy-b');
		await b.lease.start();
		await a.lease.release();
		expect(a.lease.held).toBe(false);
		expect(a.said).toContain('handed these guilds over');
		// The clock has not moved: the lease did not lapse, it was handed over.
		await until('the second copy to take over', () => b.lease.held);
		expect(b.events).toEqual(['acquired 2, handed over:']);
		expect(await b.store.readChannel('c1')).toMatchObject({ record: { beatsTold: 1 } });
		await writeRecord(b.store, sampleRecord('c1', { beatsTold: 2 }));
		await expect(writeRecord(a.store, sampleRecord('c1', { beatsTold: 9 }))).rejects.toThrow(StaleWriteError);
	});

	it('GIVEN an owner that answered interactions lately WHEN it hands the lease over THEN the copy taking over is told which, and a lease taken over after a lapse tells none', async () => {
		const url = sqliteUrl();
		const a = copy(Store.open(url, pino({ level: 'silent' })), 'copy-a');
		await a.lease.start();
		const b = copy(Store.open(url, pino({ level: 'silent' })), 'copy-b');
		await b.lease.start();
		await a.lease.release(['1001', '1002']);
		await until('the second copy to take over', () => b.lease.held);
		expect(b.events).toEqual(['acquired 2, handed over: 1001 1002']);

		// B's own lease names nothing answered: it lapses, and the copy after it is told nothing.
		b.lease.stop();
		const c = copy(Store.open(url, pino({ level: 'silent' })), 'copy-c');
		clock.add(LEASE_MS);
		await c.lease.start();
		expect(c.events).toEqual(['acquired 3']);
	});

	it('GIVEN an owner that used Discord’s channel budgets WHEN it stops without handing over (a crash) THEN the copy taking over is told what was left of them as its last renewal said', async () => {
		const url = sqliteUrl();
		const posts = 'POST /channels/5/messages';
		let left = 3;
		const a = copy(Store.open(url, pino({ level: 'silent' })), 'copy-a', {
			budgets: () => ({ [posts]: { left, until: clock.now + 4000 } }),
		});
		await a.lease.start();
		left = 0;
		// Looks run one after another: once two more have begun, the first of them has written its renewal.
		const looked = a.looks();
		await until('a renewal', () => a.looks() >= looked + 2);
		const renewedAt = clock.now;
		a.lease.stop();
		const b = copy(Store.open(url, pino({ level: 'silent' })), 'copy-b');
		clock.add(LEASE_MS);
		await b.lease.start();
		expect(b.events).toEqual([`acquired 2; budgets: ${posts} 0 left until ${renewedAt + 4000}`]);
	});

	it('GIVEN an owner that stops without handing over (SIGKILL) WHEN the lease has not run out THEN nobody takes over; WHEN it runs out THEN the copy standing by does', async () => {
		const url = sqliteUrl();
		const a = copy(Store.open(url, pino({ level: 'silent' })), 'copy-a');
		await a.lease.start();
		a.lease.stop();
		const b = copy(Store.open(url, pino({ level: 'silent' })), 'copy-b');
		await b.lease.start();
		clock.add(LEASE_MS - 1);
		await lookedAgain([b]);
		expect(b.lease.held).toBe(false);
		clock.add(1);
		await until('the lease to be taken over once it ran out', () => b.lease.held);
		expect(b.events).toEqual(['acquired 2']);
	});

	it('GIVEN an owner whose lease was taken over while it was not looking WHEN it looks again THEN it is told it lost the guilds, and acts no more', async () => {
		const url = sqliteUrl();
		const a = copy(Store.open(url, pino({ level: 'silent' })), 'copy-a', { renewMs: 500 });
		await a.lease.start();
		// A stalls past its lease (its clock too says so); B's first look finds the lease run out and takes it.
		clock.add(LEASE_MS);
		expect(a.lease.held).toBe(false);
		const b = copy(Store.open(url, pino({ level: 'silent' })), 'copy-b');
		await b.lease.start();
		expect(b.events).toEqual(['acquired 2']);
		await until('the first copy to learn it lost the guilds', () => a.events.length === 2);
		expect(a.events[1]).toBe('lost: another copy (copy-b) holds it now');
		await lookedAgain([a, b]);
		expect(a.lease.held).toBe(false);
		expect(b.lease.held).toBe(true);
	});
});

describe('the lease of a process of this machine', () => {
	const machine = (pid: number, running: number[]) => ({
		host: 'box pid:[1]',
		pid,
		alive: (p: number) => running.includes(p),
	});

	it('GIVEN an owner on this machine whose process is gone (a crash) WHEN a copy starts on the same machine THEN it takes the lease at once; WHEN the owner’s process still runs THEN it stands by', async () => {
		const url = sqliteUrl();
		const crashed = copy(Store.open(url, pino({ level: 'silent' })), 'copy-a', { local: machine(100, [100, 300]) });
		await crashed.lease.start();
		crashed.lease.stop();
		const running = copy(Store.open(url, pino({ level: 'silent' })), 'copy-c', { local: machine(300, [100, 300]) });
		await running.lease.start();
		expect(running.lease.held).toBe(false);
		running.lease.stop();
		const restarted = copy(Store.open(url, pino({ level: 'silent' })), 'copy-b', { local: machine(200, [200]) });
		await restarted.lease.start();
		expect(restarted.lease.held).toBe(true);
		expect(restarted.events).toEqual(['acquired 2']);
	});

	it('GIVEN a copy standing by WHEN asked whether another copy may answer an interaction now THEN yes while a live owner holds the lease, and for what was made before it was found gone; no after, nor for what was made after its lease ran out', async () => {
		const url = sqliteUrl();
		const running = new Set([100, 200]);
		const local = (pid: number) => ({ host: 'here pid:[1]', pid, alive: (p: number) => running.has(p) });
		const owner = copy(Store.open(url, pino({ level: 'silent' })), 'copy-a', { local: local(100) });
		await owner.lease.start();
		const standby = copy(Store.open(url, pino({ level: 'silent' })), 'copy-b', { local: local(200), pollMs: 10_000 });
		expect(standby.lease.anotherMayAnswer(clock.now)).toBe(false); // Before its first look, it knows of no owner.
		await standby.lease.start();
		expect(standby.lease.anotherMayAnswer(clock.now)).toBe(true);
		// The owner dies: what Discord made before this copy found it gone, the owner may have answered; not after.
		const before = clock.now;
		clock.add(10);
		running.delete(100);
		expect(standby.lease.anotherMayAnswer(before)).toBe(true);
		expect(standby.lease.anotherMayAnswer(clock.now)).toBe(false);
		expect(standby.lease.anotherMayAnswer(clock.now + 5)).toBe(false);
		// A live owner whose lease ran out answers nothing made after its end.
		running.add(100);
		expect(standby.lease.anotherMayAnswer(clock.now)).toBe(true);
		clock.add(LEASE_MS);
		expect(standby.lease.anotherMayAnswer(clock.now)).toBe(false);
		expect(owner.lease.anotherMayAnswer(clock.now)).toBe(false);
	});

	it('GIVEN a copy that took over from a crashed owner WHEN asked about interactions made before and after it found the owner gone THEN the owner may have answered those before, not those after', async () => {
		const url = sqliteUrl();
		const running = new Set([100, 200]);
		const local = (pid: number) => ({ host: 'here pid:[1]', pid, alive: (p: number) => running.has(p) });
		const owner = copy(Store.open(url, pino({ level: 'silent' })), 'copy-a', { local: local(100) });
		await owner.lease.start();
		owner.lease.stop();
		const standby = copy(Store.open(url, pino({ level: 'silent' })), 'copy-b', { local: local(200) });
		await standby.lease.start();
		expect(standby.lease.held).toBe(false);
		const before = clock.now;
		clock.add(10);
		running.delete(100);
		// An interaction comes in: the standby looks at the owner then, not only at its next look at the lease.
		standby.lease.lookAtOwner();
		const found = clock.now;
		clock.add(10);
		await until('the standby to take over from the crashed owner', () => standby.lease.held);
		expect(standby.lease.anotherMayAnswer(before)).toBe(true);
		expect(standby.lease.anotherMayAnswer(found)).toBe(false);
		expect(standby.lease.anotherMayAnswer(clock.now)).toBe(false);
	});

	it('GIVEN an owner on another machine WHEN a copy starts here THEN it stands by, whatever runs here under that process id', async () => {
		const url = sqliteUrl();
		const there = copy(Store.open(url, pino({ level: 'silent' })), 'copy-a', {
			local: { host: 'other pid:[1]', pid: 100, alive: () => true },
		});
		await there.lease.start();
		there.lease.stop();
		const here = copy(Store.open(url, pino({ level: 'silent' })), 'copy-b', { local: machine(200, [200]) });
		await here.lease.start();
		expect(here.lease.held).toBe(false);
	});
});

describe('this process as a lease names it', () => {
	it.runIf(process.platform === 'linux')(
		'GIVEN a process killed but not yet reaped by its parent (a zombie) WHEN asked whether it runs THEN it does not; this one does',
		async () => {
			// perl (Debian's perl-base) starts a child that ends at once, and sleeps without reaping it.
			const parent = spawn('perl', ['-e', '$| = 1; my $pid = fork(); exit 0 unless $pid; print "$pid\\n"; sleep 5'], {
				stdio: ['ignore', 'pipe', 'ignore'],
			});
			try {
				const pid = Number((await once(parent.stdout, 'data'))[0]);
				const local = thisProcess();
				await until('the child to be a zombie', () =>
					/ Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^\d+ \(.*\)/s, '')),
				);
				expect(local?.alive(pid)).toBe(false);
				expect(local?.alive(process.pid)).toBe(true);
			} finally {
				parent.kill();
			}
		},
	);
});

describe('the lease when the store fails', () => {
	it('GIVEN an owner that cannot reach the store WHEN its lease runs out by its own clock THEN it stops acting and says why; WHEN the store is back and nobody took over THEN it owns the guilds again with the same fence', async () => {
		const backend = new SteeredBackend();
		const a = copy(steeredStore(backend, { timeoutMs: 100 }), 'copy-a');
		await a.lease.start();
		backend.down = true;
		clock.add(LEASE_MS - MARGIN_MS - 1);
		// A look that fails (the store answers nothing within 100 ms), and the next begun: the lease still holds.
		await lookedAgain([a], 2);
		expect(a.lease.held).toBe(true);
		clock.add(1);
		expect(a.lease.held).toBe(false);
		await until('the loss to be told', () => a.events.length === 2);
		expect(a.events).toEqual(['acquired 1', 'lost: the lease could not be renewed in time']);
		backend.down = false;
		await until('the lease to be taken again', () => a.lease.held);
		expect(a.events[2]).toBe('acquired 1');
	});
});
