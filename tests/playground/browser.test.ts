import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUICK_TIMINGS } from '../e2e/harness.js';
import { suiteWith } from '../helpers.js';
import {
	chromiumFound,
	focused,
	type Loaded,
	launchChromium,
	loadedWidth,
	opacityOf,
	SCREENSHOTS,
	smallPicture,
	tallPicture,
	type Window,
} from './browser-support.js';
import {
	dreamSource,
	dreamToItsRecap,
	playground,
	postAsBot,
	type SeenFile,
	scheduleAsBot,
	tempStore,
	watchingDreamAdd,
} from './support.js';

const SUITE = 'the playground in a browser';

// Without Chromium the suite is skipped, and its name says why; under CI, which installs Chromium, it fails instead.
suiteWith(chromiumFound, SUITE, (executablePath) => describe(SUITE, () => browserTests(executablePath)));

/** The page's request to click a button, as its body names the button. */
type ClickBody = { customId?: string };

/** The page in a real Chromium, at `executablePath`, driven as a person would. */
function browserTests(executablePath: string) {
	let pg: Awaited<ReturnType<typeof playground>>;
	let store: ReturnType<typeof tempStore>;
	let profile: string;
	let context: BrowserContext;
	let page: Page;
	const pageErrors: string[] = [];
	// /dream add is watched, so a test sees what reached the bot; the rest of Reverie's commands are as they are.
	const watching = watchingDreamAdd();

	beforeAll(async () => {
		store = tempStore();
		// Reverie's own dreams, as a newcomer sees them (and the screenshots show).
		pg = await playground(store.url, { commands: watching.commands, storyDir: null });
		// The page is the point here, not Discord's pace: each channel takes 20 posts a second, not 5 per 5 s, so the
		// first test's whole dream is told in a fifth of the time.
		pg.discord.useChannelRate(QUICK_TIMINGS.channelRate);
		profile = mkdtempSync(path.join(tmpdir(), 'reverie-chromium-'));
		context = await launchChromium(executablePath, profile);
		page = context.pages()[0] ?? (await context.newPage());
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error') pageErrors.push(message.text());
		});
		mkdirSync(SCREENSHOTS, { recursive: true });
	});

	afterAll(async () => {
		await context?.close();
		await pg?.stop();
		store?.remove();
		if (profile) rmSync(profile, { recursive: true, force: true });
	});

	const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
	const messages = () => page.locator('#messages > li');
	const ephemeralCounted = () => page.locator('#messages > li.ephemeral', { hasText: 'Counted: your vote is for' });
	const openVote = () =>
		page
			.locator('#messages > li')
			.filter({ has: page.locator('h3.heading', { hasText: 'What happens next? Vote below.' }) });

	async function actAs(name: string) {
		if ((await page.locator('.member.me').getAttribute('data-member')) === name) return;
		await page.getByRole('button', { name: `Act as ${name}`, exact: true }).click();
		await page.locator(`.member.me[data-member="${name}"]`).waitFor();
		await page.locator('#me-name', { hasText: name }).waitFor();
	}

	async function type(text: string) {
		const box = page.getByRole('textbox', { name: 'Message' });
		await box.click();
		await box.pressSequentially(text);
		await box.press('Enter');
	}

	/** Votes as `name` for the button labelled `label`, and waits for the private confirmation only they see. */
	/** `name` votes for the choice `label` ("2. Its text"): the button beside that choice's text in the open vote. */
	async function vote(name: string, label: string) {
		await actAs(name);
		const before = await ephemeralCounted().count();
		await openVote().locator('.v2-section', { hasText: label }).getByRole('button').click();
		await ephemeralCounted().nth(before).waitFor();
		expect(await ephemeralCounted().last().textContent()).toContain(label.replace(/^\d+\. /, ''));
	}

	it('GIVEN the page in Chromium WHEN Alice types /dream start and she and Bob vote their way to an ending THEN they see the beats, the live tallies, their own confirmations only, and the summary', async () => {
		await page.goto(pg.url);
		await page.locator('#connection.live').waitFor();
		await page.locator('.member.me[data-member="Alice"]').waitFor();
		expect(await page.locator('#channels .channel').allTextContents()).toEqual(['#dreams', '#another-dream']);
		await shot('01-welcome');

		// The box offers the dreams while the story option is typed, as Discord's autocomplete does.
		const box = page.getByRole('textbox', { name: 'Message' });
		await box.click();
		await box.pressSequentially('/dream start story:');
		await page.locator('#suggestions .suggestion', { hasText: 'The Thread of Night (the-thread)' }).waitFor();
		await shot('02-autocomplete');
		await box.pressSequentially('the-thread');
		await box.press('Enter');

		await page.locator('.reply-line', { hasText: 'Alice used /dream start' }).waitFor();
		await page.locator('h3.heading', { hasText: 'The Thread of Night' }).waitFor();
		await openVote().waitFor();
		// Beats come in Discord's newer layout: a container in the dream's colour, with the scene's heading over its text.
		const beat = page.locator('.v2-container', { has: page.locator('h3.heading', { hasText: 'The ballroom' }) });
		expect(await beat.count()).toBe(1);
		expect(await beat.locator('.v2-text', { hasText: 'You come into the ballroom' }).count()).toBe(1);
		expect(await openVote().locator('.v2-text time.timestamp').textContent()).toMatch(/^in \d+ seconds$/);

		// Round 1: both vote; the first vote of a dream runs its window, so the moderator skips it.
		await vote('Alice', '2. Search quietly, face by face');
		await actAs('Bob');
		expect(await ephemeralCounted().count()).toBe(0);
		await vote('Bob', '2. Search quietly, face by face');
		await page.locator('.v2-text', { hasText: '2. Search quietly, face by face — 2 votes' }).waitFor();
		expect(await page.locator('.ephemeral-note', { hasText: 'Only you can see this' }).count()).toBe(1);
		await shot('03-vote-as-bob');

		await actAs('Alice');
		await type('/dream skip');
		await page.locator('h3.heading', { hasText: 'The dream chose' }).first().waitFor();
		const chosen = page
			.locator('.v2-container', { has: page.locator('.v2-text', { hasText: 'Closed: a moderator closed it.' }) })
			.locator('.v2-section .v2-text', { hasText: 'Search quietly' });
		expect(await chosen.innerHTML()).toMatch(/<img class="emoji" alt="✅"[^>]*> <strong>2\. Search quietly/);
		expect(
			await page.locator('#messages > li').first().locator('.component').count(),
			'the start message has no buttons',
		).toBe(0);
		await shot('04-skipped');

		// Later rounds close as soon as both who voted before have voted again. They take the first choice each time,
		// so the test follows the dream as it is written now, not one path that a rewrite would take away.
		const ending = page.locator('#messages > li').filter({ has: page.locator('h2.heading', { hasText: 'The end:' }) });
		const chose = page.locator('h3.heading', { hasText: 'The dream chose' });
		const path = ['Search quietly, face by face'];
		while ((await ending.count()) === 0) {
			await openVote().or(ending).first().waitFor({ timeout: 30_000 });
			if ((await ending.count()) > 0) break;
			if (path.length > 20) throw new Error(`no ending after ${path.length} votes`);
			// The first choice, as its section reads: "1. Its text — 0 votes".
			const line = (await openVote().locator('.v2-section .v2-text').first().textContent()) ?? '';
			const label = line.replace(/ — \d+ votes?$/, '');
			const closed = await chose.count();
			await vote('Alice', label);
			await vote('Bob', label);
			await chose.nth(closed).waitFor();
			path.push(label.replace(/^\d+\. /, ''));
		}
		const summary = await ending.locator('.v2-container').textContent();
		expect(summary).toContain('The path you took together');
		expect(summary).toContain('1. Search quietly, face by face — 2 of 2 votes (skipped)');
		for (const [i, choice] of path.entries())
			if (i > 0) expect(summary).toContain(`${i + 1}. ${choice} — 2 of 2 votes`);
		expect(summary).toContain('2 dreamers took part');
		expect(summary).toMatch(/\*?A new ending for this server\.\*? 1 of 5 endings found\./);
		// The map of the night comes with the recap, loaded from the local Discord as Discord's client loads it.
		const map = ending.locator('.v2-gallery img');
		expect(await map.getAttribute('alt')).toMatch(/^The map of the night for The Thread of Night: /);
		await map.waitFor();
		type Loaded = { complete: boolean; naturalWidth: number };
		await page.waitForFunction(
			(img) => {
				const loaded = img as unknown as Loaded | null;
				return loaded?.complete === true && loaded.naturalWidth > 0;
			},
			await map.elementHandle(),
		);
		expect(await map.evaluate((img) => (img as unknown as Loaded).naturalWidth)).toBeLessThanOrEqual(1600);
		expect(await page.locator('h2.heading', { hasText: 'The end:' }).textContent()).toMatch(/^The end: \S/);
		expect(await openVote().count()).toBe(0);
		expect(await messages().count()).toBeGreaterThan(25);
		await shot('05-ending');

		// Carol took no part: she sees the whole dream, and none of the private answers.
		await actAs('Carol');
		expect(await page.locator('#messages > li.ephemeral').count()).toBe(0);
		await ending.waitFor();

		// The shield makes her a moderator, and the member list and her panel say so.
		await page.getByRole('button', { name: 'Give Carol the Moderator role' }).click();
		await page.locator('.member-group', { hasText: 'Moderator — 2' }).locator('[data-member="Carol"]').waitFor();
		expect(await page.locator('#me-note').textContent()).toBe('Moderator');
		expect(pg.discord.violations.filter((v) => v.kind !== 'rate-limited')).toEqual([]);
		expect(pageErrors).toEqual([]);
	}, 90_000);

	it('GIVEN a message from the bot full of markup WHEN the page draws it THEN it shows as written, and nothing in it is made an element or runs', async () => {
		const content =
			'<img src=x onerror="window.pwned=1"> <script>window.pwned=2</script> "><svg onload="window.pwned=3"> ' +
			'[link](javascript:window.pwned=4) **<b onmouseover="window.pwned=5">bold</b>**';
		const title = '<img src=x onerror="window.pwned=6">';
		const channel = (await pg.world()).channels.find((c) => c.name === 'another-dream');
		// Straight to the local Discord's REST API with the bot's token: discord.js would refuse the link button.
		const posted = await fetch(`${pg.discord.apiUrl}/v10/channels/${channel?.id}/messages`, {
			method: 'POST',
			headers: { authorization: `Bot ${pg.discord.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				content,
				embeds: [{ title, description: '<iframe srcdoc="<script>window.pwned=7</script>">' }],
				components: [{ type: 1, components: [{ type: 2, style: 5, label: 'Open', url: 'javascript:window.pwned=8' }] }],
			}),
		});
		expect(posted.status).toBe(200);

		await page.goto(pg.url);
		await page.locator('#connection.live').waitFor();
		await page.locator('#channels .channel[data-channel="another-dream"]').click();
		const message = page.locator('#messages > li', { has: page.locator('a.component', { hasText: 'Open' }) });
		await message.waitFor();
		expect(await message.locator('.content').textContent()).toBe(content.replace(/\*\*/g, ''));
		expect(await message.locator('.content strong').textContent()).toBe('<b onmouseover="window.pwned=5">bold</b>');
		expect(await message.locator('.embed-title').textContent()).toBe(title);
		expect(await message.locator('a.component', { hasText: 'Open' }).getAttribute('href')).toBeNull();
		expect(await message.locator('img, script, svg, iframe, b, a[href]').count()).toBe(0);
		await message.locator('.content strong').hover();
		expect(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
		expect(pageErrors).toEqual([]);
	});

	/** Reverie's private answer to a file given to /dream add, which names the dream it added. */
	const addAnswer = (title: string) => page.locator('#messages > li.ephemeral').filter({ hasText: `Added ${title}` });

	/** What the bot was handed for `file`, and the bytes its url gives. */
	async function handed(file: string): Promise<{ seen: SeenFile | undefined; bytes: string }> {
		const seen = watching.seen.findLast((f) => f.name === file);
		return { seen, bytes: seen ? await (await fetch(seen.url)).text() : '' };
	}

	/** Drops a file on the channel view as the browser would, with the drag before it. */
	async function drop(name: string, text: string, screenshot?: string) {
		const dataTransfer = await page.evaluateHandle(
			([fileName, content]) => {
				// Run in the page, whose DOM the tests' types leave out.
				const dom = globalThis as unknown as {
					DataTransfer: new () => { items: { add(file: unknown): void } };
					File: new (parts: string[], name: string) => unknown;
				};
				const transfer = new dom.DataTransfer();
				transfer.items.add(new dom.File([content ?? ''], fileName ?? ''));
				return transfer;
			},
			[name, text],
		);
		await page.dispatchEvent('#scroller', 'dragenter', { dataTransfer });
		await page.dispatchEvent('#scroller', 'dragover', { dataTransfer });
		await page.locator('#drop-overlay').waitFor();
		if (screenshot) await shot(screenshot);
		await page.dispatchEvent('#scroller', 'drop', { dataTransfer });
		await page.locator('#drop-overlay').waitFor({ state: 'hidden' });
	}

	it('GIVEN an .ink file dropped on the channel WHEN Alice drops it THEN /dream add runs with it, the bot gets its bytes, and only she sees the answer; a .txt is refused with a sentence', async () => {
		await page.goto(pg.url);
		await page.locator('#connection.live').waitFor();
		await actAs('Alice');
		const title = 'The Dropped Lantern';
		const source = dreamSource(title);
		await drop('dropped.ink', source, '06-dragging-ink');
		await page.locator('.reply-line', { hasText: 'Alice used /dream add' }).last().waitFor();
		await addAnswer(title).waitFor();
		expect(await handed('dropped.ink')).toEqual({
			seen: { name: 'dropped.ink', size: Buffer.byteLength(source), url: expect.any(String) },
			bytes: source,
		});
		await shot('07-dropped-ink');

		await drop('notes.txt', 'not a story');
		await page
			.locator('#composer-error', {
				hasText: 'Only an .ink file can be dropped here to add a dream: notes.txt is not one.',
			})
			.waitFor();
		expect(watching.seen.some((f) => f.name === 'notes.txt')).toBe(false);

		await actAs('Bob');
		expect(await addAnswer(title).count()).toBe(0);
		expect(pageErrors).toEqual([]);
	});

	it('GIVEN /dream add typed in the box WHEN its file option opens the picker and a file is chosen THEN the box names it and sending it hands the bot its bytes', async () => {
		await page.goto(pg.url);
		await page.locator('#connection.live').waitFor();
		await actAs('Alice');
		const title = 'The Picked Lantern';
		const source = dreamSource(title);
		const box = page.getByRole('textbox', { name: 'Message' });
		await box.click();
		await box.pressSequentially('/dream add file:');
		const upload = page.locator('#suggestions .suggestion.upload', { hasText: 'Upload a file…' });
		await upload.waitFor();
		await shot('08-file-picker');
		const [chooser] = await Promise.all([page.waitForEvent('filechooser'), upload.click()]);
		await chooser.setFiles({ name: 'picked lantern.ink', mimeType: 'text/plain', buffer: Buffer.from(source) });
		await expect.poll(() => box.inputValue()).toBe('/dream add file:"picked lantern.ink" ');
		await box.press('Escape');
		await box.press('Enter');
		await addAnswer(title).waitFor();
		expect(await handed('picked lantern.ink')).toEqual({
			seen: { name: 'picked lantern.ink', size: Buffer.byteLength(source), url: expect.any(String) },
			bytes: source,
		});
		expect(pageErrors).toEqual([]);
	});

	it('GIVEN a picture taller than the window in a message WHEN it is clicked THEN it opens at its natural size over a dark backdrop, scrolled, with Open in browser; Escape or a click beside it closes it and gives focus back', async () => {
		const channel = (await pg.world()).channels.find((c) => c.name === 'another-dream');
		const bytes = tallPicture();
		const form = new FormData();
		form.append('files[0]', new Blob([bytes], { type: 'image/png' }), 'night-map.png');
		form.append(
			'payload_json',
			JSON.stringify({ embeds: [{ title: 'A tall picture', image: { url: 'attachment://night-map.png' } }] }),
		);
		const posted = await fetch(`${pg.discord.apiUrl}/v10/channels/${channel?.id}/messages`, {
			method: 'POST',
			headers: { authorization: `Bot ${pg.discord.token}` },
			body: form,
		});
		expect(posted.status).toBe(200);

		await page.goto(pg.url);
		await page.locator('#connection.live').waitFor();
		await page.locator('#channels .channel[data-channel="another-dream"]').click();
		const message = page.locator('#messages > li', {
			has: page.locator('.embed-title', { hasText: 'A tall picture' }),
		});
		const opener = message.getByRole('button', { name: 'The map of the night' });
		expect(await loadedWidth(page, opener.locator('img'))).toBe(1025);
		const inline = await opener.boundingBox();
		expect(inline?.width).toBeLessThan(520);
		await opener.scrollIntoViewIfNeeded();
		await shot('09-picture-inline');

		await opener.click();
		const viewer = page.getByRole('dialog', { name: 'The map of the night' });
		await viewer.waitFor();
		const full = viewer.locator('img');
		expect(await loadedWidth(page, full)).toBe(1025);
		// At its natural size: the window (1280 px wide) has room for its width, and its height scrolls.
		expect(await full.evaluate((img) => [(img as unknown as Loaded).width, (img as unknown as Loaded).height])).toEqual(
			[1025, 1959],
		);
		const scroller = viewer.getByRole('region', { name: 'The picture at full size' });
		expect(await scroller.evaluate((node) => node.scrollHeight > node.clientHeight)).toBe(true);
		expect(await focused(scroller)).toBe(true);
		expect(await viewer.getByRole('link', { name: 'Open in browser' }).getAttribute('href')).toBe(
			await opener.locator('img').getAttribute('src'),
		);
		expect(await viewer.getByRole('button', { name: 'Actual size' }).count()).toBe(0);
		const backdrop = await viewer.evaluate(
			(dialog) => (globalThis as unknown as Window).getComputedStyle(dialog, '::backdrop').backgroundColor,
		);
		expect(backdrop).toBe('rgba(0, 0, 0, 0.85)');
		await shot('10-picture-full-size');

		await page.keyboard.press('PageDown');
		await expect.poll(() => scroller.evaluate((node) => node.scrollTop)).toBeGreaterThan(0);
		await page.keyboard.press('Escape');
		await viewer.waitFor({ state: 'hidden' });
		expect(await focused(opener)).toBe(true);

		// In a narrower window it fits the width, and "Actual size" shows every pixel; a click beside it closes it.
		await page.setViewportSize({ width: 800, height: 700 });
		try {
			await opener.click();
			await viewer.waitFor();
			expect(await loadedWidth(page, full)).toBe(1025);
			const fitted = await full.boundingBox();
			expect(fitted?.width).toBeLessThan(800);
			await viewer.getByRole('button', { name: 'Actual size' }).click();
			await expect.poll(async () => (await full.boundingBox())?.width).toBe(1025);
			expect(await viewer.getByRole('button', { name: 'Fit to window' }).getAttribute('aria-pressed')).toBe('true');
			await shot('11-picture-actual-size');
			await page.mouse.click(20, 350);
			await viewer.waitFor({ state: 'hidden' });
			expect(await focused(opener)).toBe(true);
		} finally {
			await page.setViewportSize({ width: 1280, height: 800 });
		}
		expect(pageErrors).toEqual([]);
	});

	it('GIVEN a Components V2 message from the bot (an accented container: a heading, a section with a button, a gallery of a posted picture and a web one, a separator, a file, a disabled button) WHEN Alice opens its channel THEN it is laid out as Discord lays it out, its pictures have their alt text and files, and only its enabled button clicks', async () => {
		// Discord's client loads a web picture through Discord's media proxy; here the browser gets it without a network.
		// Set before the post: the page still open from the test before draws the message as soon as it comes.
		const lantern = smallPicture('#2b1d0e', '#f0a030');
		await page.route('https://example.com/**', (route) => route.fulfill({ contentType: 'image/png', body: lantern }));
		const clicks: ClickBody[] = [];
		const onRequest = (request: { url(): string; postData(): string | null }) => {
			if (new URL(request.url()).pathname === '/api/click') clicks.push(JSON.parse(request.postData() ?? '{}'));
		};
		page.on('request', onRequest);
		try {
			const channel = (await pg.world()).channels.find((c) => c.name === 'another-dream');
			const notes = 'The river runs east.\n';
			const form = new FormData();
			form.append('files[0]', new Blob([smallPicture('#1b2a4a', '#e8e4c9')], { type: 'image/png' }), 'moon.png');
			form.append('files[1]', new Blob([notes], { type: 'text/plain' }), 'notes.txt');
			const layout = {
				type: 17,
				accent_color: 0x5865f2,
				components: [
					{ type: 10, content: '# The lantern room\nA lamp burns low by the water.\n-# Drawn by the playground tests' },
					{
						type: 9,
						components: [{ type: 10, content: 'The door is **ajar**.' }],
						accessory: { type: 2, style: 1, custom_id: 'v2:open', label: 'Open the door' },
					},
					{
						type: 12,
						items: [
							{ media: { url: 'attachment://moon.png' }, description: 'A pale moon over the river' },
							{ media: { url: 'https://example.com/lantern.png' }, description: 'A paper lantern' },
						],
					},
					{ type: 14, divider: true, spacing: 2 },
					{ type: 13, file: { url: 'attachment://notes.txt' } },
					{
						type: 1,
						components: [{ type: 2, style: 2, custom_id: 'v2:closed', label: 'Closed for now', disabled: true }],
					},
				],
			};
			form.append('payload_json', JSON.stringify({ flags: 1 << 15, components: [layout] }));
			const posted = await fetch(`${pg.discord.apiUrl}/v10/channels/${channel?.id}/messages`, {
				method: 'POST',
				headers: { authorization: `Bot ${pg.discord.token}` },
				body: form,
			});
			expect(posted.status).toBe(200);
			const sent = (await posted.json()) as { id: string; attachments: { filename: string; url: string }[] };
			const fileUrl = (name: string) => sent.attachments.find((a) => a.filename === name)?.url;

			await page.goto(pg.url);
			await page.locator('#connection.live').waitFor();
			await actAs('Alice');
			await page.locator('#channels .channel[data-channel="another-dream"]').click();
			const message = page.locator(`#messages > li[data-id="${sent.id}"]`);
			const box = message.locator('.v2-container');
			await box.waitFor();
			expect(await message.locator('.content, .embed, .components').count()).toBe(0);

			// The container: a rounded box with the accent colour as the bar on its left edge.
			const edges = await box.evaluate((node) => {
				const style = (globalThis as unknown as Window).getComputedStyle(node);
				return [style.borderLeftColor, style.borderLeftWidth];
			});
			expect(edges).toEqual(['rgb(88, 101, 242)', '4px']);
			expect(await box.getByRole('heading', { level: 1 }).textContent()).toBe('The lantern room');
			expect(await box.locator('.v2-text').first().textContent()).toContain('A lamp burns low by the water.');
			expect(await box.locator('.subtext').textContent()).toBe('Drawn by the playground tests');

			// The section: its text on the left, its button on the right.
			const open = box.getByRole('button', { name: 'Open the door' });
			const text = box.locator('.v2-section-texts');
			expect(await text.innerHTML()).toContain('<strong>ajar</strong>');
			const [textBox, openBox] = [await text.boundingBox(), await open.boundingBox()];
			expect(openBox?.x).toBeGreaterThanOrEqual((textBox?.x ?? 0) + (textBox?.width ?? 0));

			// The gallery: the posted picture from the message's own file, the web one as it is, side by side.
			const moon = box.getByRole('img', { name: 'A pale moon over the river' });
			const web = box.getByRole('img', { name: 'A paper lantern' });
			expect(await moon.getAttribute('src')).toBe(fileUrl('moon.png'));
			expect(await web.getAttribute('src')).toBe('https://example.com/lantern.png');
			expect(await loadedWidth(page, moon)).toBe(320);
			expect(await loadedWidth(page, web)).toBe(320);
			const [moonBox, webBox] = [await moon.boundingBox(), await web.boundingBox()];
			expect(moonBox?.y).toBe(webBox?.y);
			expect(webBox?.x).toBeGreaterThan((moonBox?.x ?? 0) + (moonBox?.width ?? 0));

			expect(await box.locator('hr.v2-separator.large').count()).toBe(1);
			const file = box.locator('.v2-file');
			expect(await file.getByRole('link', { name: 'notes.txt' }).getAttribute('href')).toBe(fileUrl('notes.txt'));
			expect(await file.locator('.v2-file-size').textContent()).toBe(`${Buffer.byteLength(notes)} bytes`);

			// A picture opens full size, as the embeds' map does.
			await moon.click();
			const viewer = page.getByRole('dialog', { name: 'A pale moon over the river' });
			await viewer.waitFor();
			await page.keyboard.press('Escape');
			await viewer.waitFor({ state: 'hidden' });

			// The disabled button sends nothing, even clicked by force; the enabled one is clicked as any other button.
			const closed = box.getByRole('button', { name: 'Closed for now' });
			expect(await closed.isDisabled()).toBe(true);
			await closed.click({ force: true });
			await open.click();
			const answer = page.locator('#messages > li.ephemeral', {
				has: page.locator('.reply-line', { hasText: 'Alice clicked Open the door' }),
			});
			await answer.waitFor();
			expect(await answer.locator('.ephemeral-note').textContent()).toContain('Only you can see this');
			expect(clicks.map((c) => c.customId)).toEqual(['v2:open']);
			// The click's end redraws the message, pictures and all: they load again before the web one's stand-in goes.
			await expect.poll(() => box.locator('.component.pending').count()).toBe(0);
			expect(await loadedWidth(page, web)).toBe(320);

			await message.scrollIntoViewIfNeeded();
			// With the other screenshots (not kept in git): a picture to look at.
			await shot('11b-newer-layout');
		} finally {
			page.off('request', onRequest);
			await page.unroute('https://example.com/**');
		}
		expect(pageErrors).toEqual([]);
	});

	it("GIVEN a recap's map shown in the page WHEN the playground restarts on the same store and the page is loaded again THEN the map loads from the new local Discord", async () => {
		const restarted = tempStore();
		let first: Awaited<ReturnType<typeof playground>> | undefined = await playground(restarted.url);
		let second: Awaited<ReturnType<typeof playground>> | undefined;
		try {
			const recap = await dreamToItsRecap(first);
			const map = page.locator(`#messages > li[data-id="${recap.id}"] .v2-gallery img`);
			await page.goto(first.url);
			await page.locator('#connection.live').waitFor();
			expect(await loadedWidth(page, map)).toBeGreaterThan(0);

			const pagePort = Number(new URL(first.url).port);
			await first.stop();
			first = undefined;
			second = await playground(restarted.url, { port: pagePort });
			expect(second.resumed).toBe(true);
			// Loaded again as a person would, with nothing of the earlier load cached.
			const cdp = await context.newCDPSession(page);
			await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
			await page.reload();
			await page.locator('#connection.live').waitFor();
			expect(await loadedWidth(page, map)).toBeGreaterThan(0);
			expect(new URL((await map.getAttribute('src')) ?? '').port).toBe(String(second.discord.port));
			await map.scrollIntoViewIfNeeded();
			await shot('12-recap-after-restart');
			await cdp.detach();
		} finally {
			await first?.stop();
			await second?.stop();
			restarted.remove();
		}
		expect(pageErrors).toEqual([]);
	}, 60_000);

	it('GIVEN a thread under #dreams and a scheduled event WHEN Alice opens the thread, archives it from its menu, marks herself interested in the event and cancels it THEN the sidebar and the events panel show each change as it happens', async () => {
		// #another-dream, where an earlier test may have left the page, shows a web picture: served as it was there.
		const picture = smallPicture('#2b1d0e', '#f0a030');
		await page.route('https://example.com/**', (route) => route.fulfill({ contentType: 'image/png', body: picture }));
		await page.goto(pg.url);
		await page.locator('#connection.live').waitFor();
		await actAs('Alice');
		const thread = pg.discord.threads.start({ user: 'Bob', channel: 'dreams', name: 'Lantern talk' });
		await postAsBot(pg.discord, thread.id, { content: 'Where did the lantern go?' });

		// Under #dreams and before #another-dream, indented, with the thread icon.
		const item = page.locator('#channels .thread-item[data-thread="Lantern talk"]');
		const link = item.locator('.thread-link');
		await link.waitFor();
		const [dreams, another] = ['dreams', 'another-dream'].map((name) =>
			page.locator(`#channels .channel[data-channel="${name}"]`),
		);
		const [above, own, below] = await Promise.all([dreams, link, another].map((node) => node?.boundingBox()));
		expect(own?.y).toBeGreaterThan(above?.y ?? Number.POSITIVE_INFINITY);
		expect(own?.y).toBeLessThan(below?.y ?? 0);
		expect(own?.x).toBeGreaterThan(above?.x ?? Number.POSITIVE_INFINITY);
		expect(await link.locator('.thread-icon svg').count()).toBe(1);

		// Opened, it is the channel: its messages, and the box sends into it.
		await link.click();
		await page.locator('#channel-name', { hasText: 'Lantern talk' }).waitFor();
		await page.locator('#messages > li', { hasText: 'Where did the lantern go?' }).waitFor();
		expect(await page.getByRole('textbox', { name: 'Message' }).getAttribute('placeholder')).toMatch(
			/^Message Lantern talk/,
		);
		await type('/dream status');
		await page.locator('.reply-line', { hasText: 'Alice used /dream status' }).waitFor();
		expect([...pg.discord.interactions.values()].at(-1)?.channelId).toBe(thread.id);

		// Its menu archives it, as a moderator would: dimmed, marked, and the box says no command goes there now.
		expect(await opacityOf(link)).toBe(1);
		await page.getByRole('button', { name: 'Thread options for Lantern talk' }).click();
		await page.getByRole('menuitem', { name: 'Archive thread' }).click();
		await link.locator('.thread-tag', { hasText: 'archived' }).waitFor();
		expect(await opacityOf(link)).toBeLessThan(1);
		expect(pg.discord.threads.find(thread.id).thread.archived).toBe(true);
		await page.locator('#place-note', { hasText: 'This thread is archived' }).waitFor();
		await page.getByRole('menuitem').first().waitFor({ state: 'detached' });
		await shot('13-thread-archived');

		// An event made by the bot, as for a story night: listed with its start in local time, and no one interested yet.
		const id = await scheduleAsBot(pg.discord, 'A night of dreams');
		const event = page.locator('#events .event[data-event="A night of dreams"]');
		await event.waitFor();
		expect(await event.locator('.event-status').textContent()).toBe('Scheduled');
		expect(await event.locator('time').getAttribute('datetime')).toBe(pg.discord.scheduledEvents.find(id).event.start);
		expect(await event.locator('.interested-count').textContent()).toBe('0 interested');
		const interested = event.getByRole('button', { name: 'Interested' });
		await interested.click();
		await event.locator('.interested-count', { hasText: '1 interested' }).waitFor();
		expect(await interested.getAttribute('aria-pressed')).toBe('true');
		expect(pg.discord.scheduledEvents.list('Reverie Playground').find((e) => e.id === id)?.user_count).toBe(1);

		await event.getByRole('button', { name: 'Cancel' }).click();
		await event.locator('.event-status', { hasText: 'Canceled' }).waitFor();
		expect(pg.discord.scheduledEvents.find(id).event.status).toBe(4);
		expect(await interested.isDisabled()).toBe(true);
		expect(await event.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
		await event.scrollIntoViewIfNeeded();
		await shot('14-event-canceled');
		await page.unroute('https://example.com/**');
		expect(pageErrors).toEqual([]);
	});
}
