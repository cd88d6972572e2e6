import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import {
	type CommandOption,
	type InteractionRecord,
	LocalDiscord,
	type StoredMessage,
} from '../../src/local-discord/server.js';
import type { WorldSpec } from '../../src/local-discord/world.js';
import { NODE_ARGS } from '../../src/node-args.js';
import { tempDir, waitFor } from '../helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
/** `npm start`'s command: node itself runs Reverie (tsx only as a loader), so a signal reaches the bot, not a wrapper. */
const START = [process.execPath, [...NODE_ARGS, 'src/index.ts']] as const;

export const WORLD: WorldSpec = {
	guilds: [
		{
			name: 'Dreamers',
			roles: [{ name: 'Moderator', permissions: ['ManageMessages'] }],
			channels: [{ name: 'dreams' }, { name: 'lounge' }],
			members: [{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol', roles: ['Moderator'] }, { name: 'Dave' }],
		},
	],
};

interface EmbedJson {
	title?: string;
	description?: string;
	author?: { name: string };
	fields?: { name: string; value: string }[];
}

interface ButtonJson {
	custom_id: string;
	label: string;
	disabled?: boolean;
}

export const embedOf = (m: StoredMessage | undefined) => (m?.embeds[0] ?? {}) as EmbedJson;
export const buttonsOf = (m: StoredMessage) =>
	(m.components as { components: ButtonJson[] }[]).flatMap((row) => row.components);

/** What a member reads in a message: its content, or its embed's title and description. */
export function textOf(m: StoredMessage | undefined): string {
	if (!m) return '';
	const e = embedOf(m);
	return [m.content, e.title, e.description].filter(Boolean).join('\n');
}

/**
 * One end-to-end world: the local Discord, a temp store, and Reverie as a real process (`npm start`'s entry, with
 * `DISCORD_API_URL` pointing at the local Discord), which tests can kill and start again.
 */
export class Scene {
	bot: ChildProcess | null = null;
	readonly output: string[] = [];
	private constructor(
		readonly discord: LocalDiscord,
		readonly storeUrl: string,
		private env: Record<string, string>,
	) {}

	static async open(
		env: Record<string, string> = {},
		world: WorldSpec = WORLD,
		options: { shards?: number } = {},
	): Promise<Scene> {
		const discord = await LocalDiscord.start({ world, ...options });
		const storeUrl = `sqlite://${path.join(tempDir(), 'reverie.sqlite')}`;
		const scene = new Scene(discord, storeUrl, env);
		await scene.deploy();
		return scene;
	}

	get guildId(): string {
		return this.discord.world.guilds[0]?.id ?? '';
	}

	channelId(name: string): string {
		return this.discord.channel(name).channel.id;
	}

	private baseEnv(): Record<string, string> {
		return {
			PATH: process.env.PATH ?? '',
			HOME: process.env.HOME ?? '',
			DISCORD_TOKEN: this.discord.token,
			DISCORD_CLIENT_ID: this.discord.applicationId,
			DISCORD_GUILD_ID: this.guildId,
			DISCORD_API_URL: this.discord.apiUrl,
			STORE_URL: this.storeUrl,
			VOTE_SECONDS: '10',
			BEAT_DELAY_MS: '0',
			LOG_LEVEL: 'info',
			...this.env,
		};
	}

	/** Registers the commands with the real deploy script. */
	private async deploy(): Promise<void> {
		const run = spawn(TSX, ['src/index.ts', 'deploy-commands'], { cwd: ROOT, env: this.baseEnv() });
		let out = '';
		run.stdout.on('data', (d) => {
			out += d;
		});
		run.stderr.on('data', (d) => {
			out += d;
		});
		const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));
		if (code !== 0) throw new Error(`deploy-commands failed: ${out}`);
	}

	/** Starts Reverie and waits until it has taken up the stored dreams. */
	async startBot(env: Record<string, string> = {}): Promise<void> {
		if (this.bot) throw new Error('the bot is already running');
		Object.assign(this.env, env);
		const bot = spawn(START[0], [...START[1]], { cwd: ROOT, env: this.baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		this.bot = bot;
		let resumed = false;
		const onLine = (chunk: Buffer) => {
			for (const line of String(chunk).split('\n').filter(Boolean)) {
				this.output.push(line);
				if (line.includes('"msg":"dreams resumed"')) resumed = true;
			}
		};
		bot.stdout?.on('data', onLine);
		bot.stderr?.on('data', onLine);
		await waitFor(
			'the bot to take up its dreams',
			() => {
				if (bot.exitCode !== null) throw new Error(`the bot exited: ${this.output.slice(-5).join('\n')}`);
				return resumed;
			},
			{ timeoutMs: 30_000, intervalMs: 50 },
		);
	}

	/** Kills Reverie at once (SIGKILL: no chance to save anything). */
	async kill(): Promise<void> {
		const bot = this.bot;
		if (!bot) return;
		this.bot = null;
		if (bot.exitCode !== null || bot.signalCode !== null) return;
		const exited = new Promise((resolve) => bot.once('exit', resolve));
		bot.kill('SIGKILL');
		await exited;
	}

	/** Stops Reverie as an admin would (SIGTERM) and returns its exit code. */
	async stopBot(): Promise<number | null> {
		const bot = this.bot;
		if (!bot) return null;
		this.bot = null;
		if (bot.exitCode !== null) return bot.exitCode;
		const exited = new Promise<number | null>((resolve) => bot.once('exit', (code) => resolve(code)));
		bot.kill('SIGTERM');
		return exited;
	}

	async close(): Promise<void> {
		await this.kill();
		await this.discord.stop();
	}

	/** How many times Reverie's output has said `text` (e.g. each shard's "dreams resumed"). */
	said(text: string): number {
		return this.output.filter((line) => line.includes(text)).length;
	}

	/** A member runs `/dream <sub>` in a channel and gets the bot's answer. */
	async dream(user: string, channel: string, sub: string, options: CommandOption[] = []): Promise<InteractionRecord> {
		return this.discord.command({ user, channel, name: 'dream', options: [{ type: 1, name: sub, options }] });
	}

	/** What the member sees as the answer to an interaction. */
	answer(record: InteractionRecord): StoredMessage | undefined {
		return this.discord.responseOf(record);
	}

	/** The bot's messages in a channel that everyone sees, oldest first. */
	public(channel: string): StoredMessage[] {
		return this.discord.visibleMessages(this.channelId(channel)).filter((m) => m.author.bot && !m.visibleTo);
	}

	/** The beats told in a channel: plain posts without buttons or a heading author. */
	beats(channel: string): string[] {
		return this.public(channel)
			.filter((m) => m.type === 0 && m.components.length === 0 && !embedOf(m).author)
			.map((m) => embedOf(m).description ?? '');
	}

	votes(channel: string): StoredMessage[] {
		return this.public(channel).filter((m) => m.components.length > 0);
	}

	ending(channel: string): StoredMessage | undefined {
		return this.public(channel).find((m) => embedOf(m).title?.startsWith('The end'));
	}

	/** Waits for vote number `n` (1-based) in a channel. */
	async vote(channel: string, n: number, timeout = 60_000): Promise<StoredMessage> {
		return waitFor(`vote ${n} in #${channel}`, () => this.votes(channel)[n - 1], {
			timeoutMs: timeout,
			intervalMs: 50,
		});
	}

	/** Waits until vote `vote` shows as closed and returns its final text. */
	async closed(channel: string, vote: StoredMessage, timeout = 60_000): Promise<string> {
		const closed = await waitFor(
			`the vote in #${channel} to close`,
			() => {
				const now = this.discord.message(this.channelId(channel), vote.id);
				return now && buttonsOf(now).every((b) => b.disabled) ? now : undefined;
			},
			{ timeoutMs: timeout, intervalMs: 50 },
		);
		return textOf(closed);
	}

	/** A member clicks choice `index` (0-based) on a vote message. `stale` clicks what their client still shows. */
	async click(user: string, channel: string, vote: StoredMessage, index: number, stale = false) {
		const button = buttonsOf(vote)[index];
		if (!button) throw new Error(`no choice ${index}`);
		return this.discord.click({ user, channel, messageId: vote.id, customId: button.custom_id, stale });
	}

	/** No interaction failed, nothing Discord would refuse, no 429: asserted at the end of every scenario. */
	expectClean(): void {
		expect(this.discord.violations).toEqual([]);
		expect(this.discord.rateLimited).toBe(0);
		expect([...this.discord.interactions.values()].filter((i) => i.failed)).toEqual([]);
	}
}

/** The index (0-based) of the winner a closed vote's text marks. */
export function winnerIn(text: string): number {
	const match = /✅ \*\*(\d+)\./.exec(text);
	if (!match) throw new Error(`no winner in: ${text}`);
	return Number(match[1]) - 1;
}

/**
 * Closes a test's scene, first printing the end of Reverie's output (without its info lines) when the test failed:
 * for an `afterEach`.
 */
export async function closeScene(scene: Scene | null, failed: boolean): Promise<void> {
	if (failed && scene)
		console.log(
			scene.output
				.filter((l) => !l.includes('"level":30'))
				.slice(-30)
				.join('\n'),
		);
	await scene?.close();
}
