// What a process waiting out another's refresh spends: the CPU of
// challenge() in a running process (its token read, its work settled) while
// another process holds the renewal lock and then stores new tokens, for
// the first challenge of the process and for later ones, medians over TRIALS
// sets of new processes. The first pays for running that code for the first
// time; the difference is what each waiter of a refresh storm adds.
// WAITER_NODE_FLAGS passes Node flags to the waiting processes, to diagnose
// (for example "--cpu-prof --cpu-prof-dir=/tmp/prof").
// Run: node bench/waiter.mjs (after pnpm build)
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { StoreKeys, serverKey } from '@mcp-oauth/core';
import { refreshLockName } from '@mcp-oauth/oauth';
import { fileStore } from '@mcp-oauth/store-file';
import { authorizationCode } from '../dist/index.js';
import { settled } from '../test/support/settle.mjs';

const server = { name: 'waiter', type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' };
const [mode, dir] = process.argv.slice(2);

if (mode === 'child') {
  const auth = authorizationCode({ server, store: fileStore({ dir }), openBrowser: false });
  let current = (await auth.tokens())?.access_token;
  await settled();
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'challenge') break;
    const before = process.cpuUsage();
    const outcome = await auth.challenge({
      status: 401,
      wwwAuthenticate: 'Bearer error="invalid_token"',
      rejectedToken: current,
    });
    const cpu = process.cpuUsage(before);
    current = outcome.kind === 'retry' ? outcome.tokens.access_token : undefined;
    process.stdout.write(
      `${JSON.stringify({ token: current, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
    );
  }
  process.exit(0);
}

const TRIALS = Number(process.env.WAITER_TRIALS ?? 7);
const ROUNDS = 3;
const serverId = await serverKey(server);
const key = StoreKeys.server(serverId);
const record = (n) => ({
  client: { client_id: 'client' },
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  issuedAt: Date.now(),
  expiresAt: Date.now() + 3_600_000,
  authorizationServerUrl: 'http://127.0.0.1:9',
  issuer: 'http://127.0.0.1:9',
  tokenEndpoint: 'http://127.0.0.1:9/token',
});
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const cpu = Array.from({ length: ROUNDS }, () => []);
for (let trial = 0; trial < TRIALS; trial++) {
  const folder = mkdtempSync(join(tmpdir(), 'bench-waiter-'));
  const store = fileStore({ dir: folder });
  await store.set(key, record(0));
  const child = spawn(
    process.execPath,
    [
      ...(process.env.WAITER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      new URL(import.meta.url).pathname,
      'child',
      folder,
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  await lines.next();
  for (let round = 1; round <= ROUNDS; round++) {
    // This process plays the holder: with the renewal lock taken, the
    // waiter is challenged, and 150 ms later the holder stores new tokens.
    await store.withLock(refreshLockName(serverId), async () => {
      child.stdin.write('challenge\n');
      await pause(150);
      await store.set(key, record(round));
    });
    const result = JSON.parse((await lines.next()).value);
    if (result.token !== `access-${round}`)
      throw new Error(`the waiter ended with ${result.token}`);
    cpu[round - 1].push(result.cpuMs);
    // Past the second a lock keeps Node's async hooks on (SPEC H8).
    await pause(1_200);
  }
  child.stdin.end('end\n');
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`\nCPU of one waiter's challenge(), medians of ${TRIALS} processes:`);
for (const [i, values] of cpu.entries()) {
  const range = `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
  console.log(
    `  ${['first', 'second', 'third'][i]} challenge in the process: ${median(values).toFixed(1)} ms (${range})`,
  );
}
