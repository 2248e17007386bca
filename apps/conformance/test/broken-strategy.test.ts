import { fileAssertion } from '@mcp-oauth/client-credentials';
import { dpop } from '@mcp-oauth/dpop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalogue } from '../src/catalogue/catalogue.js';
import { startMsw } from '../src/catalogue/msw.js';
import { catalogueProfiles } from '../src/catalogue/profiles.js';
import { runCatalogue } from '../src/catalogue/runner.js';
import { storeFactories } from '../src/stores/index.js';
import { authorizationCodeAdapter } from '../src/strategies/authorization-code.js';
import { clientCredentialsAdapter } from '../src/strategies/client-credentials.js';
import { crossAppAccessAdapter } from '../src/strategies/cross-app-access.js';
import { dpopColumn } from '../src/strategies/dpop.js';
import type { StrategyAdapter } from '../src/strategies/types.js';
import { workloadIdentityColumn } from '../src/strategies/workload-identity.js';
import {
  followsRedirects,
  forgetsIssuingServer,
  ignoresRequired,
  readOnce,
  skipsIssCheck,
  skipsStateCheck,
  withoutAth,
} from './support/broken-strategies.js';

let msw: ReturnType<typeof startMsw>;
beforeAll(() => {
  msw = startMsw();
});
afterAll(() => msw.close());

async function runAll(adapter: StrategyAdapter) {
  const scenarios = buildCatalogue([adapter], catalogueProfiles, await storeFactories(['memory']));
  return runCatalogue(scenarios, { msw });
}

describe('a strategy broken on purpose fails the matching scenario, and only it', () => {
  it('[A4] [H4] without the state check, stray-callbacks fails: a stray code is taken for the real one', async () => {
    const results = await runAll(skipsStateCheck(authorizationCodeAdapter));
    const failed = results.filter((r) => r.outcome === 'fail');
    expect(failed.map((r) => r.profile)).toEqual(['stray-callbacks']);
    const checks = failed[0]!.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(checks).toContain('logs in and connects');
    expect(results.filter((r) => r.outcome === 'pass').length).toBe(results.length - 1);
  });

  it('[A15] without the iss check, iss-wrong fails', async () => {
    const results = await runAll(
      skipsIssCheck(authorizationCodeAdapter, 'https://auth.example.com'),
    );
    const failed = results.filter((r) => r.outcome === 'fail');
    expect(failed.map((r) => r.profile)).toEqual(['iss-wrong']);
    expect(failed[0]!.checks.find((c) => !c.ok)?.name).toBe(
      'refuses the server with ISSUER_MISMATCH',
    );
  });

  it('[X5] [H4] cross-app access without the state check at the IdP login fails stray-callbacks', async () => {
    const results = await runAll(skipsStateCheck(crossAppAccessAdapter));
    expect(results.filter((r) => r.outcome === 'fail').map((r) => r.profile)).toEqual([
      'stray-callbacks',
    ]);
  });

  it('[H1] following redirects, every redirect profile fails: the credentials reach the other host', async () => {
    const results = await runAll(followsRedirects(authorizationCodeAdapter));
    const failed = results.filter((r) => r.outcome === 'fail');
    expect(failed.map((r) => r.profile)).toEqual([
      'token-redirect',
      'token-redirect-308',
      'registration-redirect',
      'revocation-redirect',
    ]);
    for (const result of failed) {
      expect(
        result.checks.filter((c) => !c.ok).map((c) => c.name),
        result.profile,
      ).toContain('nothing reaches the redirect target');
    }
  });

  it('[H1] cross-app access following redirects fails the jwt-bearer and token exchange redirects', async () => {
    const results = await runAll(followsRedirects(crossAppAccessAdapter));
    expect(results.filter((r) => r.outcome === 'fail').map((r) => r.profile)).toEqual([
      'token-redirect',
      'token-redirect-308',
      'idp-token-exchange-redirect',
    ]);
  });

  it('[H2] without the binding to the issuing AS, as-switch fails: the refresh goes to the new AS', async () => {
    const results = await runAll(forgetsIssuingServer(authorizationCodeAdapter));
    const failed = results.filter((r) => r.outcome === 'fail');
    expect(failed.map((r) => r.profile)).toEqual(['as-switch']);
    expect(failed[0]!.checks.filter((c) => !c.ok).map((c) => c.name)).toContain(
      'the refresh sends no token request to the new AS',
    );
  });

  it('the unbroken strategy passes the same scenarios', async () => {
    const results = await runAll(authorizationCodeAdapter);
    expect(results.filter((r) => r.outcome === 'fail')).toEqual([]);
    expect(results.find((r) => r.profile === 'stray-callbacks')?.outcome).toBe('pass');
  });
});

describe('machine and DPoP columns broken on purpose fail their rows', () => {
  const failedRows = (results: Awaited<ReturnType<typeof runAll>>) =>
    results.filter((r) => r.outcome === 'fail').map((r) => r.profile);

  it('[H1] client credentials following redirects fails both token redirects', async () => {
    const results = await runAll(followsRedirects(clientCredentialsAdapter));
    expect(failedRows(results)).toEqual(['token-redirect', 'token-redirect-308']);
  });

  it('[H2] [M1] client credentials without the binding to the issuing AS sends its secret to the new AS', async () => {
    const results = await runAll(forgetsIssuingServer(clientCredentialsAdapter));
    const failed = results.filter((r) => r.outcome === 'fail');
    expect(failed.map((r) => r.profile)).toEqual(['as-switch']);
    expect(failed[0]!.checks.filter((c) => !c.ok).map((c) => c.name)).toContain(
      'no credentials sent to the AS the resource moved to',
    );
  });

  it('[M4] a workload token read once instead of on every grant fails every row that renews', async () => {
    const results = await runAll(workloadIdentityColumn(readOnce(fileAssertion)));
    const failed = results.filter((r) => r.outcome === 'fail');
    const renewing = results.filter((r) =>
      r.checks.some((c) => c.name.startsWith('the renewal sends')),
    );
    expect(renewing.length).toBeGreaterThan(10);
    expect(failed.length).toBe(renewing.length);
    const rotation = failed.find((r) => r.profile === 'workload-token-rotates');
    expect(rotation?.checks.filter((c) => !c.ok).map((c) => c.name)).toContain(
      'soon-expiring token: one new token for three concurrent callers',
    );
  });

  it('[P2] proofs without ath fail the rows with bound tokens', async () => {
    const results = await runAll(dpopColumn(withoutAth));
    expect(failedRows(results)).toEqual(['dpop', 'dpop-nonce']);
  });

  it('[P4] ignoring `required` fails the row whose token endpoint ignores the proof', async () => {
    const results = await runAll(dpopColumn(ignoresRequired));
    const failed = results.filter((r) => r.outcome === 'fail');
    // A server without DPoP hands out Bearer tokens too.
    expect(failed.map((r) => r.profile)).toEqual(['compliant', 'dpop-ignores-proof']);
    expect(failed[1]!.checks.filter((c) => !c.ok).map((c) => c.name)).toContain(
      'client credentials: the refused token is never sent',
    );
  });

  it('the unbroken machine and DPoP columns pass', async () => {
    for (const adapter of [
      clientCredentialsAdapter,
      workloadIdentityColumn(fileAssertion),
      dpopColumn(dpop),
    ]) {
      expect(failedRows(await runAll(adapter)), adapter.id).toEqual([]);
    }
  });
});
