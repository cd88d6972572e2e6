import path from 'node:path';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers.js';
import { silent } from '../sessions/harness.js';
import { storeContract } from './contract.js';

storeContract('SQLite', async () => {
	const url = `sqlite://${path.join(tempDir(), 'nested', 'folder', 'reverie.sqlite')}`;
	return { store: Store.open(url, silent), reopen: () => Store.open(url, silent) };
});
