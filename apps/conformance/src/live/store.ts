import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lock, Store } from '@mcp-oauth/core';
import { fileStore } from '@mcp-oauth/store-file';
import { keychainStore } from '@mcp-oauth/store-keychain';
import { memoryStore } from '@mcp-oauth/store-memory';
import { redisStore } from '@mcp-oauth/store-redis';
import type { StoreKind } from '../stores/index.js';

/** The store live mode keeps credentials in; says where, for the report. */
export async function liveStore(
  kind: StoreKind,
  dir: string | undefined,
): Promise<{ store: Store & Lock; where: string }> {
  if (kind === 'file') {
    const folder = dir ?? (await mkdtemp(join(tmpdir(), 'mcp-oauth-live-')));
    return { store: fileStore({ dir: folder }), where: `file store in ${folder}` };
  }
  if (kind === 'keychain') {
    const store = keychainStore({ service: 'mcp-oauth-conformance' });
    await store.ready();
    return { store, where: 'OS keychain, service mcp-oauth-conformance' };
  }
  if (kind === 'redis') {
    const url = process.env.MCP_OAUTH_REDIS_URL;
    if (!url) throw new TypeError('--store redis needs MCP_OAUTH_REDIS_URL (redis://host:port)');
    const store = redisStore({ url, appName: 'mcp-oauth-conformance' });
    await store.ready();
    return { store, where: `Redis at ${new URL(url).host}, namespace ${store.prefix}` };
  }
  return { store: memoryStore(), where: 'memory (nothing persists)' };
}
