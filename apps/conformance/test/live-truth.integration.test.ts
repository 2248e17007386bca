import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveReport } from '../src/report/provider.js';
import { startWorld, type World, type WorldOptions } from './support/loopback-world.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;

/**
 * Runs `pnpm conformance -- --server …` against `url` as a user would, the
 * browser step automated: each authorization URL the CLI prints is opened
 * (the world redirects at once) and the redirect delivered to the CLI's
 * loopback callback.
 */
async function live(url: string, args: string[] = []) {
  const out = await mkdtemp(join(tmpdir(), 'live-truth-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, '--server', url, '--no-browser', '--out', out, ...args],
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
        fetch(match[1]!, { redirect: 'manual' }).then((r) =>
          fetch(r.headers.get('location')!).then((page) => page.text()),
        ),
      );
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  await Promise.allSettled(logins);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as LiveReport;
  return { code, stdout, stderr, report, logins: logins.length };
}

/** The lines under a heading of the printed summary, up to the next blank line. */
function section(stdout: string, heading: string): string[] {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith(heading));
  expect(at, `heading "${heading}" in:\n${stdout}`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', at);
  return lines.slice(at + 1, end === -1 ? undefined : end).map((l) => l.trim());
}

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function against(options: WorldOptions, args: string[] = []) {
  world = await startWorld(options);
  const host = new URL(world.url).host;
  return { ...(await live(world.url, args)), host, world };
}

describe('live mode tells the truth about a provider (plain node:http loopback worlds)', () => {
  it('[A15] a wrong iss: the login is refused, the provider is named at fault (RFC 9207 §2.4), nothing after it is claimed', async () => {
    const { code, stdout, report, host, world } = await against({ iss: 'wrong' });
    expect(code).toBe(1);
    const wrong = section(stdout, `What ${host} got wrong (refusals, errors, failed checks):`);
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatch(
      /^✘ login: its authorization response carries an iss that is not the authorization server's issuer \(mix-up defence\) \[RFC 9207 §2\.4, A15\]; @mcp-oauth refused it with ISSUER_MISMATCH — ISSUER_MISMATCH: .*https:\/\/evil\.example/,
    );
    expect(section(stdout, `Where ${host} departs from the specification:`)).toEqual([
      'none seen in what ran (5 checks passed, but the run failed)',
    ]);
    expect(section(stdout, 'Not checked:')).toEqual([
      '– tool listing: not run, because the login failed',
      '– how the token endpoint answers an error: not run, because the login failed',
      '– refresh of a soon-expiring token: not run, because the login failed',
      '– sign-out of every grant (RFC 7009 revocation): not run, no grant was obtained (the login failed)',
    ]);
    expect(stdout).not.toContain('followed the specification');
    expect(report.suggestions).toEqual([
      'none: @mcp-oauth refuses this provider (ISSUER_MISMATCH), and no option works around a refusal; the provider has to fix what is listed above',
      "reproduce the refusal in tests: createMockEnvironment({ profile: 'iss-wrong' }) from @mcp-oauth/mock-servers",
    ]);
    expect(report.provider?.clean).toBe(false);
    // The code was never exchanged: no grant exists, none is left alive.
    expect(world.grants).toBe(0);
    expect(world.aliveGrants()).toEqual([]);
  });

  it('[D7] an issuer mismatch in metadata: refused at discovery (RFC 8414 §3.3), no login tried', async () => {
    const { code, stdout, report, host, world } = await against({ issuerMismatch: true });
    expect(code).toBe(1);
    const wrong = section(stdout, `What ${host} got wrong (refusals, errors, failed checks):`);
    expect(wrong).toEqual([
      expect.stringMatching(
        /^✘ discovery: its authorization-server metadata names another issuer than the URL it was discovered at \[RFC 8414 §3\.3, D7\]; @mcp-oauth refused it with ISSUER_MISMATCH — ISSUER_MISMATCH: Issuer mismatch: expected http:\/\/127\.0\.0\.1:\d+, got http:\/\/127\.0\.0\.1:\d+\/another-issuer$/,
      ),
    ]);
    expect(section(stdout, 'Not checked:')[0]).toBe(
      '– registration and login in the browser: not run, because discovery failed',
    );
    expect(report.scenarios.map((s) => [s.profile, s.outcome])).toEqual([
      ['discovery', 'fail'],
      ['login', 'skip'],
      ['tools', 'skip'],
      ['token-errors', 'skip'],
      ['refresh', 'skip'],
      ['revocation', 'skip'],
    ]);
    expect(stdout).not.toContain('followed the specification');
    expect(report.suggestions!.join('\n')).not.toContain("'compliant'");
    expect(report.suggestions).toContain(
      "reproduce the refusal in tests: createMockEnvironment({ profile: 'issuer-mismatch' }) from @mcp-oauth/mock-servers",
    );
    expect(world.registrations).toBe(0);
    expect(world.aliveGrants()).toEqual([]);
  });

  it('[N3] Slack-style HTTP 200 errors: a refused refresh is reported with the status and body the server sent, the normalised code beside it', async () => {
    const { code, stdout, report, host, world } = await against({
      slack: true,
      refuseRefresh: true,
    });
    expect(code).toBe(1);
    const wrong = section(stdout, `What ${host} got wrong (refusals, errors, failed checks):`);
    expect(wrong).toEqual([
      '✘ refresh: refreshes to a new access token [T3] — the token endpoint sent HTTP 200 {"ok":false,"error":"invalid_refresh_token"}',
      '✘ refresh: refresh event: success [R6] — event invalid_grant (HTTP 400 invalid_grant after normalisation); the token endpoint sent HTTP 200 {"ok":false,"error":"invalid_refresh_token"}',
    ]);
    // HTTP 400 appears only as what normalisation made of it, beside what the server sent.
    for (const line of stdout.split('\n').filter((l) => l.includes('HTTP 400')))
      expect(line).toMatch(/HTTP 400.*after normalisation.*the token endpoint sent HTTP 200/);
    const departs = section(stdout, `Where ${host} departs from the specification:`);
    expect(departs).toEqual([
      '! The token endpoint answered an error (invalid_refresh_token) with HTTP 200, not 400 (RFC 6749 §5.2).',
      '! The token endpoint uses the non-standard error code invalid_refresh_token.',
    ]);
    const probe = report.scenarios.find((s) => s.profile === 'token-errors')!;
    expect(probe.checks[0]!.detail).toBe('HTTP 200 invalid_refresh_token');
    expect(report.suggestions![0]).toContain('slackQuirks');
    expect(stdout).not.toContain('followed the specification');
    // The refused refresh left the login's grant in place; sign-out revoked it all the same.
    const signOut = report.scenarios.find((s) => s.profile === 'revocation')!;
    expect(signOut.outcome).toBe('pass');
    expect(world.grants).toBe(1);
    expect(world.aliveGrants()).toEqual([]);
  });

  it('[C7] no metadata at all: the 2025-03-26 defaults are marked assumed, the summary says which metadata was missing', async () => {
    const { code, stdout, report, host, world } = await against({ noMetadata: true });
    const discovery = report.scenarios.find((s) => s.profile === 'discovery')!;
    const assumed = discovery.checks.filter((c) => 'assumed' in c);
    expect(assumed.map((c) => c.name)).toEqual([
      `the authorization server is the MCP server's origin (${world.issuer})`,
      `endpoints ${world.issuer}/authorize, ${world.issuer}/token, ${world.issuer}/register`,
      'PKCE S256',
    ]);
    expect(discovery.checks.map((c) => c.name)).not.toContain(
      'the AS supports PKCE S256 (or does not say)',
    );
    const departs = section(stdout, `Where ${host} departs from the specification:`);
    expect(departs).toContain(
      '! No protected-resource metadata (RFC 9728): the server follows the 2025-03-26 revision, and the authorization server was found at the MCP server itself.',
    );
    expect(departs).toContain(
      `! No authorization-server metadata at all (RFC 8414; required since MCP 2025-06-18, a SHOULD in 2025-03-26): the client assumed the MCP 2025-03-26 default endpoints ${world.issuer}/authorize, ${world.issuer}/token, ${world.issuer}/register and PKCE S256; nothing says whether the AS supports S256, RFC 9207 iss or RFC 7009 revocation, so sign-out can only forget tokens locally.`,
    );
    const allowed = section(stdout, 'Allowed, but worth knowing:');
    expect(allowed).toContain(
      '· No refresh token was issued: the user logs in again when the access token expires.',
    );
    // Nothing the server did not say is reported as its own.
    expect(stdout).not.toContain('authorization_response_iss_parameter_supported');
    expect(stdout).not.toContain('No revocation_endpoint');
    expect(section(stdout, 'Not checked:')).toEqual([
      '– refresh of a soon-expiring token: no refresh token was issued at login',
    ]);
    expect(report.suggestions!.at(-1)).toContain("'legacy-2025-03-26-default-endpoints'");
    expect(code).toBe(0);
    expect(world.aliveGrants()).toEqual([]);
  });

  it('[V3] step-up then sign-out with rotating refresh tokens: every grant the run obtained is revoked and checked dead', async () => {
    const { code, stdout, report, host, world, logins } = await against(
      { rotate: true, stepUp: true },
      ['--call-tool', 'admin-tool'],
    );
    expect(logins).toBe(2);
    // SPEC A1: the step-up's login registered a second client, with a grant of its own.
    expect(world.registrations).toBe(2);
    expect(world.grants).toBe(2);
    expect(report.scenarios.map((s) => [s.profile, s.outcome])).toEqual([
      ['discovery', 'pass'],
      ['login', 'pass'],
      ['tools', 'pass'],
      ['token-errors', 'pass'],
      ['refresh', 'pass'],
      ['step-up', 'pass'],
      ['revocation', 'pass'],
    ]);
    const signOut = report.scenarios.find((s) => s.profile === 'revocation')!;
    const byName = Object.fromEntries(signOut.checks.map((c) => [c.name, c]));
    expect(byName['the revocation endpoint accepted every token the run obtained']).toMatchObject({
      ok: true,
      detail:
        '4 of 4 accepted: the grant in the record (["refresh_token","access_token"]) and 2 earlier refresh tokens from 1 client',
    });
    expect(
      byName[
        'no grant is left alive: every refresh token the run obtained is refused after sign-out'
      ],
    ).toMatchObject({
      ok: true,
      detail:
        '3 refresh tokens from 2 clients tried: all refused (HTTP 400 {"error":"invalid_grant"})',
    });
    expect(world.aliveGrants()).toEqual([]);
    expect(section(stdout, `What ${host} got wrong (refusals, errors, failed checks):`)).toEqual([
      'nothing',
    ]);
    expect(section(stdout, `Where ${host} departs from the specification:`)).toEqual([
      'nothing: it followed the specification in everything checked',
    ]);
    const allowed = section(stdout, 'Allowed, but worth knowing:');
    expect(allowed).toContain(
      '· Refresh tokens rotate (single use, allowed by RFC 6749 §6 and RFC 9700 §4.14.2): only one process may refresh at a time (SPEC R7).',
    );
    expect(allowed).toContain(
      '· The server asked for step-up authorization (scope mcp:tools mcp:admin).',
    );
    expect(code).toBe(0);
  });

  it('[V3] a revocation endpoint that accepts every token and revokes none is caught: the grants still refresh', async () => {
    const { code, stdout, host, world } = await against(
      { rotate: true, stepUp: true, fakeRevocation: true },
      ['--call-tool', 'admin-tool'],
    );
    expect(code).toBe(1);
    expect(section(stdout, `What ${host} got wrong (refusals, errors, failed checks):`)).toEqual([
      expect.stringMatching(
        /^✘ revocation: no grant is left alive: every refresh token the run obtained is refused after sign-out \[V3, RFC 7009 §2\.1\] — 3 refresh tokens from 2 clients tried: 2 still refresh \(/,
      ),
    ]);
    expect(stdout).not.toContain('followed the specification');
    // The server lied; live mode cannot end these grants, but it says so.
    expect(world.aliveGrants()).toHaveLength(2);
  });

  it('an unreachable server: the cause and what to check, and nothing claimed', async () => {
    // A port that was just free: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { code, stdout, report } = await live(`http://127.0.0.1:${port}/mcp`);
    expect(code).toBe(1);
    const host = `127.0.0.1:${port}`;
    expect(section(stdout, `What ${host} got wrong (refusals, errors, failed checks):`)).toEqual([
      `✘ discovery: discovery for http://${host}/mcp — fetch failed (connect ECONNREFUSED ${host}): nothing listens there: check that the server is running and the host and port`,
    ]);
    expect(section(stdout, `Where ${host} departs from the specification:`)).toEqual([
      'not known: nothing could be checked',
    ]);
    expect(stdout).not.toContain('followed the specification');
    expect(report.suggestions).toEqual([
      'none: the run failed before the provider could be described',
    ]);
  });
});
