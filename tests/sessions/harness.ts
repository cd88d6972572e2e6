import path from 'node:path';
import pino from 'pino';
import { unpackStoryArchive } from '../../src/engine/archive.js';
import {
	type Catalogue,
	checkStory,
	compileFile,
	InProcessTeller,
	loadCatalogue,
	type StoryTeller,
	sceneGraph,
} from '../../src/engine/index.js';
import { renderMap } from '../../src/map/index.js';
import type { StoryChecker } from '../../src/sessions/library.js';
import type { ServerEvents } from '../../src/sessions/ports.js';
import { Sessions } from '../../src/sessions/sessions.js';
import { type GuildSettings, NIGHT_DEFAULTS } from '../../src/store/records.js';
import { Store } from '../../src/store/store.js';
import { FIXTURES, tempDir, waitFor } from '../helpers.js';
import { FakeChannel } from './fake-channel.js';

export const GUILD = '100000000000000001';
export const CHANNEL = '200000000000000001';

export const silent = pino({ level: 'silent' });

/** A store on a fresh SQLite file, and a way to open a second handle on it (a restarted bot). */
export function sqliteUrl(): string {
	return `sqlite://${path.join(tempDir(), 'reverie.sqlite')}`;
}

export interface Bot {
	sessions: Sessions;
	store: Store;
	channel: FakeChannel;
	stop(): Promise<void>;
}

/**
 * The story checker run on this thread, not in the sandbox: the same checks, quicker to start (the sandbox's own
 * limits are tested in tests/engine and end to end).
 */
export const checkerOnThisThread: StoryChecker = {
	check: async (fileName, source, options = {}) => ({
		kind: 'checked',
		report: checkStory(fileName, { source, ...options, maxMs: 1000 }),
	}),
	graph: async (fileName, source, options = {}) => {
		const compiled = compileFile(fileName, { source, ...(options.includes ? { includes: options.includes } : {}) });
		if (!compiled.ok) return { kind: 'refused', reason: 'it does not compile' };
		return { kind: 'graph', graph: sceneGraph(compiled.compiled, { maxMs: 1000 }) };
	},
	unpack: async (fileName, bytes) => unpackStoryArchive(bytes, fileName),
};

/** A Reverie over the fixture stories, telling without pauses, with votes of `voteMs`. */
export function startBot(options: {
	url: string;
	channel?: FakeChannel;
	voteMs?: number;
	beatDelayMs?: number;
	catalogue?: Catalogue;
	/** Runs the turns; the engine's runner on this thread unless given. */
	teller?: StoryTeller;
	/** Checks added stories; the checker on this thread unless given. */
	checker?: StoryChecker;
	/** A store opened by the test (with its own options), instead of one opened on `url`. */
	store?: Store;
	/** The bot's clock, when not the real one. */
	now?: () => number;
	/** The server's events and threads, for story nights. */
	events?: ServerEvents;
	/** Settings for a server that has set none, beside the harness's own. */
	defaults?: Partial<GuildSettings>;
}): Bot {
	const store = options.store ?? Store.open(options.url, silent);
	const channel = options.channel ?? new FakeChannel();
	const sessions = new Sessions({
		store,
		catalogue: options.catalogue ?? loadCatalogue(FIXTURES),
		teller: options.teller ?? new InProcessTeller({ log: silent }),
		checker: options.checker ?? checkerOnThisThread,
		painter: { paint: async (graph, view) => renderMap(graph, view).png },
		output: channel,
		log: silent,
		defaults: { voteSeconds: 60, pace: 'normal', moderatorRoleId: null, ...NIGHT_DEFAULTS, ...options.defaults },
		...(options.events ? { events: options.events } : {}),
		beatDelayMs: options.beatDelayMs ?? 0,
		voteMsOverride: options.voteMs ?? 60_000,
		now: options.now,
	});
	return {
		sessions,
		store,
		channel,
		stop: async () => {
			await sessions.close(1000);
			await store.close();
		},
	};
}

/** Bots a test file starts, stopped after each test: `bot` starts one, `stopAll` (in `afterEach`) stops them. */
export function trackedBots() {
	const running: Bot[] = [];
	return {
		bot(options: Parameters<typeof startBot>[0]): Bot {
			const b = startBot(options);
			running.push(b);
			return b;
		},
		/** Stops one now (a restart), so that `stopAll` does not stop it again. */
		async stop(b: Bot): Promise<void> {
			running.splice(running.indexOf(b), 1);
			await b.stop();
		},
		async stopAll(): Promise<void> {
			for (const b of running.splice(0)) await b.stop();
		},
	};
}

/** Waits for vote `round` to be posted in the channel and returns a way to click its buttons. */
export async function voteOpen(b: Bot, round: number, channelId = CHANNEL) {
	const vote = await waitFor(`vote ${round}`, () => b.channel.votes(channelId).find((v) => v.view.round === round));
	return (userId: string, choice: number) =>
		b.sessions.vote({ channelId, sessionId: vote.view.sessionId, round, choice, userId });
}
