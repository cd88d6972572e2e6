import { SHARE_ENV, Worker } from 'node:worker_threads';

/** How often the watchdog looks whether this process's parent is still the one it started under. */
export const PARENT_WATCH_MS = 500;

// The watchdog thread's whole code. A thread, so that it runs while this process's own thread is stuck inside one
// step (a stranger's story looping forever); SIGKILL, since that thread would never run an exit or a handler.
const WATCHDOG = `
const { parent, everyMs } = require('node:worker_threads').workerData;
setInterval(() => {
	if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
}, everyMs);
`;

/**
 * Makes this process exit when its parent does, for the child processes the bot starts (story, sandbox, map painter).
 * A parent killed with SIGKILL stops nothing, and its children would otherwise run on: an idle one until killed by
 * hand, a busy one in an endless loop at full CPU, since nobody is left to enforce its time limit. The IPC channel's
 * close ends an idle process at once; a watchdog thread ends a busy one within {@link PARENT_WATCH_MS} of its parent
 * changing (on Linux and macOS, an orphan is handed to another process). In a process with no IPC channel to a parent
 * (not forked: a test, `play`) it does nothing.
 */
export function exitWithParent(): void {
	if (!process.channel) return;
	if (!process.connected) process.exit();
	process.once('disconnect', () => process.exit());
	const watchdog = new Worker(WATCHDOG, {
		eval: true,
		workerData: { parent: process.ppid, everyMs: PARENT_WATCH_MS },
		// None of this process's flags (heap sizes, loaders), its environment shared rather than copied, and small heaps
		// (node's own start-up needs about 4 MB of old generation): the thread only asks for a number twice a second. It
		// costs a process about 9 MB of memory as it starts, 7 MB once settled.
		execArgv: [],
		env: SHARE_ENV,
		resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1, codeRangeSizeMb: 1, stackSizeMb: 1 },
	});
	// A watchdog that fails (out of its small heap) takes nothing down with it: the channel's close still ends an idle
	// process, and the warning goes to the bot's output.
	watchdog.on('error', (error) =>
		process.emitWarning(`the watchdog on this process's parent failed: ${error.message}`),
	);
	watchdog.unref();
}
