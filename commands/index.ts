/** Every slash command Reverie has: the bot and `npm run deploy-commands` load this same list. */
import type { Command } from '../src/discord/command.js';
import { dream } from './dream.js';

export const commands: readonly Command[] = [dream];
