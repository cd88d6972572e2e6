import pino from 'pino';
import type { Config } from './config.js';

/** Structured logs on stdout (JSON, one line each), at `LOG_LEVEL`. */
export function createLogger(level: Config['logLevel'] = 'info') {
	return pino({ level, base: { app: 'reverie' } });
}
