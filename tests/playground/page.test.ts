import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { APIButtonComponent, APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { MessageView, PlaygroundApi, WorldView } from '../../src/dev/playground/http.js';
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
		expectTypeOf<Page.Suggestions>().toEqualTypeOf<Suggestions>();
		expectTypeOf<Awaited<ReturnType<PlaygroundApi['command']>>>().toExtend<Page.CommandResult>();
		expectTypeOf<Awaited<ReturnType<PlaygroundApi['click']>>>().toExtend<Page.ClickResult>();
		expectTypeOf<ReturnType<PlaygroundApi['addMember']>>().toExtend<Page.MemberView>();
		expectTypeOf<Page.UploadedFile>().toEqualTypeOf<UploadedFile>();
		expectTypeOf<ReturnType<PlaygroundApi['upload']>>().toExtend<Page.UploadedFile>();
		expectTypeOf<Awaited<ReturnType<PlaygroundApi['addDreamFile']>>>().toExtend<Page.CommandResult>();
	});
});
