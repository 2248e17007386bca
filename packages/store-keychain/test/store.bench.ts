import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerRecord } from '@mcp-oauth/core';
import { afterAll, bench, describe } from 'vitest';
import { keychainStore } from '../src/index.js';

// Runs on the real OS keychain (`pnpm bench` wraps it in test/with-keyring.sh
// on headless Linux). A typical server record (SPEC K1, D4).
const record: ServerRecord = {
  client: { client_id: 'mcp-client-4f1c9e2a' },
  accessToken: `eyJ${'a'.repeat(900)}`,
  refreshToken: `rt_${'r'.repeat(60)}`,
  expiresAt: Date.now() + 3_600_000,
  scope: 'read write',
  authorizationServerUrl: 'https://auth.example.com',
  resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource',
};
const key = 'server:docs|49aaacec754e767e';

const dir = await mkdtemp(join(tmpdir(), 'store-keychain-bench-'));
const store = keychainStore({ service: `mcp-oauth-bench-${process.pid}`, lockDir: dir });
await store.set(key, record);
afterAll(async () => {
  await store.delete(key);
  await rm(dir, { recursive: true, force: true });
});
let n = 0;

describe('keychainStore', () => {
  bench('cached get of a server record (the tokens() hot path, SPEC T7)', () => {
    store.get(key);
  });
  bench('fresh get (one keychain read)', async () => {
    await store.get(key, { fresh: true });
  });
  bench('set (lock, read head, write head)', async () => {
    await store.set(key, { ...record, expiresAt: n++ });
  });
  bench('update (lock, read, write)', async () => {
    await store.update<ServerRecord>(key, (r) => ({ ...r, expiresAt: n++ }));
  });
});
