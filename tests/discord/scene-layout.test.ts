import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/dev/local-discord/checks.js';
import type { LayoutMessage } from '../../src/discord/render.js';
import { renderBeat } from '../../src/discord/scene-layout.js';
import type { BeatView } from '../../src/sessions/ports.js';

const story = { id: 'x', title: 'The Lighthouse', description: 'd', color: 0x2f6f8f, contentHash: 'h' };

interface Part {
	type: number;
	content?: string;
	divider?: boolean;
	items?: { media: { url: string }; description?: string }[];
	components?: Part[];
	accent_color?: number;
}

/** What goes to Discord, through JSON as it is sent: the container's parts, and whether Discord takes it. */
function sent(view: Omit<BeatView, 'story'>) {
	const body = renderBeat({ story, ...view });
	const json = JSON.parse(JSON.stringify({ ...body, files: undefined })) as LayoutMessage & { components: Part[] };
	const files = (body.files ?? []).map((f) => ({ filename: f.name, size: f.attachment.byteLength }));
	const container = json.components[0] as Part;
	return {
		body: json,
		container,
		texts: (container.components ?? []).filter((p) => p.type === 10).map((p) => p.content),
		problems: checkMessage(json, files),
		files: body.files ?? [],
	};
}

describe('a beat in the newer message layout', () => {
	it('GIVEN a beat that opens a scene WHEN rendered THEN it is one container in the dream’s colour, the scene its heading, with no content or embeds, and Discord takes it', () => {
		const { body, container, texts, problems } = sent({ beat: { text: 'A hall.', scene: 'The hall' } });
		expect(body.flags).toBe(1 << 15);
		expect(body).not.toHaveProperty('content');
		expect(body).not.toHaveProperty('embeds');
		expect(body.components).toHaveLength(1);
		expect(container).toMatchObject({ type: 17, accent_color: 0x2f6f8f });
		expect(texts).toEqual(['### The hall', 'A hall.']);
		expect(problems).toEqual([]);
	});

	it('GIVEN a line someone says WHEN rendered THEN the speaker’s name stands over their words', () => {
		const { texts, problems } = sent({ beat: { text: 'You came by the last boat.', speaker: 'Mara' } });
		expect(texts).toEqual(['**Mara**\nYou came by the last boat.']);
		expect(problems).toEqual([]);
	});

	it('GIVEN a picture from the web and one from the story’s zip WHEN rendered THEN each is a gallery with its alt text, the zip’s sent with the message', () => {
		const web = sent({
			beat: { text: 'The shore.', image: { source: 'https://example.org/shore.png', alt: 'A grey beach.' } },
			picture: { kind: 'url', url: 'https://example.org/shore.png', alt: 'A grey beach.' },
		});
		expect(web.container.components?.find((p) => p.type === 12)?.items).toEqual([
			{ media: { url: 'https://example.org/shore.png' }, description: 'A grey beach.' },
		]);
		expect(web.files).toEqual([]);
		expect(web.problems).toEqual([]);

		const bytes = Buffer.from('a picture');
		const own = sent({
			beat: { text: 'The wick.', image: { source: 'pictures/wick.png' } },
			picture: { kind: 'file', name: 'wick.png', bytes },
		});
		const gallery = own.container.components?.find((p) => p.type === 12);
		expect(gallery?.items?.[0]?.media.url).toBe('attachment://wick.png');
		// Without alt text from the story, a screen reader still hears that a picture is there.
		expect(gallery?.items?.[0]?.description).toBe('A picture from the story');
		expect(own.files).toEqual([{ attachment: bytes, name: 'wick.png' }]);
		expect(own.problems).toEqual([]);
	});

	it('GIVEN a speaker with a voice of their own WHEN their line is rendered THEN it takes their colour, their portrait stands beside their words, and a file shown twice is sent once', () => {
		const bytes = Buffer.from('a face');
		const voiced = { ...story, voices: { Mara: { color: 0x8f3b2f, portrait: 'pictures/mara.png' } } };
		const body = renderBeat({
			story: voiced,
			beat: { text: 'Light it.', speaker: 'Mara', image: { source: 'pictures/mara.png' } },
			portrait: { kind: 'file', name: 'mara.png', bytes, alt: 'Mara' },
			picture: { kind: 'file', name: 'mara.png', bytes, alt: 'Mara again' },
		});
		const json = JSON.parse(JSON.stringify({ ...body, files: undefined })) as { components: Part[] };
		const container = json.components[0] as Part & { components: (Part & { accessory?: unknown })[] };
		expect(container.accent_color).toBe(0x8f3b2f);
		expect(container.components[0]).toEqual({
			type: 9,
			components: [{ type: 10, content: '**Mara**\nLight it.' }],
			accessory: { type: 11, media: { url: 'attachment://mara.png' }, description: 'Mara' },
		});
		expect(body.files).toEqual([{ attachment: bytes, name: 'mara.png' }]);
		expect(checkMessage(json, [{ filename: 'mara.png', size: bytes.byteLength }])).toEqual([]);
		// Another speaker, and the narration, keep the dream's colour.
		const plain = renderBeat({ story: voiced, beat: { text: 'The lamp.', speaker: 'Bram' } });
		expect(plain.components[0]).toMatchObject({ accent_color: 0x2f6f8f });
	});

	it('GIVEN a beat whose picture was left out WHEN rendered THEN it is told without a gallery', () => {
		const { container } = sent({ beat: { text: 'The lamp.', image: { source: 'http://example.org/lamp.png' } } });
		expect(container.components?.some((p) => p.type === 12)).toBe(false);
	});

	it('GIVEN a new chapter in a scene under way WHEN rendered THEN a rule opens it, and the scene’s heading comes again', () => {
		const { container, texts, problems } = sent({ beat: { text: 'Later.', chapter: true }, scene: 'The shore' });
		expect(container.components?.[0]).toMatchObject({ type: 14, divider: true });
		expect(texts).toEqual(['### The shore', 'Later.']);
		expect(problems).toEqual([]);
	});

	it('GIVEN a sound on the web and one named by path WHEN rendered THEN the web’s is a link saying Discord does not play it, and the other is left out', () => {
		const web = sent({ beat: { text: 'Gulls.', audio: 'https://example.org/gulls.ogg' } });
		expect(web.texts).toEqual([
			'Gulls.',
			'-# A sound goes with this line: https://example.org/gulls.ogg (Discord does not play it here)',
		]);
		expect(sent({ beat: { text: 'The tide.', audio: 'sounds/tide.ogg' } }).texts).toEqual(['The tide.']);
	});

	it('GIVEN the longest beat a story may hold, with a heading, a speaker and a sound WHEN rendered THEN it keeps within the layout’s 4,000 characters', () => {
		const { problems } = sent({
			beat: {
				text: 'w'.repeat(1500),
				scene: 's'.repeat(300),
				speaker: 'Mara',
				audio: `https://example.org/${'a'.repeat(600)}`,
			},
		});
		expect(problems).toEqual([]);
	});
});
