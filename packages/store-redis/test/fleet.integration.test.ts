import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type JsonValue, StoreKeys, serverKey } from '@mcp-oauth/core';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisStore, redisStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

/** Three machines of 6, 5 and 5 processes: 16 in all. */
const MACHINES = [6, 5, 5];
const PROCESSES = MACHINES.reduce((a, b) => a + b, 0);
const RUNS = 20;
const APP = 'fleet';
const serverUrl = 'http://127.0.0.1:9/mcp';
const member = fileURLToPath(new URL('./fixtures/fleet-member.mjs', import.meta.url));

interface Member {
  readonly machine: number;
  readonly child: ChildProcess;
  /** The next stdout line. */
  next(): Promise<string>;
}

let redis: RedisServer;
let as: AuthorizationServer;
let store: RedisStore;
const roots: string[] = [];
const members: Member[] = [];

/** Starts one process on `machine`: its own HOME and TMPDIR, nothing shared but Redis. */
function startMember(machine: number, root: string): Member {
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  mkdirSync(home, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  const child = spawn(process.execPath, [member, redis.url, APP], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, HOME: home, TMPDIR: tmp, XDG_DATA_HOME: join(home, '.local', 'share') },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    machine,
    child,
    async next() {
      const { value, done } = await lines.next();
      if (done) throw new Error(`a fleet process exited: ${stderr}`);
      return value as string;
    },
  };
}

beforeAll(async () => {
  redis = await startRedisServer();
  as = await startAuthorizationServer({ accessTokenFormat: 'opaque' });
  store = redisStore({ url: redis.url, appName: APP });
  for (const [machine, count] of MACHINES.entries()) {
    const root = mkdtempSync(join(tmpdir(), `fleet-machine-${machine}-`));
    roots.push(root);
    for (let i = 0; i < count; i++) members.push(startMember(machine, root));
  }
  await Promise.all(members.map(async (m) => expect(await m.next()).toBe('ready')));
}, 60_000);

afterAll(async () => {
  for (const m of members) m.child.kill('SIGKILL');
  await store?.close();
  await as?.close();
  await redis?.stop();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function oneRun(run: number) {
  const name = `fleet-${run}`;
  const { client, tokens } = await as.obtainTokens({ resource: serverUrl, scope: 'mcp:tools' });
  const key = StoreKeys.server(await serverKey({ name, type: 'streamable-http', url: serverUrl }));
  // Every machine's token expired a second ago: all 16 must renew it now.
  await store.set(key, {
    client: { client_id: client.client_id },
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token!,
    expiresAt: Date.now() - 1_000,
    scope: 'mcp:tools',
    authorizationServerUrl: as.issuer,
  } as JsonValue);
  as.resetCounts();
  const startAt = Date.now() + 300;
  for (const m of members)
    m.child.stdin!.write(`${JSON.stringify({ name, serverUrl, startAt })}\n`);
  const results = await Promise.all(
    members.map(
      async (m) => JSON.parse(await m.next()) as { accessToken: string | null; error?: string },
    ),
  );
  const refreshRequests = as.count('/token', 'POST');
  const renewed = results.filter((r) => r.accessToken && r.accessToken !== tokens.access_token);
  const valid = await Promise.all(
    renewed.map(
      async (r) => !!(await as.verifyAccessToken(r.accessToken!, { resource: serverUrl })),
    ),
  );
  // The grant survives reuse detection: the stored refresh token still works.
  const stored = (await store.get(key, { fresh: true })) as { refreshToken: string };
  const after = await as.tokenRequest(client, {
    grant_type: 'refresh_token',
    refresh_token: stored.refreshToken,
    resource: serverUrl,
  });
  return {
    refreshRequests,
    valid: valid.filter(Boolean).length,
    distinctTokens: new Set(renewed.map((r) => r.accessToken)).size,
    grantAlive: after.status === 200,
    errors: results.flatMap((r) => (r.error ? [r.error] : [])),
  };
}

describe('[DS5] a fleet of machines sharing only Redis', () => {
  it(`[DS5] ${PROCESSES} processes on ${MACHINES.length} machines whose token expired make 1 refresh request between them, ${RUNS} times, and all end with a valid token`, async () => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await oneRun(i));
    const summary = {
      runs: runs.length,
      refreshRequests: runs.map((r) => r.refreshRequests),
      processesWithValidToken: runs.map((r) => r.valid),
      distinctTokens: runs.map((r) => r.distinctTokens),
      grantsAlive: runs.filter((r) => r.grantAlive).length,
      errors: runs.flatMap((r) => r.errors),
    };
    console.log(`[DS5] ${JSON.stringify(summary)}`);
    expect(summary.errors).toEqual([]);
    expect(summary.refreshRequests).toEqual(Array(RUNS).fill(1));
    expect(summary.processesWithValidToken).toEqual(Array(RUNS).fill(PROCESSES));
    expect(summary.distinctTokens).toEqual(Array(RUNS).fill(1));
    expect(summary.grantsAlive).toBe(RUNS);
  });
});
