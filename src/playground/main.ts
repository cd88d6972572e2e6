/** `npm run playground` (add `-- --fresh` to start with empty channels): see {@link runPlayground}. */
import { runPlayground } from './run.js';

await runPlayground();
