import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/dev/local-discord/checks.js';
import { buttonsOf, type ComponentLike } from '../../src/dev/local-discord/layout-checks.js';
import { renderVote, SECTIONS_AT_MOST } from '../../src/discord/vote-layout.js';
import type { VoteView } from '../../src/sessions/ports.js';
import { OPEN_VOTING } from '../../src/store/records.js';

const story = { id: 'x', title: 'Two Doors', description: 'd', color: 0x336699, contentHash: 'h' };

function vote(patch: Partial<VoteView> = {}): VoteView {
	return {
		story,
		sessionId: 'abcdefgh',
		channelId: '200000000000000001',
		round: 3,
		choices: [
			{ index: 0, text: 'Open the door', votes: 2 },
			{ index: 1, text: 'Wait', votes: 1 },
		],
		deadline: 1_800_000_000_000,
		state: 'open',
		winner: null,
		closedBy: null,
		ballots: 3,
		voting: OPEN_VOTING,
		sealed: false,
		...patch,
	};
}

/** What goes to Discord, through JSON as it is sent, read as a member reads it, and whether Discord takes it. */
function read(view: VoteView) {
	const sent = JSON.parse(JSON.stringify(renderVote(view))) as { flags: number; components: ComponentLike[] };
	const container = sent.components[0] as ComponentLike;
	const parts = container.components ?? [];
	const textOf = (part: ComponentLike): string[] =>
		part.type === 10 ? [String(part.content)] : (part.components ?? []).flatMap(textOf);
	return {
		sent,
		container,
		parts,
		texts: parts.flatMap(textOf),
		/** Each choice's section: its text and its button's label and state. */
		sections: parts
			.filter((p) => p.type === 9 && isChoice(p.accessory))
			.map((p) => [String(p.components?.[0]?.content), p.accessory?.label, p.accessory?.disabled]),
		rows: parts.filter((p) => p.type === 1).map((row) => row.components ?? []),
		/** The choices' buttons. */
		buttons: buttonsOf(sent.components).filter(isChoice),
		/** The "Story so far" button, for members who join late. */
		storySoFar: buttonsOf(sent.components).find((b) => b.custom_id?.startsWith('rv1:recap:')),
		problems: checkMessage(sent),
	};
}

const isChoice = (button: ComponentLike | undefined) => button?.custom_id?.startsWith('rv1:vote:') === true;

describe('a vote in the newer message layout', () => {
	it('GIVEN an open vote WHEN rendered THEN each choice’s text and tally stand beside its numbered button, under the question, and the closing time is a Discord timestamp', () => {
		const { sent, container, texts, sections, problems } = read(vote());
		expect(sent.flags).toBe(1 << 15);
		expect(container).toMatchObject({ type: 17, accent_color: 0x336699 });
		expect(texts[0]).toBe('### What happens next? Vote below.');
		expect(sections).toEqual([
			['**1. Open the door** — 2 votes', '1', false],
			['**2. Wait** — 1 vote', '2', false],
		]);
		expect(texts.at(-1)).toBe('Closes <t:1800000000:R> · 3 dreamers voted so far.');
		expect(problems).toEqual([]);
	});

	it('GIVEN a choice shown greyed out WHEN its vote is rendered THEN its text is there, its button disabled beside it', () => {
		const choices = [...vote().choices, { index: 2, text: 'Swim out', votes: 0, unclickable: true as const }];
		const { sections } = read(vote({ choices }));
		expect(sections.at(-1)).toEqual(['**3. Swim out** — 0 votes', '3', true]);
		expect(sections.slice(0, 2).every(([, , disabled]) => disabled === false)).toBe(true);
	});

	it('GIVEN a closed vote WHEN rendered THEN the buttons are disabled and the winner is marked', () => {
		const { texts, buttons } = read(vote({ state: 'closed', winner: 0, closedBy: 'everyone' }));
		expect(texts[0]).toBe('### The dream chose');
		expect(texts).toContain('✅ **1. Open the door** — 2 votes');
		expect(texts.at(-1)).toBe('Closed: everyone had voted. 3 dreamers voted.');
		expect(buttons.every((b) => b.disabled)).toBe(true);
		expect(buttons.map((b) => b.style)).toEqual([3, 2]);
	});

	it('GIVEN a vote open or closed WHEN rendered THEN a "Story so far" button for its dream stands beside where it stands', () => {
		for (const state of ['open', 'closed'] as const) {
			const { storySoFar, problems } = read(vote({ state, winner: state === 'closed' ? 0 : null }));
			expect(storySoFar).toMatchObject({ label: 'Story so far', custom_id: 'rv1:recap:200000000000000001:abcdefgh' });
			expect(storySoFar?.disabled).toBeFalsy();
			expect(problems).toEqual([]);
		}
	});

	it('GIVEN a sealed vote open WHEN rendered THEN no choice shows a tally, the count of dreamers who voted shows, and the rule is said; closed, the tallies show', () => {
		const sealed = { mode: 'sealed' as const, narratorId: null, quickClose: false };
		const hidden = vote({ voting: sealed, sealed: true, choices: vote().choices.map((c) => ({ ...c, votes: 0 })) });
		const { sections, texts } = read(hidden);
		expect(sections.map(([text]) => text)).toEqual(['**1. Open the door**', '**2. Wait**']);
		expect(texts.at(-1)).toContain('how many have voted shows, not for what');
		expect(texts.at(-1)).toContain('3 dreamers voted so far');
		const closed = read(vote({ voting: sealed, sealed: false, state: 'closed', winner: 0, closedBy: 'deadline' }));
		expect(closed.texts).toContain('✅ **1. Open the door** — 2 votes');
	});

	it('GIVEN a narrator’s vote WHEN rendered THEN it names the narrator and says the others advise; GIVEN quick close THEN it says it may close early', () => {
		const narrated = read(vote({ voting: { mode: 'narrator', narratorId: '100000000000000009', quickClose: false } }));
		expect(narrated.texts.at(-1)).toContain('<@100000000000000009> is the narrator and decides');
		expect(narrated.sections[0]?.[0]).toBe('**1. Open the door** — 2 votes');
		const quick = read(vote({ voting: { mode: 'open', narratorId: null, quickClose: true } }));
		expect(quick.texts.at(-1)).toContain('closes as soon as the votes still to come could not change the result');
		expect(read(vote()).texts.at(-1)).toBe('Closes <t:1800000000:R> · 3 dreamers voted so far.');
		expect(read(vote({ state: 'closed', winner: 1, closedBy: 'narrator' })).texts.at(-1)).toBe(
			'Closed: the narrator chose. 3 dreamers voted.',
		);
	});

	it(`GIVEN ${SECTIONS_AT_MOST} choices WHEN rendered THEN each is still a section, and Discord takes the message`, () => {
		const choices = Array.from({ length: SECTIONS_AT_MOST }, (_, i) => ({ index: i, text: `Door ${i + 1}`, votes: 0 }));
		const { sections, problems } = read(vote({ choices }));
		expect(sections).toHaveLength(SECTIONS_AT_MOST);
		expect(problems).toEqual([]);
	});

	it('GIVEN 25 choices, as published ink can have at one point WHEN rendered THEN they are listed, five rows of five buttons carry them labelled with their text, and Discord takes the message', () => {
		const choices = Array.from({ length: 25 }, (_, i) => ({ index: i, text: `Stall ${i + 1}`, votes: 0 }));
		const { rows, texts, problems } = read(vote({ choices }));
		expect(rows.map((r) => r.length)).toEqual([5, 5, 5, 5, 5]);
		expect(rows.flat().map((b) => b.label)).toEqual(choices.map((c) => `${c.index + 1}. ${c.text}`));
		expect(texts[1]).toContain('**25. Stall 25** — 0 votes');
		expect(problems).toEqual([]);
	});

	it('GIVEN a choice too long for a button among many WHEN rendered THEN the message shows its whole text and every button shows only its number', () => {
		const long =
			'Walk past the fishmongers and the flower sellers and the man who sells only left shoes, all the way to the far gate';
		const choices = Array.from({ length: 10 }, (_, i) => ({
			index: i,
			text: i === 1 ? long : `Stall ${i + 1}`,
			votes: 0,
		}));
		const { rows, texts } = read(vote({ choices }));
		expect(texts[1]).toContain(`**2. ${long}** — 0 votes`);
		expect(rows.flat().map((b) => b.label)).toEqual(choices.map((c) => `${c.index + 1}`));
	});

	it('GIVEN 25 choices of paragraphs WHEN rendered THEN each is shortened alike so that all of them and the closing time fit the message', () => {
		const choices = Array.from({ length: 25 }, (_, i) => ({
			index: i,
			text: `${i + 1} ${'word '.repeat(130)}`,
			votes: i,
		}));
		const { texts, problems } = read(vote({ choices }));
		expect(texts.join('').length).toBeLessThanOrEqual(4000);
		expect(texts.at(-1)).toBe('Closes <t:1800000000:R> · 3 dreamers voted so far.');
		for (const c of choices) expect(texts[1]).toContain(`**${c.index + 1}. ${c.index + 1} word`);
		expect(problems).toEqual([]);
	});

	it('GIVEN eight choices of paragraphs WHEN rendered THEN each section is shortened alike to fit the message', () => {
		const choices = Array.from({ length: 8 }, (_, i) => ({
			index: i,
			text: `${i + 1} ${'word '.repeat(120)}`,
			votes: 0,
		}));
		const { texts, problems } = read(vote({ choices }));
		expect(texts.join('').length).toBeLessThanOrEqual(4000);
		expect(problems).toEqual([]);
	});

	it('GIVEN a point with one choice WHEN rendered THEN it is a "go on": the choice beside one button with its text, and when it goes on by itself; gone on, the button is disabled', () => {
		const only = [{ index: 0, text: 'Go through the door', votes: 0 }];
		const open = read(vote({ choices: only, ballots: 0 }));
		expect(open.texts).toEqual([
			'### The dream goes on',
			'**Go through the door**',
			'It goes on <t:1800000000:R>, or as soon as someone clicks.',
		]);
		expect(open.buttons).toEqual([
			expect.objectContaining({ label: 'Go through the door', style: 1, disabled: false }),
		]);
		expect(open.problems).toEqual([]);
		const gone = read(vote({ choices: only, state: 'closed', winner: 0, closedBy: 'everyone' }));
		expect(gone.texts).toEqual(['### The dream went on', '**Go through the door**', 'It went on.']);
		expect(gone.buttons[0]).toMatchObject({ disabled: true });
		const long = read(vote({ choices: [{ index: 0, text: 'On and on '.repeat(12), votes: 0 }] }));
		expect(long.buttons[0]?.label).toBe('Go on');
	});

	it('GIVEN nine to twenty-five long choices WHEN rendered THEN rows hold five buttons, labels fit 80 characters and every id is its own', () => {
		const choices = Array.from({ length: 12 }, (_, i) => ({ index: i, text: 'x'.repeat(100), votes: 0 }));
		const { rows, problems } = read(vote({ choices }));
		expect(rows.map((r) => r.length)).toEqual([5, 5, 2]);
		expect(rows.flat().every((b) => (b.label ?? '').length <= 80)).toBe(true);
		expect(new Set(rows.flat().map((b) => b.custom_id)).size).toBe(12);
		expect(problems).toEqual([]);
	});
});
