// tokens() with a valid token, as an MCP client calls it before every
// request: awaited one call after another, 100,000 calls a round, median of
// 11 rounds, per store. The vitest bench (tokens.bench.ts) gives the same
// path with its harness's own cost per call included.
// Run: pnpm --filter @mcp-oauth/authorization-code bench
import { authorizationCode } from '../dist/index.js';
import { server, storesWithValidToken } from './tokens-fixture.mjs';

const { memory, files } = await storesWithValidToken();
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
