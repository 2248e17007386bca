import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authorizationCode } from '@mcp-oauth/authorization-code';
import { type ServerRecord, StoreKeys } from '@mcp-oauth/core';
import { fileStore } from '@mcp-oauth/store-file';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser, form, json, startWorld } from './world.js';

let world: Awaited<ReturnType<typeof startWorld>>;
let dir: string;
beforeEach(async () => {
  world = await startWorld();
  dir = mkdtempSync(join(tmpdir(), 'hostile-lock-'));
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const child = fileURLToPath(new URL('./support/refresh-child.mjs', import.meta.url));

function run(): Promise<{ token: string | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, world.mcpUrl, dir], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk));
    proc.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`exit ${code}: ${err}`)),
    );
  });
}

describe('the refresh lock is waited for as long as a refresh may take', () => {
  it('[H7] a holder slower than the old retry budget: two processes, one refresh request, both end with the valid token, the grant survives', async () => {
    // Log in once; the refresh token then rotates with reuse detection.
    const store = fileStore({ dir });
    const auth = authorizationCode({
      server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
      store,
      openBrowser: browser().open,
      clientId: 'pre-registered',
      clientSecret: 'the-secret',
    });
    await auth.authorize();
    const key = StoreKeys.server(await auth.serverKey());
    const record = (await store.get<ServerRecord>(key, { fresh: true }))!;
    await store.set(key, {
      ...record,
      issuedAt: Date.now() - 3_590_000,
      expiresAt: Date.now() + 10_000,
    });

    let valid = record.refreshToken!;
    let revoked = false;
    const issue = world.routes['/token']!;
    world.routes['/token'] = async (req, res, body) => {
      const fields = new URLSearchParams(body);
      if (fields.get('grant_type') !== 'refresh_token') return issue(req, res, body);
      if (revoked || fields.get('refresh_token') !== valid) {
        revoked = true; // reuse detection: the whole grant is gone
        return json(res, 400, { error: 'invalid_grant' });
      }
      valid = '';
      // Slower than 5 retries of 1-2 s: the old lock gave up and refreshed again.
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      const tokens = { access_token: `at-slow-${Date.now()}`, refresh_token: `rt-${Date.now()}` };
      world.issued.add(tokens.access_token);
      valid = tokens.refresh_token;
      return json(res, 200, { ...tokens, token_type: 'Bearer', expires_in: 3600 });
    };

    const [a, b] = await Promise.all([run(), run()]);
    const refreshes = world.seen.filter(
      (s) => s.path === '/token' && form(s).grant_type === 'refresh_token',
    );
    expect(refreshes).toHaveLength(1);
    expect(revoked).toBe(false);
    expect(a.token).toBe(b.token);
    expect(world.issued.has(a.token!)).toBe(true);
  }, 60_000);
});
