/**
 * How long a beat stays alone before the next one: long enough to read it, short enough to feel told aloud.
 * Shared by the terminal playtest and the channel narration so an author hears the pace the channel will.
 */
export interface PaceOptions {
	/** The pause before any beat, in ms. */
	baseMs?: number;
	/** Reading time per character, in ms (about 20 characters a second). */
	perCharMs?: number;
	/** The longest pause reading time may ask for, in ms (a `# pause:` tag adds to it). */
	maxMs?: number;
}

export const DEFAULT_PACE: Required<PaceOptions> = { baseMs: 1200, perCharMs: 50, maxMs: 12_000 };

/** Milliseconds to wait after a beat of `text`, plus its `# pause:` seconds. */
export function beatDelayMs(text: string, pauseSeconds = 0, pace: PaceOptions = {}): number {
	const { baseMs, perCharMs, maxMs } = { ...DEFAULT_PACE, ...pace };
	const reading = Math.min(maxMs, baseMs + text.length * perCharMs);
	return Math.round(reading + pauseSeconds * 1000);
}
