import { describe, expect, it } from 'vitest';
import { checkStory } from '../../src/engine/check.js';
import { type CompiledStory, compileFile, type Passage, type RunResult, StoryRunner } from '../../src/engine/index.js';
import { toBeats } from '../../src/engine/runner.js';
import { parsePicture, sourceKind, splitSpeaker, storyPath } from '../../src/engine/scene-tags.js';
import { fixture } from '../helpers.js';

const LIGHTHOUSE = fixture('scene-tags/the-lighthouse.ink');
const PICTURES = ['pictures/mara.png', 'pictures/shore.png', 'pictures/wick.png'];

function compiled(file: string, source?: string): CompiledStory {
	const result = compileFile(file, source === undefined ? {} : { source });
	if (!result.ok) throw new Error(`${file} must compile: ${JSON.stringify(result.errors)}`);
	return result.compiled;
}

function ok(result: RunResult): Passage {
	if (result.kind !== 'ok') throw new Error(`expected a passage, got ${JSON.stringify(result)}`);
	return result.passage;
}

describe("the scene tags of Inky's player", () => {
	it('GIVEN IMAGE values WHEN read THEN the path and the quoted alt text come apart, and where each comes from is told', () => {
		expect(parsePicture('pictures/a.png "A grey beach."')).toEqual({ source: 'pictures/a.png', alt: 'A grey beach.' });
		expect(parsePicture('"my pictures/a b.png" "Two words."')).toEqual({
			source: 'my pictures/a b.png',
			alt: 'Two words.',
		});
		expect(parsePicture('a.png')).toEqual({ source: 'a.png' });
		expect(parsePicture('a.png ""')).toEqual({ source: 'a.png' });
		expect(parsePicture('')).toBeNull();
		expect(sourceKind('https://example.org/a.png')).toBe('https');
		expect(sourceKind('http://example.org/a.png')).toBe('refused');
		expect(sourceKind('data:image/png;base64,AAAA')).toBe('refused');
		expect(sourceKind('pictures/a.png')).toBe('file');
		expect(storyPath('./pictures//a.png')).toBe('pictures/a.png');
		expect(storyPath('pictures\\a.png')).toBe('pictures/a.png');
		expect(storyPath('../a.png')).toBeNull();
	});

	it('GIVEN lines of dialogue WHEN read THEN a "Name: " opening or a speaker tag names who speaks, and prose stays prose', () => {
		expect(splitSpeaker('Mara: You came by the last boat.', undefined)).toEqual({
			speaker: 'Mara',
			text: 'You came by the last boat.',
		});
		expect(splitSpeaker('Old Bram: Not again.', undefined)).toEqual({ speaker: 'Old Bram', text: 'Not again.' });
		expect(splitSpeaker('I came for the lamp.', 'The visitor')).toEqual({
			speaker: 'The visitor',
			text: 'I came for the lamp.',
		});
		expect(splitSpeaker('Mara: Again.', 'Mara')).toEqual({ speaker: 'Mara', text: 'Again.' });
		expect(splitSpeaker('The sea came back at three: all at once.', undefined)).toEqual({
			text: 'The sea came back at three: all at once.',
		});
		expect(splitSpeaker('at noon: nothing', undefined)).toEqual({ text: 'at noon: nothing' });
	});

	it('GIVEN a long paragraph someone says WHEN split into beats THEN every piece keeps the speaker, and the picture opens the first', () => {
		const sentence = 'The lamp has not been lit in years, and nobody remembers who last climbed the stair to it. ';
		const beats = toBeats(`Mara: ${sentence.repeat(24).trim()}`, ['IMAGE: a.png "A lamp."', 'CLEAR']);
		expect(beats.length).toBeGreaterThan(1);
		expect(beats.every((b) => b.speaker === 'Mara')).toBe(true);
		expect(beats[0]).toMatchObject({ chapter: true, image: { source: 'a.png', alt: 'A lamp.' } });
		expect(beats.slice(1).some((b) => b.image || b.chapter)).toBe(false);
	});

	it('GIVEN the lighthouse WHEN told THEN its beats carry their picture, speakers, sound and chapter, and the greyed-out choice is shown but never taken', () => {
		const runner = new StoryRunner(compiled(LIGHTHOUSE));
		const opening = ok(runner.start());
		expect(opening.beats).toEqual([
			{
				text: 'The tide has gone out further than it should.',
				scene: 'The shore',
				image: { source: 'pictures/shore.png', alt: 'A grey beach under a white tower, the lamp dark.' },
			},
			{ text: 'You came by the last boat, then.', speaker: 'Mara' },
			{ text: 'I came for the lamp. Someone said it went out.', speaker: 'The visitor' },
			{ text: 'Gulls circle the tower without a sound.', audio: 'https://example.org/sounds/gulls.ogg' },
		]);
		expect(opening.choices).toEqual([
			{ index: 0, text: 'Climb the stair' },
			{ index: 1, text: 'Wait for the tide' },
			{ index: 2, text: 'Swim out to the rocks', unclickable: true },
		]);
		expect(runner.choose(opening.save, 2)).toEqual({ kind: 'invalid-choice', index: 2, available: 3 });
		const stair = ok(runner.choose(opening.save, 0));
		expect(stair.beats[0]).toMatchObject({ chapter: true, scene: 'The lamp room' });
		expect(stair.beats[1]).toMatchObject({ speaker: 'Mara', image: { source: 'http://example.org/lamp.png' } });
	});

	it('GIVEN the lighthouse WHEN checked with its pictures THEN what would be left out or missed is a warning each, once, and its speakers are listed', () => {
		const report = checkStory(LIGHTHOUSE, { pictures: PICTURES });
		const warnings = report.diagnostics.map((d) => `${d.severity} ${d.message}`);
		expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(warnings).toEqual(
			expect.arrayContaining([
				'warning "# AUDIO: https://example.org/sounds/gulls.ogg" is shown as a link: Discord does not play sounds in a message',
				expect.stringMatching(/^warning "pictures\/missing\.png" in a "# IMAGE:" names no picture the story brings/),
				expect.stringMatching(/^warning "http:\/\/example\.org\/lamp\.png" in a "# IMAGE:" is not an https address/),
				expect.stringMatching(/^warning the picture "pictures\/wick\.png" has no alt text/),
				expect.stringMatching(/^warning "# AUDIO: sounds\/tide\.ogg" is left out/),
				expect.stringMatching(/^warning "# IMAGE: https:" is an address cut short: ink reads "\/\/"/),
			]),
		);
		expect(warnings).toHaveLength(6);
		// CLASS and theme are taken quietly; the picture that is there, with its alt text, says nothing.
		expect(warnings.join('\n')).not.toMatch(/class|theme|shore\.png/i);
		expect(report.stats?.speakers).toEqual(['Mara', 'The visitor']);
		// The greyed-out choice leads nowhere the group can go: two endings, one each way the group can choose.
		expect(report.stats?.endings).toEqual(['Cut off by the tide', 'The lamp lit']);
	});

	it('GIVEN the lighthouse checked without its pictures WHEN its IMAGE tags name files THEN each is left out with a warning', () => {
		const report = checkStory(LIGHTHOUSE);
		const missing = report.diagnostics.filter((d) => /names no picture the story brings/.test(d.message));
		expect(missing.map((d) => d.message.match(/^"([^"]+)" in a/)?.[1])).toEqual([
			'pictures/mara.png',
			'pictures/shore.png',
			'pictures/missing.png',
			'pictures/wick.png',
		]);
	});

	it('GIVEN voices at the top of a story WHEN compiled THEN each speaker’s colour and portrait are in its meta; a voice written wrong is ignored with a warning', () => {
		expect(compiled(LIGHTHOUSE).voices).toEqual({
			Mara: { color: 0x8f3b2f, portrait: 'pictures/mara.png' },
			'The visitor': { color: 0x4a7a3a },
		});
		const source = '# voice: Ada, loud\n# voice: Bram, https://example.org/bram.png\nAda: Hello.\n-> END\n';
		const report = checkStory('voices.ink', { source });
		// Ada's voice is not one; Bram's portrait lost its address to ink's comment, and is left out when telling.
		expect(report.meta?.voices).toEqual({ Bram: { portrait: 'https:' } });
		expect(report.diagnostics.map((d) => d.message)).toEqual(
			expect.arrayContaining([
				'"# voice: Ada, loud" is ignored: write a name, then a colour or a portrait or both (# voice: Mara, \\#c0392b, pictures/mara.png)',
				expect.stringMatching(/^"# voice: https:" is an address cut short/),
			]),
		);
		expect(report.stats?.speakers).toEqual(['Ada']);
	});

	it('GIVEN a point where every choice is greyed out WHEN checked THEN it is an error: the dream could never go on', () => {
		const source = 'Stuck.\n* [One # UNCLICKABLE] -> END\n* [Two # UNCLICKABLE] -> END\n';
		const report = checkStory('stuck.ink', { source });
		expect(report.diagnostics).toContainEqual(
			expect.objectContaining({
				severity: 'error',
				line: 2,
				message: 'every choice here is "# UNCLICKABLE": the dream could never go on from here',
			}),
		);
	});
});
