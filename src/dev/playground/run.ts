import { readConfigOrExit } from '../../config.js';
import type { Command } from '../../discord/command.js';
import { createLogger } from '../../log.js';
import { stopOnSignals } from '../../signals.js';
import { PlaygroundError, startPlayground } from './index.js';

/**
 * Runs the playground in the foreground, for `npm run playground` and for `npm start` without a token: starts it,
 * prints where to open it, and stops it cleanly on SIGINT or SIGTERM (the dreams and messages are saved, and the
 * next start takes them up). `--fresh` among `args` starts with empty channels. A problem the person can fix (a
 * port in use, a bad setting) is printed as one sentence, without a stack, and the process exits with 1.
 */
export async function runPlayground(commands: Map<string, Command>, args: readonly string[]): Promise<void> {
	const config = readConfigOrExit('The playground');
	// The terminal is for the address; Reverie's own info lines would bury it. LOG_LEVEL brings them back.
	const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
	const fresh = args.includes('--fresh');
	console.log('Starting the Reverie playground…');
	let playground: Awaited<ReturnType<typeof startPlayground>>;
	try {
		playground = await startPlayground({
			commands,
			fresh,
			log,
			...(process.env.VOTE_SECONDS ? { voteSeconds: config.voteSeconds } : {}),
			...(process.env.PACE ? { pace: config.pace } : {}),
			beatDelayMs: config.beatDelayMs,
			storyDir: config.storyDir,
		});
	} catch (error) {
		if (!(error instanceof PlaygroundError)) throw error;
		console.error(`The playground cannot start: ${error.message}`);
		process.exit(1);
	}
	console.log(
		[
			'',
			`  Reverie playground: ${playground.url}`,
			'',
			playground.resumed
				? '  Your channels and dreams from last time are back (npm run playground -- --fresh starts anew).'
				: '  Open it, type /dream start in #dreams, and vote with the buttons.',
			'  Act as Alice (a moderator), Bob or Carol from the member list; add more there.',
			'  Ctrl+C stops it.',
			'',
		].join('\n'),
	);
	stopOnSignals(
		'the playground',
		async () => {
			console.log('\nStopping the playground…');
			await playground.stop();
		},
		log,
	);
}
