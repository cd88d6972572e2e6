import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, readConfig } from '../../src/config.js';
import { type ButtonId, encodeButtonId, parseButtonId } from '../../src/discord/custom-id.js';
import { isModerator, MANAGE_GUILD, MANAGE_MESSAGES } from '../../src/discord/moderator.js';

describe('button ids', () => {
	const vote: ButtonId = { kind: 'vote', channelId: '200000000000000001', sessionId: 'aB3_-x9Q', round: 12, choice: 4 };
	const reset: ButtonId = { kind: 'reset', channelId: '200000000000000001', sessionId: 'aB3_-x9Q', confirm: true };

	it('GIVEN a vote or a reset button WHEN its id is encoded and parsed THEN it comes back the same, within 100 characters', () => {
		for (const id of [vote, reset, { ...reset, confirm: false }]) {
			const encoded = encodeButtonId(id);
			expect(encoded.length).toBeLessThanOrEqual(100);
			expect(parseButtonId(encoded)).toEqual(id);
		}
	});

	it.each([
		'',
		'something-else',
		'rv0:vote:200000000000000001:aB3:1:0',
		'rv1:vote:200000000000000001:aB3:1',
		'rv1:vote:200000000000000001:aB3:1:0:9',
		'rv1:vote:notanid:aB3:1:0',
		'rv1:vote:200000000000000001:bad session:1:0',
		'rv1:vote:200000000000000001:aB3:-1:0',
		'rv1:reset:200000000000000001:aB3:maybe',
		'rv1:shout:200000000000000001:aB3:1:0',
	])('GIVEN the id %j WHEN parsed THEN it is not one of Reverie’s buttons', (customId) => {
		expect(parseButtonId(customId)).toBeNull();
	});
});

describe('who moderates', () => {
	it('GIVEN Manage Messages or Manage Server WHEN checked THEN the member moderates', () => {
		expect(isModerator(MANAGE_MESSAGES, [], null)).toBe(true);
		expect(isModerator(MANAGE_GUILD, [], null)).toBe(true);
	});

	it('GIVEN neither permission WHEN checked THEN only the server’s moderator role makes a moderator', () => {
		expect(isModerator(1n << 10n, ['r1'], null)).toBe(false);
		expect(isModerator(1n << 10n, ['r1'], 'r2')).toBe(false);
		expect(isModerator(1n << 10n, ['r1', 'r2'], 'r2')).toBe(true);
		expect(isModerator(null, [], null)).toBe(false);
	});
});

describe('configuration', () => {
	it('GIVEN no variables WHEN read THEN the defaults apply', () => {
		expect(readConfig({})).toEqual({
			discordToken: null,
			discordClientId: null,
			discordGuildId: null,
			discordApiUrl: null,
			storeUrl: 'sqlite://data/reverie.sqlite',
			voteSeconds: 60,
			beatDelayMs: null,
			logLevel: 'info',
			shards: null,
		});
	});

	it('GIVEN values WHEN read THEN they are typed, and an API URL loses its version and trailing slash', () => {
		const config = readConfig({
			VOTE_SECONDS: '30',
			BEAT_DELAY_MS: '0',
			DISCORD_API_URL: 'http://127.0.0.1:8080/api/v10/',
			DISCORD_CLIENT_ID: '123456789012345678',
		});
		expect(config).toMatchObject({
			voteSeconds: 30,
			beatDelayMs: 0,
			discordApiUrl: 'http://127.0.0.1:8080/api',
			discordClientId: '123456789012345678',
		});
	});

	it('GIVEN SHARDS WHEN read THEN it is auto or a count; inside a shard’s own process it is discord.js’s, not ours', () => {
		expect(readConfig({ SHARDS: 'auto' }).shards).toBe('auto');
		expect(readConfig({ SHARDS: '3' }).shards).toBe(3);
		expect(readConfig({ SHARDS: '0', SHARD_COUNT: '2', SHARDING_MANAGER: 'true' }).shards).toBeNull();
	});

	it.each([
		['VOTE_SECONDS', 'soon'],
		['VOTE_SECONDS', '5'],
		['BEAT_DELAY_MS', '-1'],
		['DISCORD_CLIENT_ID', 'my-bot'],
		['DISCORD_API_URL', 'not a url'],
		['STORE_URL', 'mysql://x'],
		['LOG_LEVEL', 'loud'],
		['SHARDS', 'many'],
		['SHARDS', '0'],
	])('GIVEN %s=%j WHEN read THEN the error names the variable', (variable, value) => {
		expect(() => readConfig({ [variable]: value })).toThrow(ConfigError);
		expect(() => readConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
	});
});

describe('.env.example', () => {
	it('GIVEN the example file WHEN compared with what Reverie reads THEN every variable is listed, and nothing else', () => {
		const example = readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8');
		const listed = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
		expect(listed.sort()).toEqual([...CONFIG_VARIABLES].sort());
	});

	it('GIVEN the example copied as it is WHEN read THEN it is a valid configuration', () => {
		const example = readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8');
		const env = Object.fromEntries([...example.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
		expect(() => readConfig(env)).not.toThrow();
	});
});
