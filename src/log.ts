import pino from 'pino';
import type { Config } from './config.js';

/** The logging Reverie does, in every layer: pino's logger fits, and so does a test's. */
export interface Logger {
	debug(object: object, message: string): void;
	info(object: object, message: string): void;
	warn(object: object, message: string): void;
	error(object: object, message: string): void;
}

/** Structured logs on stdout (JSON, one line each), at `LOG_LEVEL`. */
export function createLogger(level: Config['logLevel'] = 'info') {
	return pino({ level, base: { app: 'reverie' } });
}
