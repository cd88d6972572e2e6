import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/dev/local-discord/checks.js';
import { renderStart } from '../../src/discord/start-layout.js';
import { textsOf } from '../helpers.js';

const story = { id: 'x', title: 'Two Doors', description: 'd', color: 0x336699, contentHash: 'h' };

describe('a dream begun, in the newer message layout', () => {
	it('GIVEN a dream begun WHEN announced THEN its name, its blurb and who began it show in its colour, and Discord takes it', () => {
		const body = renderStart(story, '300000000000000009');
		expect(body.components[0]).toMatchObject({ type: 17, accent_color: 0x336699 });
		expect(textsOf(body.components)).toEqual([
			'### Two Doors',
			'd\n\n<@300000000000000009> began this dream. It comes one beat at a time; when it branches, everyone here votes on what happens next.',
		]);
		expect(checkMessage(JSON.parse(JSON.stringify(body)))).toEqual([]);
	});
});
