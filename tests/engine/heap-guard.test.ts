import { describe, expect, it } from 'vitest';
import { heapGuard, oldSpaceLimit } from '../../src/engine/heap-guard.js';

describe('the heap guard of an exploration', () => {
	it("GIVEN a story process's flags WHEN its old generation's limit is read THEN it is the last one given, in bytes", () => {
		expect(oldSpaceLimit(['--max-old-space-size=64', '--expose-gc'])).toBe(64 * 1024 * 1024);
		expect(oldSpaceLimit(['--max-old-space-size=256', '--max-old-space-size=32'])).toBe(32 * 1024 * 1024);
		expect(oldSpaceLimit(['--stack-size=4000'])).toBeNull();
		expect(oldSpaceLimit(['--max-old-space-size=lots'])).toBeNull();
	});

	it('GIVEN a process with neither a small heap nor its collector exposed WHEN asked many times THEN it never stops an exploration', () => {
		const guard = heapGuard(0);
		expect(Array.from({ length: 5000 }, () => guard.full())).not.toContain(true);
	});
});
