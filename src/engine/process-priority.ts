import { constants, getPriority, setPriority } from 'node:os';

/** The priority story processes take: below the bot's own, which answers clicks. */
export const STORY_PROCESS_PRIORITY = constants.priority.PRIORITY_BELOW_NORMAL;

/**
 * Lowers this process's scheduling priority to {@link STORY_PROCESS_PRIORITY}. A story process runs ink for a
 * thousand votes closing at once, or a stranger's story being checked; on a machine with few cores that work would
 * otherwise take the core the bot needs to acknowledge clicks within Discord's 3 s. Lowered, it takes what the bot
 * leaves. Where the system refuses, the process keeps its priority: the work is the same, only its turn differs.
 */
export function lowerOwnPriority(): void {
	try {
		if (getPriority() < STORY_PROCESS_PRIORITY) setPriority(STORY_PROCESS_PRIORITY);
	} catch {
		// Lowering one's own priority needs no privilege on Linux or macOS; a system without it changes nothing.
	}
}
