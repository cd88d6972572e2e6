import type { Logger } from './log.js';

/**
 * On SIGINT or SIGTERM (the first one only), runs `stop` and exits: 0 when it finished, 1 when it failed. Both the
 * bot and the playground stop this way, so an admin's Ctrl+C or a supervisor's SIGTERM lets in-flight work finish.
 * `withParent`: also when the process that started this one is gone.
 */
export function stopOnSignals(
	what: string,
	stop: () => Promise<void>,
	log: Logger,
	options: { withParent?: boolean } = {},
): void {
	let stopping = false;
	const handle = (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, `stopping ${what}`);
		stop().then(
			() => process.exit(0),
			(error) => {
				log.error({ err: error }, `${what} could not stop cleanly`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => handle('SIGINT'));
	process.on('SIGTERM', () => handle('SIGTERM'));
	// A process started by another (a shard by its manager) stops the same way when that one is gone, even killed
	// with SIGKILL: the channel between them closes, and a shard left running would hold its guilds for nobody.
	if (options.withParent && process.channel) process.once('disconnect', () => handle('the parent process ended'));
}
