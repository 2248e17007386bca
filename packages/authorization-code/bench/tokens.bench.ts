import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JsonValue, StoreKeys, serverKey } from '@mcp-oauth/core';
import { fileStore } from '@mcp-oauth/store-file';
import { memoryStore } from '@mcp-oauth/store-memory';
import { bench, describe } from 'vitest';
import { authorizationCode } from '../src/index.js';

const server = { name: 'bench', type: 'streamable-http', url: 'https://mcp.example.com/mcp' };
const key = StoreKeys.server(await serverKey(server));
const record = {
  client: { client_id: 'client' },
  accessToken: 'a'.repeat(900),
  refreshToken: 'r'.repeat(300),
  expiresAt: Date.now() + 24 * 3600 * 1000,
  scope: 'mcp:read mcp:write',
  authorizationServerUrl: 'https://auth.example.com',
  resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
} as JsonValue;

const memory = memoryStore();
await memory.set(key, record);
const fromMemory = authorizationCode({ server, store: memory, openBrowser: false });

const files = fileStore({ dir: mkdtempSync(join(tmpdir(), 'bench-')) });
await files.set(key, record);
const fromFile = authorizationCode({ server, store: files, openBrowser: false });
await fromMemory.tokens();
await fromFile.tokens();

describe('tokens() with a valid token (SPEC T7)', () => {
  bench('memory store', async () => {
    await fromMemory.tokens();
  });
  bench('file store (cached reads)', async () => {
    await fromFile.tokens();
  });
});
