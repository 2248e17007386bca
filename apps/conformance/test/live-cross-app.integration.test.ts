import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AS_CLIENT,
  IDP_CLIENT,
  type RealServers,
  startRealServers,
} from '@mcp-oauth/cross-app-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/catalogue/types.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;

let servers: RealServers;
beforeAll(async () => {
  servers = await startRealServers();
});
afterAll(async () => {
  await servers?.close();
});

describe('live mode with --strategy cross-app-access (oidc-provider as IdP and AS, MCP SDK server)', () => {
  it('logs in at the IdP, exchanges for an ID-JAG, gets a token by jwt-bearer, renews it silently', async () => {
    const out = await mkdtemp(join(tmpdir(), 'live-xaa-'));
    const child = spawn(
      process.execPath,
      [
        cli,
        ...[
          '--server',
          servers.mcp.url,
          '--strategy',
          'cross-app-access',
          '--no-browser',
          '--out',
          out,
        ],
        ...[
          '--idp-issuer',
          servers.idp.issuer,
          '--idp-client-id',
          IDP_CLIENT.id,
          '--idp-client-secret-env',
          'XAA_IDP_SECRET',
        ],
        ...['--client-id', AS_CLIENT.id, '--client-secret-env', 'XAA_AS_SECRET'],
      ],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {
          ...process.env,
          NO_COLOR: '1',
          XAA_IDP_SECRET: IDP_CLIENT.secret,
          XAA_AS_SECRET: AS_CLIENT.secret,
        },
      },
    );
    let stdout = '';
    let stderr = '';
    const logins: Promise<unknown>[] = [];
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      const before = stderr;
      stderr += chunk;
      for (const m of stderr
        .slice(Math.max(0, before.lastIndexOf('\n')))
        .matchAll(/Open this URL to log in:\n {2}(\S+)\n/g)) {
        // The user logs in at the IdP; the browser lands on the CLI's loopback callback.
        logins.push(
          servers.idp
            .completeAuthorization(m[1]!)
            .then((callback) => fetch(callback).then((r) => r.text())),
        );
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    await Promise.all(logins);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
    expect(logins).toHaveLength(1);
    expect(report.scenarios.map((s) => [s.profile, s.outcome])).toEqual([
      ['discovery', 'pass'],
      ['login', 'pass'],
      ['tools', 'pass'],
      ['token-errors', 'pass'],
      ['silent', 'pass'],
      ['refresh', 'skip'],
    ]);
    expect(report.scenarios.every((s) => s.strategy === 'cross-app-access')).toBe(true);
    // One exchange chain for the login, one for the silent renewal; no second browser login.
    expect(servers.counts).toEqual({ tokenExchange: 2, jwtBearer: 2 });
    expect(stdout).toMatch(/^PASS {2}6 scenarios: 5 passed, 0 failed, 1 skipped/m);
    expect(code).toBe(0);
  });

  it('refuses to start without the IdP configuration, saying what to pass', async () => {
    const child = spawn(
      process.execPath,
      [cli, '--server', servers.mcp.url, '--strategy', 'cross-app-access'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toContain('needs --idp-issuer, --idp-client-id and --client-id');
    expect(code).toBe(2);
  });
});
