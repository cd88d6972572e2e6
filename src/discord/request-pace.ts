/**
 * The pace of Reverie's channel requests: at most `perSecond` on average, `burst` at once. discord.js keeps the bot
 * under Discord's global 50 requests a second by holding what is over it until the second is out, then letting it
 * all go together: under a backlog (a thousand votes closing), fifty requests, their answers and their gateway
 * events every second at once, which the clicks arriving just then wait behind. Spread evenly, they do not.
 */
export class RequestPace {
	/** Requests that may go now; below zero, how many are already booked ahead. */
	private tokens: number;
	private last: number;

	constructor(
		private readonly perSecond: number,
		private readonly burst: number,
		private readonly now: () => number = () => performance.now(),
	) {
		this.tokens = burst;
		this.last = now();
	}

	/** Books the next request's time: how long from now it should wait, in ms (0: it may go at once). */
	book(): number {
		const now = this.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
		this.last = now;
		this.tokens -= 1;
		return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.perSecond;
	}
}
