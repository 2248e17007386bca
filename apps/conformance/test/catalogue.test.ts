import { profileNames } from '@mcp-oauth/mock-servers';
import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../src/catalogue/catalogue.js';
import { catalogueProfiles } from '../src/catalogue/profiles.js';
import type { StoreFactory } from '../src/stores/index.js';
import { strategyAdapters } from '../src/strategies/index.js';
import type { StrategyAdapter } from '../src/strategies/types.js';

const store = (kind: 'memory' | 'file' | 'keychain', unavailable?: string): StoreFactory => ({
  kind,
  ...(unavailable ? { unavailable } : {}),
  create: () => Promise.reject(new Error('not in this test')),
});

describe('catalogueProfiles', () => {
  it('covers every profile of @mcp-oauth/mock-servers', () => {
    const used = new Set(catalogueProfiles.flatMap((p) => p.mock));
    expect(profileNames.filter((name) => !used.has(name))).toEqual([]);
  });

  it('has unique ids and says what every hostile profile must be refused with, or what it survives', () => {
    const ids = catalogueProfiles.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of catalogueProfiles.filter((p) => p.group === 'hostile')) {
      // A hostile server is refused; a hostile neighbour on the callback port (SPEC H4), a
      // redirected sign-out (H1) and a move to another AS (H2) are survived without leaking.
      expect(
        p.traits.refusal ??
          p.strayCallbacks ??
          p.traits.redirect ??
          p.traits.asSwitch ??
          p.traits.dpop ??
          p.traits.workloadTokenRotates,
        p.id,
      ).toBeDefined();
    }
    for (const id of [
      'stray-callbacks',
      'token-redirect',
      'token-redirect-308',
      'registration-redirect',
      'idp-token-exchange-redirect',
      'revocation-redirect',
      'as-switch',
      'iss-wrong',
      'issuer-mismatch',
      'resource-mismatch',
      'javascript-authorize',
      'oversized-metadata',
      'non-json-metadata',
    ]) {
      expect(ids).toContain(id);
    }
  });
});

describe('buildCatalogue', () => {
  const stores = [store('memory'), store('file'), store('keychain', 'no keychain')];

  it('is the cross product of strategies, profiles and stores, profile-major', () => {
    const scenarios = buildCatalogue(strategyAdapters, catalogueProfiles, stores);
    const cells = strategyAdapters.reduce(
      (n, a) => n + catalogueProfiles.filter((p) => a.applies(p)).length,
      0,
    );
    expect(scenarios).toHaveLength(cells * 3);
    expect(strategyAdapters.map((a) => a.id)).toEqual([
      'authorization-code',
      'cross-app-access',
      'device-code',
      'client-credentials',
      'workload-identity',
      'dpop',
      'revocation',
    ]);
    expect(scenarios.slice(0, 3).map((s) => s.id)).toEqual([
      'authorization-code/compliant/memory',
      'authorization-code/compliant/file',
      'authorization-code/compliant/keychain',
    ]);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  });

  it('[G1] [Q1] runs the device strategy on the profiles that offer the device grant, Entra, Google and Auth0 among them', () => {
    const device = strategyAdapters.find((a) => a.id === 'device-code')!;
    expect(catalogueProfiles.filter((p) => device.applies(p)).map((p) => p.id)).toEqual([
      'device-flow',
      'entra',
      'google',
      'auth0',
    ]);
  });

  it('[H1] [H2] puts each redirect and AS switch profile in the columns it concerns', () => {
    const columns = (id: string) =>
      strategyAdapters
        .filter((a) => a.applies(catalogueProfiles.find((p) => p.id === id)!))
        .map((a) => a.id);
    const tokenRedirect = [
      'authorization-code',
      'cross-app-access',
      'client-credentials',
      'workload-identity',
    ];
    expect(columns('token-redirect')).toEqual(tokenRedirect);
    expect(columns('token-redirect-308')).toEqual(tokenRedirect);
    expect(columns('registration-redirect')).toEqual(['authorization-code']);
    expect(columns('idp-token-exchange-redirect')).toEqual(['cross-app-access']);
    expect(columns('revocation-redirect')).toEqual(['authorization-code', 'revocation']);
    expect(columns('as-switch')).toEqual([
      'authorization-code',
      'client-credentials',
      'workload-identity',
      'revocation',
    ]);
  });

  it('[M1] [M4] [P5] puts the machine and DPoP rows in the columns they concern', () => {
    const columns = (id: string) =>
      strategyAdapters
        .filter((a) => a.applies(catalogueProfiles.find((p) => p.id === id)!))
        .map((a) => a.id);
    expect(columns('machine-only')).toEqual(['client-credentials', 'workload-identity']);
    expect(columns('workload-token-rotates')).toEqual(['workload-identity']);
    for (const id of ['dpop', 'dpop-nonce', 'dpop-nonce-never-settles', 'dpop-ignores-proof']) {
      expect(columns(id), id).toEqual([
        'authorization-code',
        'client-credentials',
        'workload-identity',
        'dpop',
        'revocation',
      ]);
    }
    // Rows about the browser leg alone concern no machine client.
    for (const id of ['stray-callbacks', 'iss-wrong', 'no-s256', 'access-denied', 'cimd']) {
      expect(columns(id), id).not.toContain('client-credentials');
    }
  });

  it('filters by strategy and profile', () => {
    const scenarios = buildCatalogue(strategyAdapters, catalogueProfiles, stores, {
      strategies: ['revocation'],
      profiles: ['slack', 'github'],
    });
    expect(scenarios.map((s) => s.id)).toEqual([
      'revocation/slack/memory',
      'revocation/slack/file',
      'revocation/slack/keychain',
      'revocation/github/memory',
      'revocation/github/file',
      'revocation/github/keychain',
    ]);
  });

  it('leaves out profiles a strategy does not apply to', () => {
    const picky: StrategyAdapter = {
      id: 'picky',
      title: 'only hostile servers',
      applies: (p) => p.group === 'hostile',
      describe: (p) => p.title,
      run: async () => {},
    };
    const scenarios = buildCatalogue([picky], catalogueProfiles, [store('memory')]);
    expect(scenarios.every((s) => s.profile.group === 'hostile')).toBe(true);
    expect(scenarios.length).toBe(catalogueProfiles.filter((p) => p.group === 'hostile').length);
  });
});
