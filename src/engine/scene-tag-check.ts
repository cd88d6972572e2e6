/**
 * The check of the tags a scene is laid out with (`scene-tags.ts`): what would be left out when telling (a picture the
 * story does not bring, an address that is not `https`), what a member who uses a screen reader would miss (a picture
 * without alt text), and what Discord cannot do (play a sound inline). All warnings: the dream is told without what
 * they name, never with a broken message. Each is said once per picture or sound, however many lines show it.
 */
import type { Place } from './places.js';
import { MAX_ALT_CHARS, parsePicture, type SceneTagName, sourceKind, splitSpeaker, storyPath } from './scene-tags.js';
import { parseVoice } from './tags.js';

type Report = (place: Place, message: string) => void;

/** ink reads `//` as the start of a comment, in a tag too: `https://…` written as it is leaves only `https:`. */
const cutByComment = (source: string) => /^https?:$/i.test(source.split(/\s/)[0] ?? '');

const cutMessage = (tag: string, value: string) =>
	`"# ${tag}: ${value}" is an address cut short: ink reads "//" as the start of a comment, so write it as ` +
	`"${value}\\/\\/…" (each slash after the colon escaped); it is left out when telling`;

export class SceneTagCheck {
	private readonly said = new Set<string>();
	private readonly speakers = new Set<string>();

	/** `pictures`: the paths of the pictures the story brings (a zip's, or the files beside an author's story). */
	constructor(
		private readonly pictures: ReadonlySet<string>,
		private readonly report: Report,
	) {}

	/** Checks one of the line's scene tags. */
	tag(key: SceneTagName, value: string, place: Place): void {
		if (key === 'image') this.picture(value, place);
		else if (key === 'audio') this.sound(value, place);
		else if (key === 'speaker' && value === '') this.once(`speaker:${place.line}`, place, '"# speaker:" needs a name');
	}

	/** Checks a `# voice:` at the top of the story: its form, and its portrait as a picture is checked. */
	voice(value: string, place: Place): void {
		const voice = parseVoice(value);
		if (!voice) {
			this.once(
				`voice:${value}`,
				place,
				`"# voice: ${value}" is ignored: write a name, then a colour or a portrait or both ` +
					'(# voice: Mara, \\#c0392b, pictures/mara.png)',
			);
			return;
		}
		const { portrait } = voice.voice;
		if (portrait) this.source(portrait, 'voice', place);
	}

	/** Notes who speaks a line told with these tags. */
	line(text: string, tags: readonly { key: string; value: string }[]): void {
		const tagged = tags.findLast((t) => t.key === 'speaker' && t.value !== '')?.value;
		const { speaker } = splitSpeaker(text, tagged);
		if (speaker !== undefined) this.speakers.add(speaker);
	}

	/** The speakers found, in the order first met. */
	speakersFound(): string[] {
		return [...this.speakers];
	}

	private picture(value: string, place: Place) {
		const picture = parsePicture(value);
		if (!picture)
			return this.once(`image:${place.line}`, place, '"# IMAGE:" names no picture: give a path or an https address');
		const { source, alt } = picture;
		if (!this.source(source, 'IMAGE', place)) return;
		if (alt === undefined)
			this.once(
				`alt:${source}`,
				place,
				`the picture "${source}" has no alt text: write what it shows after its path, in quotes ` +
					`(# IMAGE: ${source} "…"), for members who use a screen reader`,
			);
		else if (alt.length > MAX_ALT_CHARS)
			this.once(`alt:${source}`, place, `the alt text of "${source}" is cut to ${MAX_ALT_CHARS} characters`);
	}

	/** Whether a picture of an `# IMAGE:` or a `# voice:` can be shown; when not, it is said once why it is left out. */
	private source(source: string, tag: 'IMAGE' | 'voice', place: Place): boolean {
		if (cutByComment(source)) {
			this.once(`image:${place.line}:${source}`, place, cutMessage(tag, source));
			return false;
		}
		const kind = sourceKind(source);
		if (kind === 'refused') {
			this.once(
				`image:${source}`,
				place,
				`"${source}" in a "# ${tag}:" is not an https address or a picture of the story: it is left out when telling`,
			);
			return false;
		}
		if (kind === 'file' && !this.hasPicture(source)) {
			this.once(
				`image:${source}`,
				place,
				`"${source}" in a "# ${tag}:" names no picture the story brings (a .zip of the story brings its pictures): ` +
					'it is left out when telling',
			);
			return false;
		}
		return true;
	}

	private sound(value: string, place: Place) {
		if (value === '') return this.once(`audio:${place.line}`, place, '"# AUDIO:" names no sound');
		if (cutByComment(value)) return this.once(`audio:${place.line}`, place, cutMessage('AUDIO', value));
		const kind = sourceKind(value);
		this.once(
			`audio:${value}`,
			place,
			kind === 'https'
				? `"# AUDIO: ${value}" is shown as a link: Discord does not play sounds in a message`
				: `"# AUDIO: ${value}" is left out: Discord does not play sounds in a message, and a story brings only ` +
						'pictures; give an https address to show it as a link',
		);
	}

	private hasPicture(source: string): boolean {
		const at = storyPath(source);
		return at !== null && this.pictures.has(at);
	}

	private once(id: string, place: Place, message: string) {
		if (this.said.has(id)) return;
		this.said.add(id);
		this.report(place, message);
	}
}
