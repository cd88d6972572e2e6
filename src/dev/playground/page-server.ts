/**
 * The playground page's HTTP plumbing: binding its port, its files read once, and JSON in and out. The API itself
 * is `http.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../project-root.js';

/** The largest JSON body the API reads, but for an upload's. */
const JSON_LIMIT = 64 * 1024;

/** A start-up failure with a sentence for the person at the terminal: printed as it is, without a stack. */
export class PlaygroundError extends Error {}

/** Bad input from the page: answered with 400 and the sentence, which the page shows as it is. */
export class RequestError extends Error {
	constructor(
		message: string,
		readonly status = 400,
	) {
		super(message);
	}
}

/** From the project's folder: the page's files are served as they are, by the sources and the build alike. */
const PAGE_DIR = path.join(PROJECT_ROOT, 'src/dev/playground/page');
/** The page's own files by the path they are served at; its other modules are found in its folder (below). */
const PAGE_FILES: Record<string, { file: string; type: string }> = {
	'/': { file: 'index.html', type: 'text/html; charset=utf-8' },
	'/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
	'/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
	'/layout.css': { file: 'layout.css', type: 'text/css; charset=utf-8' },
	'/threads-events.css': { file: 'threads-events.css', type: 'text/css; charset=utf-8' },
	'/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};
/** A module of the page's script (app.js imports the others); browsers run one only when it comes as JavaScript. */
const MODULE = { name: /^[a-z][a-z-]*\.js$/, type: 'text/javascript; charset=utf-8' };

/** A page file, read once when the playground starts: a request's path only ever looks one up by name. */
export interface PageFile {
	type: string;
	body: Buffer;
}

/**
 * Binds the page's port before anything else starts, so a port already taken fails at once with a sentence that
 * names it and says how to choose another, and leaves nothing half-started behind.
 */
export async function listenPage(port: number): Promise<{ server: Server; port: number }> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EADDRINUSE')
				reject(
					new PlaygroundError(
						`Port ${port} is already in use (another playground, or another program, is listening there). ` +
							`Choose another with PLAYGROUND_PORT, e.g. PLAYGROUND_PORT=${port === 65535 ? 3001 : port + 1} npm run playground, or PLAYGROUND_PORT=0 for any free port.`,
					),
				);
			else if (error.code === 'EACCES')
				reject(
					new PlaygroundError(
						`Port ${port} may not be used by this user (ports below 1024 need privileges). Choose another with PLAYGROUND_PORT, e.g. PLAYGROUND_PORT=3000.`,
					),
				);
			else reject(error);
		});
		server.listen(port, '127.0.0.1', () => resolve());
	});
	return { server, port: (server.address() as AddressInfo).port };
}

/**
 * The page's files by the path they are served at, read once: a missing file is a broken checkout, better found at
 * start than on first load. The modules are every `.js` file of the page's folder, served at `/name.js`; nothing
 * else there (its types, its tsconfig) is served, and no path from a request reaches the file system.
 */
export function readAssets(): Map<string, PageFile> {
	const read = (file: string, type: string): PageFile => ({ type, body: readFileSync(path.join(PAGE_DIR, file)) });
	const files = new Map(Object.entries(PAGE_FILES).map(([route, { file, type }]) => [route, read(file, type)]));
	for (const file of readdirSync(PAGE_DIR).filter((name) => MODULE.name.test(name)))
		if (!files.has(`/${file}`)) files.set(`/${file}`, read(file, MODULE.type));
	return files;
}

export function json(res: ServerResponse, value: unknown, status = 200) {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(JSON.stringify(value));
}

/** A request's JSON object; `limit` bytes at most (the default suits every call but an upload's). */
export async function readJson(req: IncomingMessage, limit = JSON_LIMIT): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limit) throw new RequestError('That request is too large.', 413);
		chunks.push(chunk as Buffer);
	}
	if (chunks.length === 0) return {};
	try {
		const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
		return value;
	} catch {
		throw new RequestError('The request body is not a JSON object.');
	}
}
