import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/dev/local-discord/checks.js';
import type { ComponentLike } from '../../src/dev/local-discord/layout-checks.js';
import { renderEnding } from '../../src/discord/recap-layout.js';
import { MAP_FILE } from '../../src/discord/render.js';
import { recapWords } from '../../src/discord/words/index.js';
import type { EndingView } from '../../src/sessions/ports.js';

const story = { id: 'x', title: 'Two Doors', description: 'd', color: 0x336699, contentHash: 'h' };

/** The recap as it goes to Discord, read as a member reads it, and whether Discord takes it with its files. */
function read(ending: EndingView, options?: { attach: boolean }) {
	const body = renderEnding(ending, options);
	const sent = JSON.parse(JSON.stringify({ ...body, files: undefined })) as {
		flags: number;
		components: ComponentLike[];
	};
	const container = sent.components[0] as ComponentLike;
	const parts = container.components ?? [];
	const files = (body.files ?? []).map((f) => ({ filename: f.name, size: f.attachment.byteLength }));
	return {
		body,
		container,
		texts: parts.filter((p) => p.type === 10).map((p) => String(p.content)),
		gallery: parts.find((p) => p.type === 12)?.items ?? [],
		problems: checkMessage(sent, files),
	};
}

describe('the recap in the newer message layout', () => {
	const end: EndingView = {
		story,
		ending: 'The glass garden',
		found: { count: 2, total: { endings: 3, samplePlays: null }, newEnding: true },
		map: null,
		dreamers: 3,
		beatsTold: 6,
		history: [{ round: 1, choice: 'Take the key', votes: 2, ballots: 3, closedBy: 'deadline' }],
	};

	it('GIVEN a dream’s end WHEN rendered THEN the dream’s name, the ending, the path the group took, the dreamers and the endings found are shown, in the dream’s colour', () => {
		const { body, container, texts, problems } = read(end);
		expect(body.flags).toBe(1 << 15);
		expect(container).toMatchObject({ type: 17, accent_color: 0x336699 });
		expect(texts[0]).toBe('-# Two Doors');
		expect(texts[1]).toBe('## The end: The glass garden');
		expect(texts[2]).toContain('1. Take the key — 2 of 3 votes');
		const tail = texts.at(-1) ?? '';
		expect(tail).toContain('**A new ending for this server.** 2 of 3 endings found.');
		expect(tail).toContain('3 dreamers took part · 6 beats told');
		expect(tail).toContain('/dream start');
		expect(problems).toEqual([]);
		expect(read({ ...end, found: { count: 2, total: null, newEnding: false } }).texts.at(-1)).toContain(
			'This server had reached this ending before. 2 endings found.',
		);
		const sampled = read({ ...end, found: { count: 2, total: { endings: 5, samplePlays: 2000 }, newEnding: true } });
		expect(sampled.texts.at(-1)).toContain(
			'**A new ending for this server.** 2 found of the 5 endings seen in 2,000 sample plays.',
		);
		const untitled = read({
			...end,
			ending: null,
			found: { count: 0, total: { endings: 1, samplePlays: null }, newEnding: false },
		});
		expect(untitled.texts[1]).toBe('## The end');
		expect(untitled.texts.at(-1)).toMatch(/^0 of 1 ending found\.\n/);
	});

	it('GIVEN a night of a hundred long votes WHEN rendered THEN the path is shortened so that the recap keeps within the layout’s 4,000 characters', () => {
		const history = Array.from({ length: 100 }, (_, i) => ({
			round: i + 1,
			choice: `Choice ${i} ${'word '.repeat(30)}`,
			votes: 1,
			ballots: 1,
			closedBy: 'deadline' as const,
		}));
		const { texts, problems } = read({ ...end, history });
		expect(texts.join('').length).toBeLessThanOrEqual(4000);
		expect(problems).toEqual([]);
	});

	const mapped: EndingView = { ...end, map: Buffer.from([0x89, 0x50, 0x4e, 0x47]), history: [] };

	it('GIVEN a map WHEN Reverie may attach files THEN the recap carries it as a file its gallery shows, with words for who cannot see it', () => {
		const { body, gallery, texts, problems } = read(mapped);
		expect(body.files).toEqual([{ attachment: mapped.map, name: MAP_FILE }]);
		expect(gallery).toEqual([
			{ media: { url: `attachment://${MAP_FILE}` }, description: recapWords.mapAlt('Two Doors') },
		]);
		expect(texts.join('\n')).not.toContain(recapWords.noMap);
		expect(problems).toEqual([]);
	});

	it('GIVEN a map WHEN Reverie may not attach files there THEN the recap goes without it and says so', () => {
		const { body, gallery, texts } = read(mapped, { attach: false });
		expect(body.files).toBeUndefined();
		expect(gallery).toEqual([]);
		expect(texts.at(-1)).toContain(recapWords.noMap);
	});
});
