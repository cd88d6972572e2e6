import { describe, expect, it } from 'vitest';
import { beatDelayMs, DEFAULT_PACE } from '../../src/engine/index.js';

describe('the pace of narration', () => {
	it('GIVEN a longer beat WHEN paced THEN it is left alone longer, up to the cap', () => {
		const short = beatDelayMs('A door opens.');
		const long = beatDelayMs('A door opens. '.repeat(10));
		expect(long).toBeGreaterThan(short);
		expect(beatDelayMs('x'.repeat(5000))).toBe(DEFAULT_PACE.maxMs);
	});

	it('GIVEN a "# pause:" of 2 seconds WHEN paced THEN two seconds are added, even past the reading cap', () => {
		expect(beatDelayMs('A door opens.', 2) - beatDelayMs('A door opens.')).toBe(2000);
		expect(beatDelayMs('x'.repeat(5000), 2)).toBe(DEFAULT_PACE.maxMs + 2000);
	});
});
