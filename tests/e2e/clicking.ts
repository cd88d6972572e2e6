import type { InteractionRecord, StoredMessage } from '../../src/dev/local-discord/server.js';
import { buttonsOf, countedChoice, type Scene, talliesIn } from './harness.js';

/** A vote members click: its channel and message, and who clicks it. */
export interface Target {
	channel: string;
	vote: StoredMessage;
	members: readonly string[];
}

/** One click and what the member was told. */
export interface Click {
	channel: string;
	user: string;
	choice: number;
	/** When it was sent (epoch ms). */
	at: number;
	record: InteractionRecord;
	/**
	 * Acknowledged ("thinking…") and never answered within {@link GIVE_UP_MS} (a copy killed between its acknowledgement
	 * and its answer), then clicked again: `record` and `at` are the second click's.
	 */
	stuck?: true;
}

/** A click still at "thinking…" when its member gave up. */
type Stuck = Omit<Click, 'record'> & { stuck: true };

/** How long a member waits at "thinking…" before giving up on a click. */
const GIVE_UP_MS = 10_000;

/**
 * Members clicking the `targets`' votes in turn, one click every `everyMs`, round the members and the choices, until
 * stopped; each click is kept with its answer (a click fails, as on Discord, when nobody answers it within 3 s).
 */
export function keepClicking(s: Scene, targets: readonly Target[], everyMs: number) {
	const clicks: Promise<Click | Stuck>[] = [];
	let n = 0;
	const timer = setInterval(() => {
		const target = targets[n % targets.length] as Target;
		const round = Math.floor(n / targets.length);
		const user = target.members[round % target.members.length] as string;
		const choice = Math.floor(round / target.members.length) % buttonsOf(target.vote).length;
		n++;
		const at = Date.now();
		const gaveUp = new Promise<null>((resolve) => setTimeout(() => resolve(null), GIVE_UP_MS));
		clicks.push(
			Promise.race([s.click(user, target.channel, target.vote, choice), gaveUp]).then((record) =>
				record
					? { channel: target.channel, user, choice, at, record }
					: { channel: target.channel, user, choice, at, stuck: true as const },
			),
		);
	}, everyMs);
	return {
		/**
		 * Stops clicking and returns every click's answer. A member whose click got stuck clicks the same choice again
		 * (their ballot may or may not have been written; the new click settles which): that click stands for it, marked.
		 */
		async stop(): Promise<Click[]> {
			clearInterval(timer);
			const settled = await Promise.all(clicks);
			return Promise.all(
				settled.map(async (c) => {
					if (!('stuck' in c)) return c;
					const target = targets.find((t) => t.channel === c.channel) as Target;
					const record = await s.click(c.user, c.channel, target.vote, c.choice);
					return { ...c, at: Date.now(), record, stuck: true as const };
				}),
			);
		},
	};
}

/** What became of the clicks, as the table counts them. */
export interface ClickCounts {
	sent: number;
	answeredOnce: number;
	answeredTwice: number;
	unanswered: number;
}

export function countClicks(s: Scene, clicks: readonly Pick<Click, 'record' | 'stuck'>[]): ClickCounts {
	const twice = s.discord.violations.filter((v) => v.kind === 'double-callback').length;
	const unanswered = clicks.filter((c) => c.record.failed || c.stuck).length;
	return { sent: clicks.length, answeredOnce: clicks.length - unanswered - twice, answeredTwice: twice, unanswered };
}

/**
 * The tallies each vote must show once closed: every member's last choice they were told was counted. Throws if a
 * member was told a choice other than the one they clicked.
 */
export function expectedTallies(s: Scene, clicks: readonly Click[], target: Target): number[] {
	const last = new Map<string, number>();
	for (const click of [...clicks].sort((a, b) => a.at - b.at)) {
		if (click.channel !== target.channel) continue;
		const counted = countedChoice(s, click.record, target.vote);
		if (counted === null) continue;
		if (counted !== click.choice) throw new Error(`${click.user} clicked ${click.choice} and was told ${counted}`);
		last.set(click.user, counted);
	}
	return buttonsOf(target.vote).map((_, i) => [...last.values()].filter((choice) => choice === i).length);
}

/** The tallies a closed vote's text shows (re-exported for the tests that count clicks). */
export { talliesIn };
