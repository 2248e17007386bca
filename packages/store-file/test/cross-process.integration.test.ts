import { storeTestSuite } from '@mcp-oauth/store-testkit';
import { test } from 'vitest';
import { fileStore } from '../src/index.js';

// [ST1] 20 processes × 100 concurrent updates of one key: no update lost.
// Only the cross-process group here; the other groups run in the unit tests.
storeTestSuite(test, () => fileStore({ dir: '/nonexistent-unused' }), {
  skip: ['basic', 'isolation', 'atomic-update', 'large-record', 'unicode', 'deletion'],
  crossProcess: {
    module: new URL('./fixtures/create-store.mjs', import.meta.url).href,
    processes: 20,
    updatesPerProcess: 100,
  },
});
