import {
	type BeatView,
	ChannelGoneError,
	type ChannelOutput,
	type EndingView,
	type Notice,
	type NoticeView,
	type VoteView,
} from '../../src/sessions/ports.js';

export type Posted =
	| { id: string; channelId: string; kind: 'beat'; view: BeatView; nonce: string }
	| { id: string; channelId: string; kind: 'vote'; view: VoteView; nonce: string; edits: VoteView[] }
	| { id: string; channelId: string; kind: 'ending'; view: EndingView; nonce: string }
	| { id: string; channelId: string; kind: 'notice'; view: NoticeView };

type Unposted = Posted extends infer P ? (P extends Posted ? Omit<P, 'id'> : never) : never;

/**
 * The sessions' view of a chat, kept in memory: what was posted where, and every edit. Like Discord with
 * `enforce_nonce`, a post that repeats an earlier nonce in the channel returns the earlier message instead of
 * posting again. `gone` channels answer every call with {@link ChannelGoneError}; `hangAfterPost` makes the next
 * post land and then never answer, like a process that dies right after Discord took the message, and `hangAfterEdit`
 * the same for the next edit. `timeline` lists every post and edit in the order they landed, across channels.
 */
export class FakeChannel implements ChannelOutput {
	readonly posted: Posted[] = [];
	readonly gone = new Set<string>();
	hangAfterPost = false;
	hangAfterEdit = false;
	/** How many of the next edits fail, as Discord answering 500s after every retry. */
	failEdits = 0;
	/** An edit takes up to this long to land, in ms, varying from edit to edit (Discord does not answer at once). */
	editDelayMs = 0;
	/** The same varied delays in every run: a small linear congruential sequence, not Math.random. */
	private delaySeed = 1;
	typingCount = 0;
	/** While set, a vote's post is answered only once it settles: a post still under way when something else happens. */
	votePostGate: Promise<void> | null = null;
	/** While set, an edit lands only once it settles: an edit waiting on Discord's budget. */
	editGate: Promise<void> | null = null;
	readonly timeline: { channelId: string; kind: Posted['kind'] | 'edit'; state?: VoteView['state'] }[] = [];
	private nextId = 1;

	/** A fraction in [0, 1), from a fixed sequence. */
	private nextFraction(): number {
		this.delaySeed = (this.delaySeed * 1103515245 + 12345) % 2 ** 31;
		return this.delaySeed / 2 ** 31;
	}

	private check(channelId: string) {
		if (this.gone.has(channelId)) throw new ChannelGoneError(channelId, 'Unknown Channel');
	}

	private async post(message: Unposted): Promise<string> {
		this.check(message.channelId);
		const nonce = 'nonce' in message ? message.nonce : undefined;
		const earlier = this.posted.find((p) => 'nonce' in p && p.nonce === nonce && p.channelId === message.channelId);
		if (earlier) return earlier.id;
		const id = String(this.nextId++);
		this.posted.push({ ...message, id } as Posted);
		this.timeline.push({ channelId: message.channelId, kind: message.kind });
		if (this.hangAfterPost) {
			this.hangAfterPost = false;
			return new Promise<string>(() => undefined);
		}
		return id;
	}

	postBeat(channelId: string, view: BeatView, nonce: string) {
		return this.post({ channelId, kind: 'beat', view, nonce });
	}
	async postVote(channelId: string, view: VoteView, nonce: string) {
		const id = await this.post({ channelId, kind: 'vote', view, nonce, edits: [] });
		await this.votePostGate;
		return id;
	}
	async editVote(channelId: string, messageId: string, view: VoteView) {
		this.check(channelId);
		await this.editGate;
		if (this.failEdits > 0) {
			this.failEdits--;
			throw new Error('500 Internal Server Error');
		}
		if (this.editDelayMs > 0)
			await new Promise((resolve) => setTimeout(resolve, this.editDelayMs * this.nextFraction()));
		const message = this.posted.find((p) => p.id === messageId);
		if (message?.kind !== 'vote') throw new ChannelGoneError(channelId, 'Unknown Message');
		message.edits.push(view);
		this.timeline.push({ channelId, kind: 'edit', state: view.state });
		if (this.hangAfterEdit) {
			this.hangAfterEdit = false;
			await new Promise<void>(() => undefined);
		}
	}
	postEnding(channelId: string, view: EndingView, nonce: string) {
		return this.post({ channelId, kind: 'ending', view, nonce });
	}
	async postNotice(channelId: string, view: NoticeView) {
		this.check(channelId);
		this.posted.push({ id: String(this.nextId++), channelId, kind: 'notice', view });
	}
	async typing(channelId: string) {
		this.check(channelId);
		this.typingCount++;
	}

	in(channelId: string): Posted[] {
		return this.posted.filter((p) => p.channelId === channelId);
	}
	beats(channelId: string): string[] {
		return this.in(channelId).flatMap((p) => (p.kind === 'beat' ? [p.view.beat.text] : []));
	}
	votes(channelId: string) {
		return this.in(channelId).flatMap((p) => (p.kind === 'vote' ? [p] : []));
	}
	lastVote(channelId: string) {
		return this.votes(channelId).at(-1);
	}
	/** The vote message as it looks now: its last edit, or as posted. */
	shownVote(channelId: string): VoteView | undefined {
		const vote = this.lastVote(channelId);
		return vote ? (vote.edits.at(-1) ?? vote.view) : undefined;
	}
	ending(channelId: string) {
		return this.in(channelId).find((p) => p.kind === 'ending');
	}
	notices(channelId: string): Notice[] {
		return this.in(channelId).flatMap((p) => (p.kind === 'notice' ? [p.view.notice] : []));
	}
}
