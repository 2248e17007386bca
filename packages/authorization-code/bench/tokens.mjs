// tokens() with a valid token, as an MCP client calls it before every
// request: awaited one call after another, 100,000 calls a round, median of
// 11 rounds, per store. The vitest bench (tokens.bench.ts) gives the same
// path with its harness's own cost per call included.
// Run: pnpm --filter @mcp-oauth/authorization-code bench
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreKeys, serverKey } from '@mcp-oauth/core';
import { fileStore } from '@mcp-oauth/store-file';
import { memoryStore } from '@mcp-oauth/store-memory';
import { authorizationCode } from '../dist/index.js';

const server = { name: 'bench', type: 'streamable-http', url: 'https://mcp.example.com/mcp' };
const key = StoreKeys.server(await serverKey(server));
const record = {
  client: { client_id: 'client' },
  accessToken: 'a'.repeat(900),
  refreshToken: 'r'.repeat(300),
  expiresAt: Date.now() + 24 * 3600 * 1000,
  scope: 'mcp:read mcp:write',
  authorizationServerUrl: 'https://auth.example.com',
};
const memory = memoryStore();
await memory.set(key, record);
const files = fileStore({ dir: mkdtempSync(join(tmpdir(), 'bench-tokens-')) });
await files.set(key, record);
const CALLS = 100_000;
const lines = [];
for (const [name, store] of [
  ['memory store', memory],
  ['file store', files],
]) {
  const auth = authorizationCode({ server, store, openBrowser: false });
  if (!(await auth.tokens())) throw new Error('no token');
  const perCall = [];
  for (let round = 0; round < 11; round++) {
    const started = performance.now();
    for (let i = 0; i < CALLS; i++) await auth.tokens();
    perCall.push(((performance.now() - started) * 1000) / CALLS);
  }
  perCall.sort((a, b) => a - b);
  lines.push(`${name}: ${perCall[5].toFixed(2)} µs`);
}
console.log(
  `\ntokens() with a valid token, median per awaited call: ${lines.join('; ')} (target < 1 µs)\n`,
);
