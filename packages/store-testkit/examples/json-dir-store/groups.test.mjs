// groups.test.mjs: two groups on their own, against store.mjs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeKeyTests, storeLockTests } from '@mcp-oauth/store-testkit';
import { test } from 'vitest';
import { createStore } from './store.mjs';

const fresh = () => createStore(mkdtempSync(join(tmpdir(), 'json-dir-')));
storeKeyTests(test, fresh);
storeLockTests(test, fresh);
