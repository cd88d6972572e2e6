import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pino from 'pino';
import type { Config } from './config.js';

/**
 * This process as a copy of Reverie: its machine, its process id and a few random characters (a pid is reused after a
 * restart). The lease names its owner so, and every log line says it, so two copies' logs can be told apart.
 */
export const THIS_COPY = `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;

/** The logging Reverie does, in every layer: pino's logger fits, and so does a test's. */
export interface Logger {
	debug(object: object, message: string): void;
	info(object: object, message: string): void;
	warn(object: object, message: string): void;
	error(object: object, message: string): void;
}

/** Structured logs on stdout (JSON, one line each), at `LOG_LEVEL`, each naming the copy that wrote it. */
export function createLogger(level: Config['logLevel'] = 'info') {
	return pino({ level, base: { app: 'reverie', copy: THIS_COPY } });
}
