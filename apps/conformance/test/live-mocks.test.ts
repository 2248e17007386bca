import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockEnvironment, type MockEnvironmentOptions } from '@mcp-oauth/mock-servers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMsw } from '../src/catalogue/msw.js';
import type { Report } from '../src/catalogue/types.js';
import { parseCli } from '../src/cli/args.js';
import { runLive } from '../src/live/run.js';
import { plain } from '../src/report/table.js';

let msw: ReturnType<typeof startMsw>;
beforeAll(() => {
  msw = startMsw();
});
afterAll(() => msw.close());

/** Live mode in-process against a mocked provider, the browser automated. */
async function liveAgainst(options: MockEnvironmentOptions, extra: string[] = []) {
  const env = createMockEnvironment(options);
  msw.resetHandlers(...env.handlers);
  const out = await mkdtemp(join(tmpdir(), 'live-mock-'));
  const pages: Promise<unknown>[] = [];
  const printed: string[] = [];
  const print = vi
    .spyOn(console, 'log')
    .mockImplementation((line: string) => void printed.push(line));
  try {
    const code = await runLive(parseCli(['--server', env.mcp.url, '--out', out, ...extra]), plain, {
      log: () => {},
      openBrowser: async (url) => {
        pages.push(
          fetch(url, { redirect: 'manual' }).then((r) => fetch(r.headers.get('location')!)),
        );
        return true;
      },
    });
    await Promise.all(pages);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
    return { code, report, output: printed.join('\n'), env };
  } finally {
    print.mockRestore();
  }
}

describe('runLive against mocked providers', () => {
  it('says what a 2025-03-26 server without refresh tokens or revocation does, and which profiles reproduce it', async () => {
    const { code, report, output } = await liveAgainst({
      profile: ['legacy-2025-03-26', 'no-refresh-token', 'no-revocation-endpoint'],
    });
    expect(report.observations!.map((o) => o.id)).toEqual(
      expect.arrayContaining([
        'no-resource-metadata-in-challenge',
        'no-prm',
        'no-revocation-endpoint',
        'no-refresh-token',
      ]),
    );
    expect(report.suggestions!.at(-1)).toContain(
      "profile: ['legacy-2025-03-26', 'no-resource-metadata-in-challenge', 'no-refresh-token', 'no-revocation-endpoint']",
    );
    expect(report.scenarios.find((s) => s.profile === 'refresh')?.outcome).toBe('skip');
    expect(output).toContain('No protected-resource metadata (RFC 9728)');
    expect(code).toBe(0);
  });

  it('sees GitHub-style errors (HTTP 200, bad_refresh_token) and suggests the github table', async () => {
    const { report } = await liveAgainst({ profile: 'github' });
    const ids = report.observations!.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining(['error-body-200', 'error-code-bad_refresh_token']));
    expect(report.suggestions![0]).toContain('githubQuirks');
  });

  it('fails the run when the server must be refused', async () => {
    const { code, report } = await liveAgainst({ profile: 'resource-mismatch' });
    const discovery = report.scenarios.find((s) => s.profile === 'discovery')!;
    expect(discovery.outcome).toBe('fail');
    expect(discovery.error).toContain('RESOURCE_MISMATCH');
    expect(code).toBe(1);
  });

  it('[D9] a plain-http server URL is refused before any request, naming the flag --allow-insecure', async () => {
    const lines: string[] = [];
    const sent = vi.spyOn(globalThis, 'fetch');
    try {
      const code = await runLive(parseCli(['--server', 'http://mcp.example.com/mcp']), plain, {
        log: (line) => void lines.push(line),
      });
      expect(code).toBe(2);
      expect(sent).not.toHaveBeenCalled();
    } finally {
      sent.mockRestore();
    }
    expect(lines).toEqual([
      'INSECURE_URL: Refusing insecure MCP server URL http://mcp.example.com/mcp. Use https, or pass --allow-insecure for local development only.',
    ]);
  });
});

describe('runLive names Entra, Google and Auth0 on their mock profiles', () => {
  it('[Q1] [Q2] Entra: AADSTS9010010 in the authorization response names Entra on any host, with omitResource and entraQuirks', async () => {
    const { code, report, output } = await liveAgainst({ profile: 'entra' }, [
      '--client-id',
      'mock-client',
    ]);
    const ids = report.observations!.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining(['provider-entra', 'entra-resource-refused']));
    expect(output).toContain('The authorization server is Microsoft Entra ID (AADSTS9010010');
    expect(report.suggestions).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the entraQuirks table (Microsoft Entra ID)'),
        expect.stringContaining('omitResource: true'),
      ]),
    );
    expect(report.suggestions!.at(-1)).toContain("'entra'");
    expect(code).toBe(1);
  });

  it('[Q1] [Q2] Google: a refusal naming access_type at accounts.google.com gets access_type=offline and googleQuirks', async () => {
    const { report } = await liveAgainst(
      { profile: 'google', authorizationServerUrl: 'https://accounts.google.com' },
      ['--client-id', 'mock-client'],
    );
    const ids = report.observations!.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining(['provider-google', 'google-offline-access']));
    expect(report.suggestions).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the googleQuirks table (Google)'),
        expect.stringContaining("access_type: 'offline', prompt: 'consent'"),
      ]),
    );
  });

  it('[Q1] Google as it really answers without access_type: a login with no refresh token gets access_type=offline', async () => {
    const { code, report } = await liveAgainst(
      {
        profile: 'google',
        quirks: { requiredAuthorizationParams: null, refreshTokens: false },
        authorizationServerUrl: 'https://accounts.google.com',
      },
      ['--client-id', 'mock-client'],
    );
    const ids = report.observations!.map((o) => o.id);
    expect(ids).toEqual(
      expect.arrayContaining(['no-refresh-token', 'provider-google', 'google-offline-access']),
    );
    expect(report.suggestions).toEqual(
      expect.arrayContaining([expect.stringContaining("access_type: 'offline'")]),
    );
    expect(code).toBe(0);
  });

  it('[Q1] [Q2] Auth0: a refusal naming audience at *.auth0.com gets the audience option and auth0Quirks', async () => {
    const { report } = await liveAgainst({
      profile: 'auth0',
      authorizationServerUrl: 'https://tenant.auth0.com',
    });
    const ids = report.observations!.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining(['provider-auth0', 'auth0-audience']));
    expect(report.suggestions).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the auth0Quirks table (Auth0)'),
        expect.stringContaining("authorizationParams: { audience: '<API identifier>' }"),
      ]),
    );
    expect(report.suggestions!.at(-1)).toContain("'auth0'");
  });

  it('[Q1] Auth0 as it really answers without audience: an access token that is not a JWT gets the audience option', async () => {
    const { code, report } = await liveAgainst({
      profile: 'auth0',
      quirks: { requiredAuthorizationParams: null },
      authorizationServerUrl: 'https://tenant.auth0.com',
    });
    const audience = report.observations!.find((o) => o.id === 'auth0-audience');
    expect(audience?.message).toContain('Auth0 issued an access token that is not a JWT (opaque)');
    expect(report.suggestions).toEqual(
      expect.arrayContaining([expect.stringContaining("audience: '<API identifier>'")]),
    );
    expect(code).toBe(0);
  });
});
