import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ComponentType, MessageFlags } from 'discord.js';
import { expect } from 'vitest';
import { commands as commandList } from '../../commands/index.js';
import { buttonsOf as nestedButtons } from '../../src/dev/local-discord/layout-checks.js';
import {
	CHANNEL_RATE,
	type ChannelRate,
	type CommandOption,
	type InteractionRecord,
	LocalDiscord,
	type StoredMessage,
} from '../../src/dev/local-discord/server.js';
import type { WorldSpec } from '../../src/dev/local-discord/world.js';
import { loadCommands } from '../../src/discord/command.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { SHORT_DREAMS, tempDir, waitFor } from '../helpers.js';
import { BotCopies, type SAID, type StartWait } from './copies.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
/** The copy `startBot`, `stopBot` and `kill` run: the one bot of a scene that runs one. */
const MAIN = 'main';
/** Reverie's slash commands, registered in this process for a scene that does not run the deploy script. */
const COMMANDS = loadCommands(commandList);

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

/** The timings a scene runs at: the vote window Reverie gives, and the local Discord's budget for each channel. */
export interface Timings {
	/** The vote window for the scene's servers, in seconds (`VOTE_SECONDS`, or under its floor `TEST_VOTE_SECONDS`). */
	voteSeconds: number;
	/** Each channel's budget for posts, and apart for edits (`LocalDiscord.start`'s `channelRate`). */
	channelRate: ChannelRate;
}

/**
 * Discord's budgets and the shortest vote window Reverie allows: for the tests where timing is the point (a rolling
 * deploy, a restart while members click, a change of shard layout, Discord's faults), and any test that sets none.
 */
export const REAL_TIMINGS: Timings = { voteSeconds: 10, channelRate: CHANNEL_RATE };

/**
 * For the tests where timing is not the point: a vote's clock runs out in 5 s (time enough for the few clicks a test
 * makes as a vote opens) and a channel takes 20 posts and 20 edits a second, so a dream is told in a twentieth of the time.
 * Reverie still reads each budget from Discord's headers and must keep to it: a 429 is a violation all the same.
 */
export const QUICK_TIMINGS: Timings = { voteSeconds: 5, channelRate: { limit: 20, windowMs: 1000 } };

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
/**
 * A message's buttons, wherever they stand (in rows, in a container, beside a section's text), but a vote's "Story so
 * far": a vote's buttons are then its choices, in order.
 */
export const buttonsOf = (m: StoredMessage) =>
	(nestedButtons(m.components) as ButtonJson[]).filter((b) => !b.custom_id.startsWith(STORY_SO_FAR));
/** A vote's "Story so far" button, for members who join late. */
export const storySoFarOf = (m: StoredMessage) =>
	(nestedButtons(m.components) as ButtonJson[]).find((b) => b.custom_id.startsWith(STORY_SO_FAR));
const STORY_SO_FAR = 'rv1:recap:';

/** A part of a message in Discord's newer layout, as far as these tests read it. */
interface LayoutPart {
	type: number;
	accent_color?: number | null;
	accessory?: { type: number; media?: { url: string }; description?: string };
	content?: string;
	components?: LayoutPart[];
	items?: { media: { url: string }; description?: string }[];
}

/** Whether a message is laid out in Discord's newer layout (a beat): its components are the whole of it. */
export const isLayout = (m: StoredMessage | undefined) => ((m?.flags ?? 0) & MessageFlags.IsComponentsV2) !== 0;

/** Every part of a message in the newer layout, however deep, in reading order. */
export function partsOf(m: StoredMessage | undefined): LayoutPart[] {
	if (!isLayout(m)) return [];
	const all: LayoutPart[] = [];
	const walk = (parts: LayoutPart[]) => {
		for (const part of parts) {
			all.push(part);
			walk(part.components ?? []);
		}
	};
	walk((m?.components ?? []) as LayoutPart[]);
	return all;
}

/** The texts of a message in the newer layout, in reading order. */
export const layoutTexts = (m: StoredMessage | undefined) =>
	partsOf(m).flatMap((p) => (p.type === ComponentType.TextDisplay && p.content ? [p.content] : []));

/** What a member reads in a message: its content, its embed's title and description, or its layout's texts. */
export function textOf(m: StoredMessage | undefined): string {
	if (!m) return '';
	const e = embedOf(m);
	return [m.content, e.title, e.description, ...layoutTexts(m)].filter(Boolean).join('\n');
}

/** Whether a message is a dream's recap: its heading is the ending ("The end: …"). */
export const isRecap = (m: StoredMessage) => layoutTexts(m).some((text) => text.startsWith('## The end'));

/**
 * A beat's line as the story tells it: the text of its layout that is not the scene's heading (`### `) or a small note
 * (`-# `), without the speaker's name over it; an embed's description for a beat posted before the newer layout.
 */
export function beatTextOf(m: StoredMessage): string {
	if (!isLayout(m)) return embedOf(m).description ?? '';
	const line = layoutTexts(m).find((text) => !text.startsWith('### ') && !text.startsWith('-# ')) ?? '';
	return line.replace(/^\*\*[^*\n]+\*\*\n/, '');
}

/**
 * One end-to-end world: the local Discord, a temp store, and Reverie as a real process (`npm start`'s entry, with
 * `DISCORD_API_URL` pointing at the local Discord), which tests can kill and start again; or several copies of it side
 * by side, each under a name, on the same token and store (`startCopy`).
 */
export class Scene {
	private readonly copies = new BotCopies(() => this.baseEnv());
	private constructor(
		readonly discord: LocalDiscord,
		readonly storeUrl: string,
		private readonly env: Record<string, string>,
		readonly timings: Timings,
		private readonly stories: string,
	) {}

	/**
	 * Opens a scene: `env` over the scene's own for every copy of Reverie, the local Discord's `world` and number of
	 * `shards`, its `timings` ({@link REAL_TIMINGS} unless given) and the folder of its built-in dreams, `stories`
	 * ({@link SHORT_DREAMS} unless given; `STORY_DIR` for Reverie's own). The commands are registered as
	 * `deployCommands` registers them, in this process; with `deployScript`, by `npm run deploy-commands`' own
	 * process, as an admin does (a few seconds more).
	 */
	static async open(
		env: Record<string, string> = {},
		world: WorldSpec = WORLD,
		{
			shards,
			timings = REAL_TIMINGS,
			stories = SHORT_DREAMS,
			deployScript = false,
		}: { shards?: number; timings?: Timings; stories?: string; deployScript?: boolean } = {},
	): Promise<Scene> {
		// A bot whose shards may all identify at once (Discord raises max_concurrency for large bots): the manager starts
		// them together instead of 5.5 s apart, which is not what these scenes test.
		const discord = await LocalDiscord.start({ world, shards, maxConcurrency: 16, channelRate: timings.channelRate });
		const storeUrl = `sqlite://${path.join(tempDir(), 'reverie.sqlite')}`;
		const scene = new Scene(discord, storeUrl, env, timings, stories);
		if (deployScript) await scene.deployWithScript();
		else await scene.deploy();
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
			STORY_DIR: this.stories,
			// Under VOTE_SECONDS' floor, the window is a test-only setting, which Reverie says is in force as it starts.
			...(this.timings.voteSeconds < 10
				? { TEST_VOTE_SECONDS: String(this.timings.voteSeconds) }
				: { VOTE_SECONDS: String(this.timings.voteSeconds) }),
			BEAT_DELAY_MS: '0',
			LOG_LEVEL: 'info',
			...this.env,
		};
	}

	/** Registers the commands as the deploy script does, to `DISCORD_GUILD_ID` or (when blank) globally. */
	private async deploy(): Promise<void> {
		const env = this.baseEnv();
		await deployCommands({
			commands: COMMANDS,
			token: this.discord.token,
			clientId: this.discord.applicationId,
			guildId: env.DISCORD_GUILD_ID || null,
			apiUrl: this.discord.apiUrl,
		});
	}

	/** Registers the commands with the real deploy script. */
	private async deployWithScript(): Promise<void> {
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

	/** Every line of every copy's output, each prefixed with `[name] ` (`[main] ` for the one `startBot` runs). */
	get output(): string[] {
		return this.copies.output;
	}

	/** The one bot's process (the copy `startBot` runs), while it runs. */
	get bot(): ChildProcess | null {
		return this.copies.process(MAIN) ?? null;
	}

	/** Starts Reverie and waits until it has taken up the stored dreams. `env` is kept for its next starts. */
	async startBot(env: Record<string, string> = {}): Promise<void> {
		await this.copies.start(MAIN, env);
	}

	/** Kills Reverie at once (SIGKILL: no chance to save anything). */
	async kill(): Promise<void> {
		await this.copies.kill(MAIN);
	}

	/** Stops Reverie as an admin would (SIGTERM) and returns its exit code. */
	async stopBot(): Promise<number | null> {
		return this.copies.stop(MAIN);
	}

	/**
	 * Starts a copy of Reverie named `name`, beside any others, with `env` over the scene's (kept for that copy's next
	 * starts), and waits until it says it has taken up its dreams (`resumed`, the default), that another copy owns its
	 * guilds (`standing by`), whichever comes first (`either`), or nothing. Returns what it said.
	 */
	startCopy(
		name: string,
		env: Record<string, string> = {},
		options: { waitFor?: StartWait; timeoutMs?: number; wrap?: readonly string[] } = {},
	): Promise<keyof typeof SAID | null> {
		return this.copies.start(name, env, options);
	}

	/** Stops the copy `name` (SIGTERM) and returns its exit code. */
	stopCopy(name: string): Promise<number | null> {
		return this.copies.stop(name);
	}

	/** Kills the copy `name` and every process it started (SIGKILL to its process group). */
	killCopy(name: string): Promise<void> {
		return this.copies.kill(name);
	}

	/** The process of the copy `name` while it runs (to signal it as a test needs, e.g. SIGSTOP). */
	copyProcess(name: string): ChildProcess | undefined {
		return this.copies.process(name);
	}

	/** What the copy `name` has printed, line by line, over all its starts (without the `[name] ` prefix). */
	outputOf(name: string): string[] {
		return this.copies.outputOf(name);
	}

	async close(): Promise<void> {
		await this.copies.killAll();
		await this.discord.stop();
	}

	/** How many times Reverie's output (or the copy `name`'s) has said `text` (e.g. each shard's "dreams resumed"). */
	said(text: string, name?: string): number {
		return (name === undefined ? this.output : this.outputOf(name)).filter((line) => line.includes(text)).length;
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

	/**
	 * The beats told in a channel: posts in the newer layout that are neither a vote nor the recap (or, before it, plain
	 * embeds without buttons or author).
	 */
	beats(channel: string): string[] {
		return this.public(channel)
			.filter((m) => m.type === 0 && buttonsOf(m).length === 0 && !isRecap(m) && (isLayout(m) || !embedOf(m).author))
			.map(beatTextOf);
	}

	/** The votes in a channel: its posts with buttons. */
	votes(channel: string): StoredMessage[] {
		return this.public(channel).filter((m) => buttonsOf(m).length > 0);
	}

	/** The dream's recap in a channel: the message whose heading is its ending. */
	ending(channel: string): StoredMessage | undefined {
		return this.public(channel).find(isRecap);
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

/**
 * The choice (0-based) a member was told their ballot counts for, from the answer to their click on `vote`; null when
 * it was not counted (it failed, or was refused).
 */
export function countedChoice(s: Scene, click: InteractionRecord, vote: StoredMessage): number | null {
	const text = textOf(s.answer(click));
	const counted = /^(?:Counted: your vote is for|Changed: your vote is now for|Your vote is already for) “(.+?)”/.exec(
		text,
	)?.[1];
	if (!counted) return null;
	// The vote shows each choice's text beside its numbered button: "**2. Its text** — 1 vote".
	for (const [, number, choice] of textOf(vote).matchAll(/\*\*(\d+)\. (.+?)\*\* — \d+ votes?/g))
		if (choice === counted) return Number(number) - 1;
	return -1;
}

/** The votes per choice a closed vote's text shows. */
export function talliesIn(text: string): number[] {
	return [...text.matchAll(/\*\*\d+\. .+?\*\* — (\d+) votes?/g)].map((m) => Number(m[1]));
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
