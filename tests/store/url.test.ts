import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { redact, StoreUrlError, storeKind } from '../../src/store/backends/url.js';

describe('STORE_URL', () => {
	it.each([
		['sqlite://data/reverie.sqlite', 'sqlite'],
		['sqlite://:memory:', 'sqlite'],
		['redis://127.0.0.1:6379', 'redis'],
		['rediss://user:secret@cache.example:6380/2', 'redis'],
		['postgresql://reverie:secret@db.example:5432/reverie', 'postgres'],
		['postgres://reverie@localhost/reverie', 'postgres'],
	])('GIVEN %s WHEN checked at start-up and opened THEN it is accepted, as %s', (url, kind) => {
		expect(readConfig({ STORE_URL: url }).storeUrl).toBe(url);
		expect(storeKind(url)).toBe(kind);
	});

	it.each(['mysql://x', 'sqlite://', 'redis:/127.0.0.1', 'data/reverie.sqlite', 'mongodb://x'])(
		'GIVEN %s WHEN checked THEN start-up stops naming STORE_URL and the three forms',
		(url) => {
			expect(() => readConfig({ STORE_URL: url })).toThrow(
				/^STORE_URL: must be sqlite:\/\/.*redis:\/\/.*postgresql:\/\//,
			);
			expect(() => storeKind(url)).toThrow(StoreUrlError);
		},
	);

	it('GIVEN a URL with a password WHEN it is shown in a message THEN the password is not', () => {
		expect(redact('postgresql://reverie:s3cr3t@db:5432/reverie')).toBe('postgresql://reverie:***@db:5432/reverie');
		expect(redact('redis://:s3cr3t@cache:6379')).toBe('redis://:***@cache:6379');
		expect(redact('sqlite://data/reverie.sqlite')).toBe('sqlite://data/reverie.sqlite');
		expect(() => storeKind('mysql://root:s3cr3t@db/x')).toThrow(/mysql:\/\/root:\*\*\*@db\/x/);
	});
});
