import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type JsonValue, StoreKeys, serverKey } from '@mcp-oauth/core';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { fileStore } from '@mcp-oauth/store-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const child = new URL('./support/refresh-child.mjs', import.meta.url).pathname;
const PROCESSES = 8;
const RUNS = 20;
const serverUrl = 'http://127.0.0.1:9/mcp';

let as: AuthorizationServer;
beforeAll(async () => {
  as = await startAuthorizationServer({ accessTokenFormat: 'opaque' });
});
afterAll(async () => {
  await as?.close();
});

async function oneRun() {
  const dir = mkdtempSync(join(tmpdir(), 'r7-'));
  try {
    const { client, tokens } = await as.obtainTokens({ resource: serverUrl, scope: 'mcp:tools' });
    const key = StoreKeys.server(
      await serverKey({ name: 'r7', type: 'streamable-http', url: serverUrl }),
    );
    // Every process sees a token that expires in 60 s: soon-expiring (SPEC T3).
    await fileStore({ dir }).set(key, {
      client: { client_id: client.client_id },
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token!,
      expiresAt: Date.now() + 60_000,
      scope: 'mcp:tools',
      authorizationServerUrl: as.issuer,
    } as JsonValue);
    as.resetCounts();
    const startAt = String(Date.now() + 800);
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        run(process.execPath, [child, dir, serverUrl, startAt]).catch(
          (error: { stderr?: string }) => {
            throw new Error(`a process failed: ${error.stderr}`);
          },
        ),
      ),
    );
    const results = outputs.map(
      (o) => JSON.parse(o.stdout.trim()) as { accessToken: string | null; events: string[] },
    );
    const refreshRequests = as.count('/token', 'POST');
    const valid = await Promise.all(
      results.map(
        async (r) =>
          !!r.accessToken && !!(await as.verifyAccessToken(r.accessToken, { resource: serverUrl })),
      ),
    );
    // The grant survives: the stored refresh token still works.
    const stored = (await fileStore({ dir }).get(key, { fresh: true })) as { refreshToken: string };
    const after = await as.tokenRequest(client, {
      grant_type: 'refresh_token',
      refresh_token: stored.refreshToken,
      resource: serverUrl,
    });
    return {
      refreshRequests,
      valid: valid.filter(Boolean).length,
      grantAlive: after.status === 200,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('[R7] rotating refresh tokens across processes', () => {
  it(`[R7] ${PROCESSES} processes with a soon-expiring token make 1 refresh request between them, ${RUNS} times`, async () => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await oneRun());
    const summary = {
      runs: runs.length,
      refreshRequests: runs.map((r) => r.refreshRequests),
      processesWithValidToken: runs.map((r) => r.valid),
      grantsAlive: runs.filter((r) => r.grantAlive).length,
    };
    console.log(`[R7] ${JSON.stringify(summary)}`);
    expect(summary.refreshRequests).toEqual(Array(RUNS).fill(1));
    expect(summary.processesWithValidToken).toEqual(Array(RUNS).fill(PROCESSES));
    expect(summary.grantsAlive).toBe(RUNS);
  });
});
