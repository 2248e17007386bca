// store.test.mjs: the whole kit, cross-process groups included, against store.mjs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeTestSuite } from '@mcp-oauth/store-testkit';
import { test } from 'vitest';
import { createStore } from './store.mjs';

storeTestSuite(test, () => createStore(mkdtempSync(join(tmpdir(), 'json-dir-'))), {
  reopen: (store) => createStore(store.dir),
  crossProcess: { module: new URL('./store.mjs', import.meta.url).href },
});
