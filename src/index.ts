/**
 * `npm start`. With a Discord token, Reverie connects to Discord; without one, it says what to set and how to try
 * the dreams meanwhile.
 */
import { formatDiagnostic, loadCatalogue, STORY_DIR } from './engine/index.js';

const catalogue = loadCatalogue(STORY_DIR);
for (const failure of catalogue.failures) {
	console.error(`The dream "${failure.id}" does not compile and is left out:`);
	for (const e of failure.errors) console.error(`  ${formatDiagnostic(e)}`);
}
console.log(`Reverie knows ${catalogue.stories.length} dream(s): ${catalogue.stories.map((s) => s.title).join(', ')}.`);
if (!process.env.DISCORD_TOKEN) {
	console.log('No DISCORD_TOKEN is set, and the Discord bot is not built yet.');
	console.log('Try a dream in the terminal meanwhile: npm run play -- the-thread');
}
