import { randomUUID } from 'node:crypto';
import type { Store } from '@mcp-oauth/core';
import { storeTestSuite } from '@mcp-oauth/store-testkit';
import { afterAll, beforeAll, test } from 'vitest';
import { type RedisStore, redisStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

// [ST1][ST5][H10][R1][H8][DS1] The whole store test kit against a real
// redis-server: every group, the cross-process group with real child
// processes, and the opt-in lost-lock case (a holder SIGSTOPped past its
// 300 ms lease cannot commit).
const fixture = new URL('./fixtures/create-store.mjs', import.meta.url).href;
let server: RedisServer;
const opened = new Set<RedisStore>();
const appNames = new WeakMap<Store, string>();

function open(appName: string): RedisStore {
  const store = redisStore({ url: server.url, appName });
  opened.add(store);
  appNames.set(store, appName);
  return store;
}

beforeAll(async () => {
  server = await startRedisServer();
  process.env.MCP_OAUTH_REDIS_URL = server.url;
});

afterAll(async () => {
  await Promise.all([...opened].map((store) => store.close()));
  await (await import(fixture)).closeAll();
  await server?.stop();
});

storeTestSuite(test, () => open(`kit-${randomUUID()}`), {
  reopen: (store) => open(appNames.get(store)!),
  crossProcess: {
    module: fixture,
    processes: 8,
    updatesPerProcess: 50,
    lostLock: { exportName: 'createStoreWithShortLease' },
  },
});
