import type { CatalogueProfile } from './profiles.js';
import { base, redirecting, refused } from './traits.js';

/**
 * Hostile servers and neighbours: each must be refused with a stated code
 * before a stated request, or (a neighbour on the callback port) survived
 * without leaking (SPEC H1, H2, H4 and the refusals of A, C, D).
 */
export const hostileProfiles: readonly CatalogueProfile[] = [
  {
    id: 'stray-callbacks',
    title: 'stray callbacks (forged state, no state, an error) before the real one',
    group: 'hostile',
    mock: ['compliant'],
    // Another local process or a web page that found the port (SPEC H4).
    strayCallbacks: (callback) =>
      ['code=stolen&state=forged-by-an-attacker', 'code=stolen', 'error=access_denied'].map(
        (query) => new URL(`${callback.origin}${callback.pathname}?${query}`),
      ),
    traits: base,
  },
  {
    id: 'token-redirect',
    title: 'token endpoint answers 307 to another host (code exchange, jwt-bearer)',
    group: 'hostile',
    mock: ['compliant'],
    ...redirecting(refused('HTTP_ERROR', 'token', 'H1'), 'token', 307),
  },
  {
    id: 'token-redirect-308',
    title: 'token endpoint answers 308 to another host (code exchange, jwt-bearer)',
    group: 'hostile',
    mock: ['compliant'],
    ...redirecting(refused('HTTP_ERROR', 'token', 'H1'), 'token', 308),
  },
  {
    id: 'registration-redirect',
    title: 'registration endpoint answers 307 to another host',
    group: 'hostile',
    mock: ['compliant'],
    ...redirecting(refused('HTTP_ERROR', 'authorize', 'H1'), 'registration', 307),
  },
  {
    id: 'idp-token-exchange-redirect',
    title: 'IdP answers the token exchange with 307 to another host',
    group: 'hostile',
    mock: ['compliant'],
    // The IdP login's code exchange works; the RFC 8693 exchange after it is redirected.
    env: { quirks: { flaky: { 'idp-token': ['ok', 307] } } },
    traits: {
      ...refused('HTTP_ERROR', 'token', 'H1', 'X7'),
      redirect: { endpoint: 'idp-token', status: 307 },
    },
  },
  {
    id: 'revocation-redirect',
    title: 'revocation endpoint answers 307 to another host',
    group: 'hostile',
    mock: ['compliant'],
    // Sign-out is best effort: nothing is revoked, nothing follows the redirect, local tokens go.
    ...redirecting(base, 'revocation', 307),
  },
  {
    id: 'dpop-nonce-never-settles',
    title: 'DPoP: the token endpoint asks for a new nonce on every request',
    group: 'hostile',
    mock: ['dpop-nonce-never-settles'],
    // Clients without DPoP send no proof and are not asked for a nonce.
    traits: { ...base, dpop: 'nonce-never-settles' },
  },
  {
    id: 'dpop-ignores-proof',
    title: 'DPoP advertised, but the token endpoint ignores the proof (Bearer tokens)',
    group: 'hostile',
    mock: ['dpop-ignores-proof'],
    traits: { ...base, dpop: 'ignores-proof' },
  },
  {
    id: 'workload-token-rotates',
    title: 'workload token file rewritten between two grants; the first token expires',
    group: 'hostile',
    mock: ['compliant'],
    traits: { ...base, machines: true, refresh: 'none', workloadTokenRotates: true },
  },
  {
    id: 'as-switch',
    title: 'resource moves to another AS after a refresh; the old one is unreachable',
    group: 'hostile',
    mock: ['compliant'],
    traits: { ...base, asSwitch: true },
  },
  {
    id: 'iss-wrong',
    title: 'callback iss names another issuer (mix-up)',
    group: 'hostile',
    mock: ['iss-wrong'],
    traits: refused('ISSUER_MISMATCH', 'token', 'A15'),
  },
  {
    id: 'issuer-mismatch',
    title: 'AS metadata issuer differs from its URL',
    group: 'hostile',
    mock: ['issuer-mismatch'],
    traits: { ...refused('ISSUER_MISMATCH', 'authorize', 'D7'), metadata: 'issuer-mismatch' },
  },
  {
    id: 'resource-mismatch',
    title: 'PRM resource is not the MCP server URL',
    group: 'hostile',
    mock: ['resource-mismatch'],
    traits: refused('RESOURCE_MISMATCH', 'authorize', 'D8'),
  },
  {
    id: 'javascript-authorize',
    title: 'javascript: authorization_endpoint',
    group: 'hostile',
    mock: ['javascript-authorize'],
    traits: { ...refused('INSECURE_URL', 'authorize', 'A16', 'D9'), metadata: 'unusable' },
  },
  {
    id: 'no-s256',
    title: 'PKCE methods without S256 (plain only)',
    group: 'hostile',
    mock: ['no-s256'],
    traits: refused('PKCE_UNSUPPORTED', 'authorize', 'C7'),
  },
  {
    id: 'no-pkce-metadata',
    title: 'S256 not advertised (default: refuse)',
    group: 'hostile',
    mock: ['no-pkce-metadata'],
    traits: refused('PKCE_UNSUPPORTED', 'authorize', 'C7'),
  },
  {
    id: 'oversized-metadata',
    title: 'AS metadata body over 1 MiB',
    group: 'hostile',
    mock: ['oversized-metadata'],
    traits: { ...refused('RESPONSE_TOO_LARGE', 'authorize', 'F3'), metadata: 'unusable' },
  },
  {
    id: 'non-json-metadata',
    title: 'AS metadata is an HTML page with 200',
    group: 'hostile',
    mock: ['non-json-metadata'],
    traits: { ...refused('INVALID_RESPONSE', 'authorize', 'F3'), metadata: 'unusable' },
  },
  {
    id: 'oversized-prm',
    title: 'protected-resource metadata body over 1 MiB',
    group: 'hostile',
    mock: ['compliant'],
    env: { quirks: { resourceMetadataBody: 'oversized' } },
    traits: refused('RESPONSE_TOO_LARGE', 'authorize', 'F3', 'D3'),
  },
  {
    id: 'non-json-prm',
    title: 'protected-resource metadata is an HTML page with 200',
    group: 'hostile',
    mock: ['compliant'],
    env: { quirks: { resourceMetadataBody: 'non-json' } },
    traits: refused('INVALID_RESPONSE', 'authorize', 'F3', 'D3'),
  },
  {
    id: 'access-denied',
    title: 'user denies consent (error=access_denied)',
    group: 'hostile',
    mock: ['access-denied'],
    traits: refused('OAUTH_ERROR', 'token', 'A4', 'A13'),
  },
];
