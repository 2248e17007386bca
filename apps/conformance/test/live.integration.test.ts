import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/catalogue/types.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;

interface Servers {
  as: AuthorizationServer;
  mcp: McpTestServer;
}

async function startServers(
  options: Parameters<typeof startAuthorizationServer>[0] = {},
): Promise<Servers> {
  const as = await startAuthorizationServer({
    accessTokenTtl: 600,
    accessTokenFormat: 'opaque',
    ...options,
  });
  const mcp: McpTestServer = await startMcpTestServer({
    authorizationServer: as.issuer,
    verifyToken: async (token) => {
      const info = await as.verifyAccessToken(token, { resource: mcp.url });
      return info ? { scopes: info.scope.split(' ') } : undefined;
    },
    requiredScope: 'mcp:tools',
    adminScope: 'mcp:admin',
    scopesSupported: ['mcp:tools'],
  });
  return { as, mcp };
}

/**
 * Runs `pnpm conformance -- --server …` as a user would, with the browser
 * step automated: each authorization URL it prints is logged in at
 * oidc-provider (login + consent pages) and the redirect is delivered to the
 * CLI's loopback callback, as the user's browser would.
 */
async function live(servers: Servers, args: string[]) {
  const out = await mkdtemp(join(tmpdir(), 'live-report-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, '--server', servers.mcp.url, '--no-browser', '--out', out, ...args],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let stdout = '';
  let stderr = '';
  const logins: Promise<unknown>[] = [];
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    const before = stderr;
    stderr += chunk;
    for (const match of stderr
      .slice(Math.max(0, before.lastIndexOf('\n')))
      .matchAll(/Open this URL to log in:\n {2}(\S+)\n/g)) {
      logins.push(
        servers.as
          .completeAuthorization(match[1]!)
          .then((callback) => fetch(callback).then((r) => r.text())),
      );
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  await Promise.all(logins);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  return { code, stdout, stderr, report, logins: logins.length };
}

describe('live mode against oidc-provider and an MCP SDK server on loopback', () => {
  let servers: Servers;
  beforeAll(async () => {
    servers = await startServers();
  });
  afterAll(async () => {
    await servers?.mcp.close();
    await servers?.as.close();
  });

  it('discovers, registers, logs in, lists tools, refreshes, steps up and revokes, and reports it', async () => {
    const storeDir = await mkdtemp(join(tmpdir(), 'live-store-'));
    const { code, stdout, report, logins } = await live(servers, [
      '--call-tool',
      'admin-tool',
      '--store',
      'file',
      '--store-dir',
      storeDir,
    ]);
    expect(logins).toBe(2); // the first login and the step-up
    expect(report.mode).toBe('live');
    expect(report.scenarios.map((s) => [s.profile, s.outcome])).toEqual([
      ['discovery', 'pass'],
      ['login', 'pass'],
      ['tools', 'pass'],
      ['token-errors', 'pass'],
      ['refresh', 'pass'],
      ['step-up', 'pass'],
      ['revocation', 'pass'],
    ]);
    expect(
      report.scenarios.every((s) => s.store === 'file' && s.strategy === 'authorization-code'),
    ).toBe(true);
    const login = report.scenarios.find((s) => s.profile === 'login')!;
    expect(login.roundTrips.map((t) => t.endpoint)).toEqual(
      expect.arrayContaining(['registration', 'token']),
    );
    const stepUp = report.scenarios.find((s) => s.profile === 'step-up')!;
    expect(stepUp.checks.map((c) => c.name)).toContain(
      '403 insufficient_scope is read as a step-up request',
    );
    const revocation = report.scenarios.find((s) => s.profile === 'revocation')!;
    // The step-up registered a second client (SPEC A1): sign-out revokes the record's grant (refresh
    // and access token) and the first grant's two refresh tokens (before and after rotation)…
    expect(revocation.roundTrips.filter((t) => t.endpoint === 'revocation')).toHaveLength(4);
    // …then tries all three refresh tokens at the token endpoint: oidc-provider refuses every one.
    expect(
      revocation.checks.find((c) => c.name.startsWith('no grant is left alive')),
    ).toMatchObject({
      ok: true,
      detail: expect.stringMatching(
        /^3 refresh tokens from 2 clients tried: all refused \(HTTP 400/,
      ),
    });
    expect(report.summary.failed).toBe(0);
    // oidc-provider rotates refresh tokens and does not hide anything the specification asks for.
    const ids = report.observations!.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining(['rotating-refresh', 'step-up']));
    expect(ids).not.toContain('error-body-200');
    expect(ids).not.toContain('no-prm');
    expect(ids).not.toContain('accepted-after-revocation');
    expect(report.suggestions).toContain(
      'no quirk table needed: the standard error mapping fits this provider',
    );
    expect(report.suggestions!.at(-1)).toMatch(/profile: \['rotating-refresh'\]/);
    expect(stdout).toMatch(/^profile\s+authorization-code/m);
    expect(stdout).toMatch(
      /^What 127\.0\.0\.1:\d+ got wrong \(refusals, errors, failed checks\):\n {2}nothing$/m,
    );
    expect(stdout).toContain('followed the specification in everything checked');
    expect(stdout).toMatch(/^Allowed, but worth knowing:\n {2}· Refresh tokens rotate/m);
    expect(stdout).toMatch(/^PASS {2}7 scenarios: 7 passed/m);
    expect(code).toBe(0);
    // No token reaches the report.
    expect(JSON.stringify(report)).not.toMatch(/"(access|refresh)_token":"[^[]/);
  });
});

describe('live mode against a provider that answers token errors the Slack way', () => {
  let servers: Servers;
  beforeAll(async () => {
    servers = await startServers({
      tokenErrorQuirk: {
        status: 200,
        rename: { invalid_grant: 'invalid_refresh_token' },
        extra: { ok: false },
      },
    });
  });
  afterAll(async () => {
    await servers?.mcp.close();
    await servers?.as.close();
  });

  it('reports the HTTP 200 error body and the non-standard code, and suggests the slack table', async () => {
    const { code, report, stdout } = await live(servers, []);
    const ids = report.observations!.map((o) => o.id);
    expect(ids).toEqual(
      expect.arrayContaining(['error-body-200', 'error-code-invalid_refresh_token']),
    );
    expect(report.suggestions!.some((s) => s.includes('slackQuirks'))).toBe(true);
    expect(report.suggestions!.at(-1)).toMatch(/'slack'/);
    expect(stdout).toContain('answered an error (invalid_refresh_token) with HTTP 200');
    expect(report.scenarios.find((s) => s.profile === 'step-up')).toBeUndefined();
    expect(code).toBe(0);
  });
});
