import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type {
	APIAttachment,
	APIButtonComponent,
	APIEmbed,
	APIMessageTopLevelComponent,
	APISectionComponent,
} from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type {
	AttachmentView,
	MessageView,
	PlaygroundApi,
	ScheduledEventView,
	ThreadView,
	WorldView,
} from '../../src/dev/playground/http.js';
import {
	colourOf,
	fileSize,
	galleryCells,
	galleryRows,
	IS_COMPONENTS_V2,
	isComponentsV2,
	mediaUrl,
} from '../../src/dev/playground/page/media.js';
import type * as Page from '../../src/dev/playground/page/types.js';
import type { Suggestions } from '../../src/dev/playground/suggestions.js';
import type { UploadedFile } from '../../src/dev/playground/uploads.js';
import { playground, tempStore } from './support.js';

const PAGE_DIR = path.resolve(import.meta.dirname, '../../src/dev/playground/page');
/** A module's imports of its siblings: `import … from './x.js';`, the `from` on the first line or the last. */
const SIBLING_IMPORT = /^(?:import|\}) [^;]*?from '\.\/([^']+)';$/gm;

/** A GET with the path sent as written: fetch would resolve `..` before sending it. */
function getRaw(url: string, rawPath: string): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const { hostname, port } = new URL(url);
		request({ hostname, port, path: rawPath }, (res) => {
			let body = '';
			res.on('data', (chunk) => {
				body += chunk;
			});
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		})
			.on('error', reject)
			.end();
	});
}

describe('the page as the playground serves it', () => {
	let pg: Awaited<ReturnType<typeof playground>>;
	let store: ReturnType<typeof tempStore>;

	beforeAll(async () => {
		store = tempStore();
		pg = await playground(store.url);
	});

	afterAll(async () => {
		await pg?.stop();
		store?.remove();
	});

	it('GIVEN the page loads app.js as a module WHEN each import is followed THEN every module comes as JavaScript, and every module of the folder is one of them', async () => {
		const page = await (await fetch(pg.url)).text();
		expect(page).toContain('<script type="module" src="/app.js"></script>');
		const seen = new Set<string>();
		const queue = ['app.js'];
		for (let file = queue.shift(); file; file = queue.shift()) {
			if (seen.has(file)) continue;
			seen.add(file);
			const response = await fetch(`${pg.url}/${file}`);
			expect(response.status, file).toBe(200);
			expect(response.headers.get('content-type'), file).toBe('text/javascript; charset=utf-8');
			for (const [, imported] of (await response.text()).matchAll(SIBLING_IMPORT)) if (imported) queue.push(imported);
		}
		expect([...seen].sort()).toEqual(
			readdirSync(PAGE_DIR)
				.filter((f) => f.endsWith('.js'))
				.sort(),
		);
	});

	it('GIVEN paths out of the page folder, or to its files that are not the page WHEN asked for THEN nothing is served', async () => {
		for (const rawPath of [
			'/../http.ts',
			'/%2e%2e/http.ts',
			'/..%2fhttp.ts',
			'/page/../../package.json',
			'//etc/passwd',
			'/types.d.ts',
			'/tsconfig.json',
			'/app.js/',
			'/APP.JS',
		]) {
			const { status, body } = await getRaw(pg.url, rawPath);
			expect(status, rawPath).toBe(404);
			expect(body, rawPath).not.toMatch(/PlaygroundApi|compilerOptions|"dependencies"|root:/);
		}
	});
});

describe("the page's types", () => {
	it("GIVEN the shapes the page declares WHEN the project is typechecked THEN they are the server's (checked by tsc, not at run time)", () => {
		expectTypeOf<Page.WorldView>().toEqualTypeOf<WorldView>();
		expectTypeOf<Omit<Page.MessageView, 'embeds' | 'components'>>().toEqualTypeOf<
			Omit<MessageView, 'embeds' | 'components'>
		>();
		expectTypeOf<APIEmbed>().toExtend<Page.Embed>();
		expectTypeOf<APIButtonComponent>().toExtend<Page.Button>();
		expectTypeOf<APIMessageTopLevelComponent>().toExtend<Page.TopLevelComponent>();
		expectTypeOf<APISectionComponent['accessory']>().toExtend<Page.Section['accessory']>();
		expectTypeOf<Page.Attachment>().toEqualTypeOf<AttachmentView>();
		expectTypeOf<Pick<APIAttachment, 'filename' | 'url' | 'size'>>().toEqualTypeOf<Page.Attachment>();
		expectTypeOf<Page.Suggestions>().toEqualTypeOf<Suggestions>();
		expectTypeOf<Awaited<ReturnType<PlaygroundApi['command']>>>().toExtend<Page.CommandResult>();
		expectTypeOf<Awaited<ReturnType<PlaygroundApi['click']>>>().toExtend<Page.ClickResult>();
		expectTypeOf<ReturnType<PlaygroundApi['addMember']>>().toExtend<Page.MemberView>();
		expectTypeOf<Page.UploadedFile>().toEqualTypeOf<UploadedFile>();
		expectTypeOf<ReturnType<PlaygroundApi['upload']>>().toExtend<Page.UploadedFile>();
		expectTypeOf<Awaited<ReturnType<PlaygroundApi['addDreamFile']>>>().toExtend<Page.CommandResult>();
		expectTypeOf<Page.ThreadView>().toEqualTypeOf<ThreadView>();
		expectTypeOf<Page.ScheduledEventView>().toEqualTypeOf<ScheduledEventView>();
	});
});

describe("the page's drawing of a Components V2 message, the parts without a DOM", () => {
	const attachments = [
		{ filename: 'map.png', url: 'http://127.0.0.1:1/attachments/1/2/map.png?ex=1', size: 2048 },
		{ filename: 'notes.txt', url: 'javascript:alert(1)', size: 5 },
	];

	it("GIVEN a message's flags WHEN read THEN only IS_COMPONENTS_V2 (1 << 15) lays it out from its components", () => {
		expect(IS_COMPONENTS_V2).toBe(32768);
		expect(isComponentsV2(IS_COMPONENTS_V2 | 64)).toBe(true);
		expect(isComponentsV2(64)).toBe(false);
		expect(isComponentsV2(undefined)).toBe(false);
	});

	it("GIVEN media urls WHEN resolved THEN attachment:// names the message's file of that name, a web address stays, and anything else is none", () => {
		expect(mediaUrl('attachment://map.png', attachments)).toBe(attachments[0]?.url);
		expect(mediaUrl('attachment://missing.png', attachments)).toBeUndefined();
		expect(mediaUrl('attachment://notes.txt', attachments)).toBeUndefined();
		expect(mediaUrl('https://example.com/moon.png', attachments)).toBe('https://example.com/moon.png');
		expect(mediaUrl('javascript:alert(1)', attachments)).toBeUndefined();
		expect(mediaUrl('data:image/png;base64,AAAA', attachments)).toBeUndefined();
		expect(mediaUrl('not a url', attachments)).toBeUndefined();
		expect(mediaUrl(undefined, attachments)).toBeUndefined();
	});

	it('GIVEN galleries of 1 to 10 pictures WHEN laid out THEN the rows are as Discord draws them, and every picture fills its row of six columns', () => {
		const rows = Array.from({ length: 10 }, (_, i) => galleryRows(i + 1).rows);
		expect(rows).toEqual([[1], [2], [1, 2], [2, 2], [2, 3], [3, 3], [1, 3, 3], [2, 3, 3], [3, 3, 3], [1, 3, 3, 3]]);
		expect(galleryRows(3).tall).toBe(true);
		expect(galleryCells(3)).toEqual([
			{ columns: 3, tall: true },
			{ columns: 3, tall: false },
			{ columns: 3, tall: false },
		]);
		for (let count = 1; count <= 10; count++) {
			const cells = galleryCells(count);
			expect(cells).toHaveLength(count);
			if (count !== 3)
				expect(cells.reduce((sum, cell) => sum + cell.columns, 0)).toBe(6 * galleryRows(count).rows.length);
		}
	});

	it('GIVEN accent colours and file sizes WHEN shown THEN they read as CSS colours and as Discord writes sizes', () => {
		expect(colourOf(0x5865f2)).toBe('#5865f2');
		expect(colourOf(0x0000ff)).toBe('#0000ff');
		expect(colourOf(0)).toBe('#000000');
		expect(colourOf(null)).toBeUndefined();
		expect(colourOf(undefined)).toBeUndefined();
		expect([fileSize(5), fileSize(2048), fileSize(3 * 1024 * 1024 + 100)]).toEqual(['5 bytes', '2.00 KB', '3.00 MB']);
	});
});
