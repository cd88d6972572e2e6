import type { Logger } from '../log.js';

/**
 * The work the sessions do that nobody awaits (narration, closing a vote by its clock), tracked so that stopping can
 * wait for it: a beat being posted or a ballot being written finishes before the store closes.
 */
export class BackgroundWork {
	private readonly inflight = new Set<Promise<unknown>>();
	/** Set when stopping: nothing new is taken up. */
	stopping = false;

	constructor(
		private readonly log: Logger,
		private readonly now: () => number,
	) {}

	/** Runs `work` in the background: a failure is logged, never thrown. */
	spawn(work: Promise<unknown>): void {
		// Nobody waits for it but stop(), through the set: its failure is logged here.
		void this.track(work.catch((error) => this.log.error({ err: error }, 'background work failed')));
	}

	/** Keeps `work` in the set that {@link stop} waits for, and hands it back. */
	track<T>(work: Promise<T>): Promise<T> {
		this.inflight.add(work);
		// Only forgets it once settled; whoever awaits `work` sees its failure.
		void work.finally(() => this.inflight.delete(work)).catch(() => undefined);
		return work;
	}

	/** Stops taking up new work and waits for what is in flight, for at most `graceMs`. */
	async stop(graceMs: number): Promise<void> {
		this.stopping = true;
		const deadline = this.now() + graceMs;
		while (this.inflight.size > 0 && this.now() < deadline) {
			let timer: NodeJS.Timeout | undefined;
			const grace = new Promise((resolve) => {
				timer = setTimeout(resolve, Math.max(0, deadline - this.now()));
			});
			await Promise.race([Promise.allSettled([...this.inflight]), grace]);
			clearTimeout(timer);
		}
		if (this.inflight.size > 0)
			this.log.warn({ pending: this.inflight.size }, 'stopped with work still waiting on Discord');
	}
}
