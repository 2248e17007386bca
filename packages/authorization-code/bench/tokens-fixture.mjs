// The server and the stored record both tokens() benchmarks use: a valid
// token of a realistic size, in a memory store and in a file store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreKeys, serverKey } from '@mcp-oauth/core';
import { fileStore } from '@mcp-oauth/store-file';
import { memoryStore } from '@mcp-oauth/store-memory';

export const server = {
  name: 'bench',
  type: 'streamable-http',
  url: 'https://mcp.example.com/mcp',
};

/** The server's record with a token valid for a day, under its store key. */
export async function validRecord() {
  const key = StoreKeys.server(await serverKey(server));
  const record = {
    client: { client_id: 'client' },
    accessToken: 'a'.repeat(900),
    refreshToken: 'r'.repeat(300),
    expiresAt: Date.now() + 24 * 3600 * 1000,
    scope: 'mcp:read mcp:write',
    authorizationServerUrl: 'https://auth.example.com',
    resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
  };
  return { key, record };
}

/** Both stores, each holding a token valid for a day. */
export async function storesWithValidToken() {
  const { key, record } = await validRecord();
  const memory = memoryStore();
  await memory.set(key, record);
  const files = fileStore({ dir: mkdtempSync(join(tmpdir(), 'bench-tokens-')) });
  await files.set(key, record);
  // A client reads its token long after its last write: the file lock keeps
  // Node's async hooks on for a second after a write (SPEC H8), then not.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  return { memory, files };
}
