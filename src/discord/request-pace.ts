/**
 * The pace of Reverie's channel requests: at most `perSecond` on average, `burst` at once. discord.js keeps the bot
 * under Discord's global 50 requests a second by holding what is over it until the second is out, then letting it
 * all go together: under a backlog (a thousand votes closing), fifty requests, their answers and their gateway
 * events every second at once, which the clicks arriving just then wait behind. Spread evenly, they do not.
 */
/** What {@link DiscordOutput}'s requests keep to: a time booked for each, then a check once it has come. */
export interface Pace {
	book(): number;
	clear(): number;
}

export class RequestPace implements Pace {
	/** Requests that may go now; below zero, how many are already booked ahead. */
	private tokens: number;
	private last: number;
	/** When the last `perSecond` requests went (fewer until that many have), oldest at `oldest` once full (a ring). */
	private readonly sent: number[] = [];
	private oldest = 0;
	private readonly window: number;

	constructor(
		private readonly perSecond: number,
		private readonly burst: number,
		private readonly now: () => number = () => performance.now(),
	) {
		this.tokens = burst;
		this.last = now();
		this.window = Math.max(1, Math.ceil(perSecond));
	}

	/** Books the next request's time: how long from now it should wait, in ms (0: it may go at once). */
	book(): number {
		const now = this.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
		this.last = now;
		this.tokens -= 1;
		return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.perSecond;
	}

	/**
	 * Once a booked request's time has come: 0, and the request counted as sent, if fewer than `perSecond` went in the
	 * last second; else how long to wait before asking again (ms). Booked times keep to the pace, but a busy event loop
	 * wakes their timers late and together: requests held up at the end of one second would go with the next second's
	 * own, over Discord's global limit. Ask in the order booked: whoever asks first goes first.
	 */
	clear(): number {
		const now = this.now();
		if (this.sent.length < this.window) {
			this.sent.push(now);
			return 0;
		}
		const since = now - (this.sent[this.oldest] ?? Number.NEGATIVE_INFINITY);
		if (since < 1000) return 1000 - since;
		this.sent[this.oldest] = now;
		this.oldest = (this.oldest + 1) % this.sent.length;
		return 0;
	}
}
