import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalogue } from '../src/catalogue/catalogue.js';
import { startMsw } from '../src/catalogue/msw.js';
import { catalogueProfiles } from '../src/catalogue/profiles.js';
import { runCatalogue } from '../src/catalogue/runner.js';
import { storeFactories } from '../src/stores/index.js';
import { authorizationCodeAdapter } from '../src/strategies/authorization-code.js';
import { crossAppAccessAdapter } from '../src/strategies/cross-app-access.js';
import type { StrategyAdapter } from '../src/strategies/types.js';
import {
  followsRedirects,
  forgetsIssuingServer,
  skipsIssCheck,
  skipsStateCheck,
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
