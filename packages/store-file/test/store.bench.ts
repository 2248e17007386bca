import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerRecord } from '@mcp-oauth/core';
import { afterAll, bench, describe } from 'vitest';
import { fileStore } from '../src/index.js';

// A typical server record (SPEC K1, D4): client, tokens, discovery URLs.
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

const dir = await mkdtemp(join(tmpdir(), 'store-file-bench-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const store = fileStore({ dir });
await store.set(key, record);
let n = 0;

describe('fileStore', () => {
  bench('cached get of a server record (the tokens() hot path, SPEC T7)', () => {
    store.get(key);
  });
  bench('fresh get (reads the file)', async () => {
    await store.get(key, { fresh: true });
  });
  bench('set (lock, temp file, fsync, rename, fsync folder)', async () => {
    await store.set(key, { ...record, expiresAt: n++ });
  });
  bench('update (lock, read, write)', async () => {
    await store.update<ServerRecord>(key, (r) => ({ ...r, expiresAt: n++ }));
  });
});
