import { storeCrossProcessTests } from '@mcp-oauth/store-testkit';
import { test } from 'vitest';
import { fileStore } from '../src/index.js';

// [ST1][R1] 20 processes × 100 concurrent updates of one key: no update lost;
// 20 processes × 10 lock sections: none overlap. [H8] a holder frozen past
// the stale timeout cannot commit. Only the cross-process group here; the
// other groups run in the unit tests.
storeCrossProcessTests(test, () => fileStore({ dir: '/nonexistent-unused' }), {
  crossProcess: {
    module: new URL('./fixtures/create-store.mjs', import.meta.url).href,
    processes: 20,
    updatesPerProcess: 100,
    lostLock: { exportName: 'createStoreWithShortStaleLock' },
  },
});
