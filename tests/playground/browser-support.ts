/**
 * What the browser tests share: Debian's Chromium and how it is started, the pictures they post, and the page's
 * globals they read, which the tests' types (without the DOM) leave out.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import type { Found } from '../helpers.js';

/** Debian's chromium, which CI installs with apt-get (.ci/run). */
const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');
export const chromiumFound: Found = existsSync(CHROMIUM)
	? { ok: true, path: CHROMIUM }
	: { ok: false, reason: `no chromium at ${CHROMIUM}; install it with apt-get install chromium` };

/** Chromium, headless, with a profile of its own in `profile` and a window of 1280 by 800. */
export function launchChromium(executablePath: string, profile: string): Promise<BrowserContext> {
	return chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		viewport: { width: 1280, height: 800 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/** A picture of the map of the night's shape (1025 by 1959 px: taller than the window), drawn without text. */
export function tallPicture(): Buffer {
	const [width, height] = [1025, 1959];
	const boxes = Array.from({ length: 12 }, (_, row) =>
		[0, 1, 2]
			.map(
				(column) =>
					`<rect x="${60 + column * 320}" y="${60 + row * 160}" width="260" height="100" rx="12" fill="#2b2d31" stroke="#d4a017" stroke-width="3"/>`,
			)
			.join(''),
	).join('');
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#1e1f22"/>${boxes}</svg>`;
	return Buffer.from(new Resvg(svg).render().asPng());
}

/** A small landscape picture (320 by 200 px): a round body in the middle of a sky. */
export function smallPicture(sky: string, body: string): Buffer {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="100%" height="100%" fill="${sky}"/><circle cx="160" cy="100" r="56" fill="${body}"/></svg>`;
	return Buffer.from(new Resvg(svg).render().asPng());
}

export type Loaded = { complete: boolean; naturalWidth: number; width: number; height: number };
/** The page's globals these tests read, which the tests' types (without the DOM) leave out. */
export type Window = {
	document: { activeElement: unknown };
	getComputedStyle(
		node: unknown,
		pseudo?: string,
	): { backgroundColor: string; borderLeftColor: string; borderLeftWidth: string; opacity: string };
};

/** Whether the element has the page's focus. */
export const focused = (node: Locator) =>
	node.evaluate((element) => (globalThis as unknown as Window).document.activeElement === element);

/** An element's computed opacity, as a number. */
export const opacityOf = async (node: Locator) =>
	Number(await node.evaluate((element) => (globalThis as unknown as Window).getComputedStyle(element).opacity));

/** Waits until an `img` has finished loading or failing, and says how wide it was found to be (0: it failed). */
export async function loadedWidth(page: Page, img: Locator): Promise<number> {
	await img.waitFor();
	const handle = await img.elementHandle();
	await page.waitForFunction((node) => (node as unknown as Loaded | null)?.complete === true, handle);
	return img.evaluate((node) => (node as unknown as Loaded).naturalWidth);
}
