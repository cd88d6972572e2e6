import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, isShardProcess, readConfig } from '../../src/config.js';
import { type ButtonId, encodeButtonId, parseButtonId } from '../../src/discord/custom-id.js';
import { isModerator, MANAGE_GUILD, MANAGE_MESSAGES } from '../../src/discord/moderator.js';
import { channelRequestsPerSecond } from '../../src/discord/output.js';
import { spawnDelayMs } from '../../src/discord/shards.js';
import { SHORT_DREAMS, tempDir } from '../helpers.js';

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
			storyDir: null,
			checkSeconds: null,
			nightLeadSeconds: null,
			voteSeconds: 60,
			pace: 'normal',
			globalRate: 50,
			beatDelayMs: null,
			logLevel: 'info',
			shards: null,
			shardIds: null,
		});
	});

	it('GIVEN values WHEN read THEN they are typed, and an API URL loses its version and trailing slash', () => {
		const config = readConfig({
			VOTE_SECONDS: '30',
			PACE: 'fast',
			BEAT_DELAY_MS: '0',
			DISCORD_API_URL: 'http://127.0.0.1:8080/api/v10/',
			DISCORD_CLIENT_ID: '123456789012345678',
		});
		expect(config).toMatchObject({
			voteSeconds: 30,
			pace: 'fast',
			beatDelayMs: 0,
			discordApiUrl: 'http://127.0.0.1:8080/api',
			discordClientId: '123456789012345678',
		});
	});

	it('GIVEN DISCORD_GLOBAL_RATE (a bot whose limit Discord raised) WHEN read THEN it is the global limit, and Reverie paces its channel requests at 96% of it', () => {
		expect(readConfig({ DISCORD_GLOBAL_RATE: '500' }).globalRate).toBe(500);
		expect(() => readConfig({ DISCORD_GLOBAL_RATE: 'lots' })).toThrow(/^DISCORD_GLOBAL_RATE: /);
		expect(channelRequestsPerSecond(50)).toBe(48);
		expect(channelRequestsPerSecond(500)).toBe(480);
	});

	it('GIVEN TEST_VOTE_SECONDS (tests only) WHEN read THEN it is the vote window, under VOTE_SECONDS’ floor of 10 s and over it; without it that floor holds', () => {
		expect(readConfig({ TEST_VOTE_SECONDS: '3' }).voteSeconds).toBe(3);
		expect(readConfig({ TEST_VOTE_SECONDS: '3', VOTE_SECONDS: '30' }).voteSeconds).toBe(3);
		expect(readConfig({ TEST_VOTE_SECONDS: '', VOTE_SECONDS: '30' }).voteSeconds).toBe(30);
		expect(() => readConfig({ VOTE_SECONDS: '3' })).toThrow(/^VOTE_SECONDS: /);
		expect(() => readConfig({ TEST_VOTE_SECONDS: '0' })).toThrow(/^TEST_VOTE_SECONDS: /);
		expect(() => readConfig({ TEST_VOTE_SECONDS: '1.5' })).toThrow(/^TEST_VOTE_SECONDS: must be a whole number/);
	});

	it('GIVEN TEST_CHECK_SECONDS (tests only) WHEN read THEN it is the bound on an upload’s check; without it, none is set here', () => {
		expect(readConfig({ TEST_CHECK_SECONDS: '4' }).checkSeconds).toBe(4);
		expect(readConfig({}).checkSeconds).toBeNull();
		expect(() => readConfig({ TEST_CHECK_SECONDS: '0' })).toThrow(/^TEST_CHECK_SECONDS: /);
		expect(() => readConfig({ TEST_CHECK_SECONDS: '61' })).toThrow(/^TEST_CHECK_SECONDS: /);
	});

	it('GIVEN SHARDS WHEN read THEN it is auto or a count; inside a shard’s own process it is discord.js’s, not ours', () => {
		expect(readConfig({ SHARDS: 'auto' }).shards).toBe('auto');
		expect(readConfig({ SHARDS: '3' }).shards).toBe(3);
		expect(readConfig({ SHARDS: '0', SHARD_COUNT: '2', SHARDING_MANAGER: 'true' }, true).shards).toBeNull();
	});

	it('GIVEN SHARDING_MANAGER=true and SHARD_COUNT set by an operator, in a process no manager started WHEN read THEN it is the manager of that many shards', () => {
		expect(readConfig({ SHARDING_MANAGER: 'true', SHARD_COUNT: '2' }, false).shards).toBe(2);
		expect(isShardProcess({ SHARDING_MANAGER: 'true', SHARD_COUNT: '2' }, false)).toBe(false);
		expect(isShardProcess({ SHARDING_MANAGER: 'true', SHARD_COUNT: '2', SHARDS: '1' }, true)).toBe(true);
	});

	it('GIVEN SHARD_IDS with the total WHEN read THEN they are this machine’s shards, ascending, duplicates merged', () => {
		expect(readConfig({ SHARDS: '8', SHARD_IDS: '0-3' })).toMatchObject({ shards: 8, shardIds: [0, 1, 2, 3] });
		expect(readConfig({ SHARDS: '8', SHARD_IDS: '4,5,7' }).shardIds).toEqual([4, 5, 7]);
		expect(readConfig({ SHARDS: '8', SHARD_IDS: ' 6, 0 - 3 ,2,' }).shardIds).toEqual([0, 1, 2, 3, 6]);
		expect(readConfig({ SHARDS: '1', SHARD_IDS: '0' }).shardIds).toEqual([0]);
		expect(readConfig({ SHARDS: '8', SHARD_IDS: '' }).shardIds).toBeNull();
		expect(readConfig({ SHARDS: '8' }).shardIds).toBeNull();
	});

	it('GIVEN SHARD_COUNT WHEN read THEN it is another name for SHARDS', () => {
		expect(readConfig({ SHARD_COUNT: '8', SHARD_IDS: '0-3' })).toMatchObject({ shards: 8, shardIds: [0, 1, 2, 3] });
		expect(readConfig({ SHARD_COUNT: '8', SHARDS: '8' }).shards).toBe(8);
		expect(readConfig({ SHARD_COUNT: 'auto' }).shards).toBe('auto');
		expect(() => readConfig({ SHARD_COUNT: '8', SHARDS: '4' })).toThrow(/^SHARD_COUNT: .*differ \(8 and 4\)/);
	});

	it('GIVEN a shard’s own process, which inherits its manager’s SHARD_IDS WHEN read THEN no sharding setting applies', () => {
		// discord.js sets SHARDS (the shard's id), SHARD_COUNT and SHARDING_MANAGER in each shard's environment.
		const shard = { SHARDING_MANAGER: 'true', SHARDS: '5', SHARD_COUNT: '8', SHARD_IDS: '4-7' };
		expect(readConfig(shard, true)).toMatchObject({ shards: null, shardIds: null });
		expect(readConfig({ ...shard, SHARD_IDS: 'anything' }, true)).toMatchObject({ shards: null, shardIds: null });
	});

	it.each([
		[{ SHARD_IDS: '0-3' }, /^SHARD_IDS: needs SHARDS/],
		[{ SHARDS: 'auto', SHARD_IDS: '0-3' }, /^SHARD_IDS: needs SHARDS to be a number, not auto/],
		[{ SHARDS: '8', SHARD_IDS: '8' }, /^SHARD_IDS: shard 8 is out of range: with 8 shards the ids are 0 to 7$/],
		[{ SHARDS: '8', SHARD_IDS: '4-9' }, /^SHARD_IDS: shard 9 is out of range/],
		[{ SHARDS: '8', SHARD_IDS: '3-1' }, /^SHARD_IDS: "3-1" is a range that ends before it starts$/],
		[{ SHARDS: '8', SHARD_IDS: 'a-b' }, /^SHARD_IDS: "a-b" is not a shard id or a range such as 0-3$/],
		[{ SHARDS: '8', SHARD_IDS: '-1' }, /^SHARD_IDS: "-1" is not a shard id/],
		[{ SHARDS: '8', SHARD_IDS: '1.5' }, /^SHARD_IDS: "1.5" is not a shard id/],
		[{ SHARDS: '8', SHARD_IDS: '0-3 6' }, /^SHARD_IDS: "0-3 6" is not a shard id/],
		[{ SHARDS: '8', SHARD_IDS: ',' }, /^SHARD_IDS: names no shard/],
		[{ SHARDS: '8', SHARD_IDS: '0-99999999999' }, /^SHARD_IDS: shard 99999999999 is out of range/],
	])('GIVEN %j WHEN read THEN a clear error names SHARD_IDS', (env, message) => {
		expect(() => readConfig(env)).toThrow(ConfigError);
		expect(() => readConfig(env)).toThrow(message);
	});

	it('GIVEN STORY_DIR WHEN read THEN it is the folder resolved; a path that is no folder, or a folder without dreams, is refused by name', () => {
		const stories = SHORT_DREAMS;
		expect(readConfig({ STORY_DIR: path.relative(process.cwd(), stories) }).storyDir).toBe(stories);
		expect(() => readConfig({ STORY_DIR: 'no/such/folder' })).toThrow('STORY_DIR: no/such/folder is not a folder');
		const file = path.join(stories, 'the-corridor.ink');
		expect(() => readConfig({ STORY_DIR: file })).toThrow(`STORY_DIR: ${file} is not a folder`);
		const empty = tempDir();
		expect(() => readConfig({ STORY_DIR: empty })).toThrow(`STORY_DIR: ${empty} has no .ink files`);
	});

	it.each([
		['VOTE_SECONDS', 'soon'],
		['VOTE_SECONDS', '5'],
		['BEAT_DELAY_MS', '-1'],
		['PACE', 'quick'],
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

describe('starting shards', () => {
	it('GIVEN how many shards may identify at once WHEN shards are started one after another THEN each bucket identifies once every 5.5 s at most', () => {
		expect(spawnDelayMs(1)).toBe(5500);
		expect(spawnDelayMs(16)).toBe(344);
		// Shard 16 falls in shard 0's bucket again: with 16 buckets it starts 16 waits, a whole interval, after shard 0.
		expect(16 * spawnDelayMs(16)).toBeGreaterThanOrEqual(5500);
		expect(spawnDelayMs(0)).toBe(5500);
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
