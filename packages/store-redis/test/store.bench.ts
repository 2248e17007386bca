import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizationCode } from '@mcp-oauth/authorization-code';
import { type ServerRecord, type Store, StoreKeys, serverKey } from '@mcp-oauth/core';
import { fileStore } from '@mcp-oauth/store-file';
import { afterAll, bench, describe } from 'vitest';
import { redisStore } from '../src/index.js';
import { startRedisServer } from './support/redis-server.js';

// A typical server record (SPEC K1, D4): client, tokens, discovery URLs.
const server = {
  name: 'docs',
  type: 'streamable-http' as const,
  url: 'https://mcp.example.com/mcp',
};
const key = StoreKeys.server(await serverKey(server));
const record: ServerRecord = {
  client: { client_id: 'mcp-client-4f1c9e2a' },
  accessToken: `eyJ${'a'.repeat(900)}`,
  refreshToken: `rt_${'r'.repeat(60)}`,
  expiresAt: Date.now() + 3_600_000,
  scope: 'read write',
  authorizationServerUrl: 'https://auth.example.com',
  resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource',
};

// A local redis-server on loopback (no persistence), and a file store in a temporary folder.
const redis = await startRedisServer();
const dir = await mkdtemp(join(tmpdir(), 'store-redis-bench-'));
const stores: Record<string, Store> = {
  redisStore: redisStore({ url: redis.url, appName: 'bench' }),
  'redisStore (AES-GCM)': redisStore({
    url: redis.url,
    appName: 'bench-sealed',
    encryptionKey: crypto.getRandomValues(new Uint8Array(32)),
  }),
  fileStore: fileStore({ dir }),
};
await (stores.redisStore as ReturnType<typeof redisStore>).ready();
await (stores['redisStore (AES-GCM)'] as ReturnType<typeof redisStore>).ready();
afterAll(async () => {
  for (const store of Object.values(stores)) await (store as { close?(): Promise<void> }).close?.();
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});
let n = 0;

for (const [name, store] of Object.entries(stores)) {
  await store.set(key, record);
  const auth = authorizationCode({ server, store, openBrowser: false });
  await auth.tokens();
  describe(name, () => {
    bench('tokens() with a valid token (the hot path of every MCP request, SPEC T7)', async () => {
      await auth.tokens();
    });
    bench('cached get of a server record', () => {
      store.get(key);
    });
    bench('fresh get (reads the backend)', async () => {
      await store.get(key, { fresh: true });
    });
    bench('update (read, compare-and-set or lock, write)', async () => {
      await store.update<ServerRecord>(key, (r) => ({
        ...r,
        expiresAt: Date.now() + 3_600_000 + n++,
      }));
    });
  });
}
