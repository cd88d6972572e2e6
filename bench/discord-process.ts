/**
 * The local Discord of the click benchmarks, in a process of its own (started by bench/discord-proxy.ts as
 * `node --import tsx/esm bench/discord-process.ts`, with an IPC channel): so that the bench's own work (building
 * plans, reading /proc, the store) never delays a click, and the local Discord can have a core of its own. It makes
 * the clicks on its own clock and stamps their dispatch and acknowledgement itself; the bench only asks and collects.
 * See bench/discord-protocol.ts for what it answers.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { buttonsOf as nestedButtons } from '../src/dev/local-discord/layout-checks.js';
import { type InteractionRecord, LocalDiscord, type StoredMessage } from '../src/dev/local-discord/server.js';
import type {
	ClickPlan,
	ClickResult,
	Closes,
	Counters,
	Op,
	Ops,
	PlanResult,
	Reply,
	Request,
	VoteMessage,
} from './discord-protocol.js';
import { sleepUntil } from './runs.js';

const EPHEMERAL = 1 << 6;

/**
 * The custom ids of a message's buttons, wherever they stand (a vote's are beside its choices' texts), but a vote's
 * "Story so far": a vote's are then its choices.
 */
const buttonsOf = (m: StoredMessage) =>
	nestedButtons(m.components)
		.map((b) => b.custom_id ?? '')
		.filter((id) => !id.startsWith('rv1:recap:'));

/** All a message shows, to look for words in: its votes are in components now, older ones in embeds. */
const textOf = (m: StoredMessage | undefined) => (m ? JSON.stringify([m.content, m.embeds, m.components]) : '');

let discord: LocalDiscord | undefined;
/** Every click made, by interaction id, to read its answer later. */
const clicked = new Map<string, InteractionRecord>();
/** The watched closing votes (by message id: their channel), when each was shown closed, and each channel's posts. */
const watched = new Map<string, string>();
const closedAt = new Map<string, number>();
const posts = new Map<string, number[]>();

const local = () => {
	if (!discord) throw new Error('the local Discord is not started');
	return discord;
};

/**
 * One vote message per channel to click on: Reverie's first vote of a dream started there (by member `m<i>`), or the
 * null bot's two buttons, posted with the bot's token; then a second's pause.
 */
async function openVotes(kind: 'reverie' | 'null', channelIds: string[], members: number) {
	const d = local();
	const votes = new Map<string, VoteMessage>();
	if (kind === 'reverie') {
		const starts: Promise<unknown>[] = [];
		for (const [i, channel] of channelIds.entries()) {
			starts.push(
				d.command({ user: `m${i % members}`, channel, name: 'dream', options: [{ type: 1, name: 'start' }] }),
			);
			if (starts.length >= 25) await Promise.all(starts.splice(0));
		}
		await Promise.all(starts);
		for (let waited = 0; votes.size < channelIds.length; waited += 100) {
			for (const channel of channelIds) {
				const vote = d.visibleMessages(channel).find((m) => buttonsOf(m).length > 0);
				if (vote) votes.set(channel, { id: vote.id, buttons: buttonsOf(vote) });
			}
			if (waited > 600_000) throw new Error(`only ${votes.size} votes opened`);
			await sleep(100);
		}
	} else {
		// Posted as the bot, kept under its global limit (a 429 would leave a channel without a vote).
		const spacing = 1000 / Math.max(1, d.globalRate * 0.9);
		for (const [i, channel] of channelIds.entries()) {
			await sleep(i === 0 ? 0 : spacing);
			for (let attempt = 0; ; attempt++) {
				const response = await fetch(`${d.apiUrl}/v10/channels/${channel}/messages`, {
					method: 'POST',
					headers: { authorization: `Bot ${d.token}`, 'content-type': 'application/json' },
					body: JSON.stringify({
						content: 'Vote',
						components: [
							{
								type: 1,
								components: [0, 1].map((n) => ({ type: 2, style: 1, label: `${n}`, custom_id: `c${n}` })),
							},
						],
					}),
				});
				const message = (await response.json()) as { id?: string };
				const stored = message.id && d.message(channel, message.id);
				if (stored) {
					votes.set(channel, { id: stored.id, buttons: buttonsOf(stored) });
					break;
				}
				if (response.status !== 429 || attempt >= 5)
					throw new Error(`no vote posted in ${channel}: ${response.status}`);
				await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
			}
		}
	}
	await sleep(1000);
	return [...votes];
}

async function waitingForFirstBallot(votes: [string, string][]) {
	const d = local();
	for (let waited = 0; ; waited += 250) {
		const waiting = votes.filter(([channel, id]) =>
			textOf(d.message(channel, id)).includes('waits for the first vote'),
		).length;
		if (waiting === votes.length) return null;
		if (waited > 600_000) throw new Error(`only ${waiting} of ${votes.length} votes wait for a first ballot`);
		await sleep(250);
	}
}

/** The plan's clicks, each at its time (late ones at once, as timers catch up), and what came of them. */
async function clicks(plan: ClickPlan): Promise<PlanResult> {
	const d = local();
	const loop = monitorEventLoopDelay({ resolution: 5 });
	const [from, to] = plan.loopWindow ?? [0, Number.POSITIVE_INFINITY];
	const on = setTimeout(() => loop.enable(), Math.max(0, plan.startAt + from - Date.now()));
	const off = Number.isFinite(to) ? setTimeout(() => loop.disable(), plan.startAt + to - Date.now()) : undefined;
	const pending: Promise<ClickResult | Error>[] = [];
	let lateMs = 0;
	for (const click of [...plan.clicks].sort((a, b) => a.at - b.at)) {
		await sleepUntil(plan.startAt + click.at);
		lateMs = Math.max(lateMs, Date.now() - (plan.startAt + click.at));
		pending.push(
			d
				.click({ user: click.user, channel: click.channel, messageId: click.messageId, customId: click.customId })
				.then((r) => {
					clicked.set(r.id, r);
					return {
						id: r.id,
						channelId: r.channelId,
						userId: r.user.id,
						sentAt: r.createdAt,
						callbackAt: r.callbackAt ?? null,
						answeredAt: r.answeredAt ?? null,
					};
				})
				// Kept until every click is made: a rejection left waiting would end this process.
				.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
		);
	}
	const settled = await Promise.all(pending);
	const failure = settled.find((r) => r instanceof Error);
	if (failure) throw failure;
	const results = settled as ClickResult[];
	const settledAt = Date.now();
	clearTimeout(on);
	clearTimeout(off);
	loop.disable();
	return { results, loopP99: loop.count > 0 ? loop.percentile(99) / 1e6 : Number.NaN, settledAt, lateMs };
}

async function answers(ids: string[], waitMs: number) {
	const d = local();
	const contentOf = (id: string) => {
		const record = clicked.get(id);
		return (record && d.responseOf(record)?.content) || null;
	};
	for (let waited = 0; waited < waitMs && !ids.every(contentOf); waited += 200) await sleep(200);
	return Object.fromEntries(ids.map((id) => [id, contentOf(id)]));
}

function counters(): Counters {
	const d = local();
	return {
		calls: Object.fromEntries(d.calls),
		rateLimits: d.violations.filter((v) => v.kind === 'rate-limited').map(({ detail, at }) => ({ detail, at })),
		connectionsOpened: d.connectionsOpened,
		failed: d.violations.filter((v) => v.kind === 'interaction-failed').length,
	};
}

function watchCloses(votes: [string, string][]) {
	const d = local();
	for (const [channel, id] of votes) watched.set(id, channel);
	const channels = new Set(watched.values());
	d.on('message', ({ kind, message }: { kind: string; message: StoredMessage }) => {
		const at = Date.now();
		const channel = watched.get(message.id);
		// Shown closed: its choices' buttons disabled ("Story so far" stays open).
		if (kind === 'update' && channel && !closedAt.has(channel)) {
			const disabled = nestedButtons(message.components)
				.filter((b) => !b.custom_id?.startsWith('rv1:recap:'))
				.every((b) => b.disabled);
			if (disabled) closedAt.set(channel, at);
		}
		// A post everyone sees (not a member's private answer).
		if (kind === 'create' && channels.has(message.channel_id) && !(message.flags & EPHEMERAL))
			posts.set(message.channel_id, [...(posts.get(message.channel_id) ?? []), at]);
	});
	return null;
}

async function closes(deadlines: [string, number][], waitMs: number): Promise<Closes> {
	const postAfter = (channel: string, deadline: number) => posts.get(channel)?.find((at) => at >= deadline);
	const done = () => deadlines.every(([c, deadline]) => closedAt.has(c) && postAfter(c, deadline) !== undefined);
	for (let waited = 0; waited < waitMs && !done(); waited += 250) await sleep(250);
	const result: Closes = { closedAt: {}, postedAt: {} };
	for (const [channel, deadline] of deadlines) {
		const closed = closedAt.get(channel);
		const posted = postAfter(channel, deadline);
		if (closed !== undefined) result.closedAt[channel] = closed;
		if (posted !== undefined) result.postedAt[channel] = posted;
	}
	return result;
}

const handlers: { [K in Op]: (args: Ops[K][0]) => Promise<Ops[K][1]> | Ops[K][1] } = {
	start: async ({ world, globalRate }) => {
		discord = await LocalDiscord.start({ world, ...(globalRate === undefined ? {} : { globalRate }) });
		return {
			token: discord.token,
			applicationId: discord.applicationId,
			apiUrl: discord.apiUrl,
			guilds: discord.world.guilds.map((g) => ({
				id: g.id,
				name: g.name,
				channels: g.channels.map((c) => ({ id: c.id, name: c.name })),
			})),
		};
	},
	command: async (input) => {
		await local().command(input);
		return null;
	},
	openVotes: ({ kind, channelIds, members }) => openVotes(kind, channelIds, members),
	waitingForFirstBallot: ({ votes }) => waitingForFirstBallot(votes),
	clicks,
	answers: ({ ids, waitMs }) => answers(ids, waitMs),
	counters,
	watchCloses: ({ votes }) => watchCloses(votes),
	closes: ({ deadlines, waitMs }) => closes(deadlines, waitMs),
	messageTexts: ({ messages }) =>
		Object.fromEntries(messages.map(([channel, id]) => [channel, textOf(local().message(channel, id))])),
	stop: async () => {
		await discord?.stop();
		return null;
	},
};

const send = process.send?.bind(process);
if (!send) throw new Error('bench/discord-process.ts is started by the benchmarks, with an IPC channel');

process.on('message', (request: Request) => {
	const handle = handlers[request.op] as (args: unknown) => unknown;
	void Promise.resolve()
		.then(() => handle(request.args))
		.then(
			(value): Reply => ({ id: request.id, ok: true, value }),
			(error): Reply => ({ id: request.id, ok: false, error: (error as Error).stack ?? String(error) }),
		)
		.then((reply) => send(reply));
});
// The bench gone (ended, or killed): nothing is left to serve.
process.on('disconnect', () => process.exit(0));
