/**
 * What a channel's dream has in memory besides its record: its timers, whether its driver runs, and how
 * long to wait before trying again after a failure. The record is the truth; this is only what a process does
 * about it now, and a restart builds it again from the records.
 */
export interface ChannelActivity {
	/** Closes the vote at its deadline, or tries a failed close again. */
	voteTimer?: NodeJS.Timeout;
	/** The coming edit of the vote's tallies. */
	tallyTimer?: NodeJS.Timeout;
	/** When the tallies were last edited (ms, on the sessions' clock). */
	lastTallyEdit: number;
	/** The driver is taking this channel's dream through its steps (one driver at a time). */
	driving: boolean;
	/** Asked to drive while it was: the driver looks at the record again before it rests. */
	again: boolean;
	/** The vote this process last showed closed on its message (so it is not shown twice). */
	shownClosed: { sessionId: string; round: number } | null;
	/** Takes the dream up again after a failure to post or to reach the store. */
	retryTimer?: NodeJS.Timeout;
	/** The pause before the next try after a failure; 0 after a success. */
	retryMs: number;
	/** Ends the current pause between beats early. */
	wake?: () => void;
	/**
	 * Messages deleted while the vote's own message was on its way (its id not yet recorded): if it was one of them,
	 * the dream ends once its id is known.
	 */
	deletedWhilePosting?: Set<string>;
}

/** The longest wait between two tries after a failure (Discord or the store being down). */
const MAX_RETRY_MS = 60_000;
const FIRST_RETRY_MS = 1000;

/** Every channel with a dream at work in this process, by channel id. */
export class ActiveChannels {
	private readonly channels = new Map<string, ChannelActivity>();

	/** The channel's activity, made when it has none. */
	of(channelId: string): ChannelActivity {
		let activity = this.channels.get(channelId);
		if (!activity) {
			activity = { lastTallyEdit: 0, driving: false, again: false, shownClosed: null, retryMs: 0 };
			this.channels.set(channelId, activity);
		}
		return activity;
	}

	get(channelId: string): ChannelActivity | undefined {
		return this.channels.get(channelId);
	}

	/** Drops a channel's timers and ends its pause (after a reset, an ending); a running driver sees it. */
	forget(channelId: string): void {
		const activity = this.channels.get(channelId);
		if (!activity) return;
		clearTimeout(activity.voteTimer);
		clearTimeout(activity.tallyTimer);
		clearTimeout(activity.retryTimer);
		activity.wake?.();
		if (!activity.driving) this.channels.delete(channelId);
	}

	/** Forgets a channel once nothing is at work in it any more. */
	dropIfIdle(channelId: string): void {
		const activity = this.channels.get(channelId);
		if (activity && !activity.driving && !activity.voteTimer && !activity.tallyTimer && !activity.retryTimer)
			this.channels.delete(channelId);
	}

	forgetAll(): void {
		for (const channelId of [...this.channels.keys()]) this.forget(channelId);
	}

	get size(): number {
		return this.channels.size;
	}
}

/** The next pause after a failure: doubling from a second, up to a minute. */
export function nextRetryMs(activity: ChannelActivity): number {
	activity.retryMs = Math.min(MAX_RETRY_MS, Math.max(FIRST_RETRY_MS, activity.retryMs * 2));
	return activity.retryMs;
}
