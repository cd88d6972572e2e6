/** Every slash command Reverie has: the bot and `npm run deploy-commands` load this same list. */
import { dream } from './dream.js';

export const commandModules: readonly unknown[] = [dream];
