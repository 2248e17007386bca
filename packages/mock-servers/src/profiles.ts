import { compliantQuirks, type Quirks } from './quirks.js';

/**
 * Named sets of quirks, each modelled on a real provider or a failure a client
 * must survive. Combine several: later ones win.
 */
export const profiles = {
  /** Standards-following: PRM, RFC 8414, DCR, PKCE S256, RFC 9207 `iss`, RFC 7009. */
  compliant: {},
  /** 2025-03-26 server: no PRM; RFC 8414 metadata at the MCP server's origin. */
  'legacy-2025-03-26': { legacy: 'metadata' },
  /** 2025-03-26 server without metadata: default /authorize, /token, /register. */
  'legacy-2025-03-26-default-endpoints': { legacy: 'default-endpoints' },
  /** No PRM; metadata at /.well-known/oauth-authorization-server/<MCP path>, issuer = MCP URL. */
  'legacy-2025-03-26-path-aware': { legacy: 'path-aware-metadata' },
  /** PRM at the origin root only (`/.well-known/oauth-protected-resource`). */
  'prm-at-root': { resourceMetadataLocation: 'root' },
  /** The 401 challenge has no `resource_metadata`: clients must probe the well-known URLs. */
  'no-resource-metadata-in-challenge': { challengeResourceMetadata: false },
  /** AS issuer with a path; metadata at /.well-known/oauth-authorization-server/<path>. */
  'path-aware': { issuerPath: '/tenant-1' },
  /** Metadata only as OpenID Connect discovery. */
  'openid-configuration': { metadataWellKnown: 'openid-configuration' },
  /** Slack: token errors as HTTP 200 `{ ok: false, error }`. */
  slack: { errorStyle: 'slack' },
  /** GitHub: token errors as HTTP 200, form-encoded bodies unless `Accept: application/json`. */
  github: { errorStyle: 'github', formEncodedTokenResponses: true },
  /** Token endpoint answers 503 then 429, AS metadata 500 once, then they work. */
  flaky: { flaky: { token: [503, 429], 'authorization-server-metadata': [500] } },
  /** No refresh token is ever issued. */
  'no-refresh-token': { refreshTokens: false },
  /** Single-use refresh tokens; reusing one revokes the grant. */
  'rotating-refresh': { rotateRefreshTokens: true, reuseDetection: true },
  /** AS metadata `issuer` differs from the URL it was discovered for. */
  'issuer-mismatch': { issuerMismatch: true },
  /** RFC 9207 `iss` neither advertised nor sent. */
  'no-iss': { advertiseIss: false, issParameter: 'omit' },
  /** `iss` advertised, but the redirect carries another issuer. */
  'iss-wrong': { issParameter: 'wrong' },
  /** `iss` sent with the issuer's value but not advertised in metadata. */
  'iss-not-advertised': { advertiseIss: false },
  /** PRM `resource` names another resource than the MCP server URL. */
  'resource-mismatch': { resourceMismatch: true },
  /** `code_challenge_methods_supported` lists `plain` only. */
  'no-s256': { codeChallengeMethods: ['plain'] },
  /** `code_challenge_methods_supported` left out of the metadata. */
  'no-pkce-metadata': { codeChallengeMethods: null },
  /** `authorization_endpoint` is a `javascript:` URL. */
  'javascript-authorize': { javascriptAuthorize: true },
  /** AS metadata over 1 MiB. */
  'oversized-metadata': { metadataBody: 'oversized' },
  /** AS metadata that is an HTML page with status 200. */
  'non-json-metadata': { metadataBody: 'non-json' },
  /** Client ID metadata documents supported (`client_id_metadata_document_supported`). */
  cimd: { clientIdMetadataDocuments: true },
  /** DCR refuses `127.0.0.1` redirect URIs: only `http://localhost:<port>/…`. */
  'localhost-redirect': { requiredLoopbackHost: 'localhost' },
  /** No DCR: only the pre-registered public client exists. */
  'pre-registered': { dynamicRegistration: false },
  /** No DCR: the pre-registered client is confidential (`client_secret_basic`). */
  confidential: { dynamicRegistration: false, clientAuthMethod: 'client_secret_basic' },
  /** No DCR: the pre-registered client is confidential (`client_secret_post`). */
  'confidential-post': { dynamicRegistration: false, clientAuthMethod: 'client_secret_post' },
  /** No `revocation_endpoint`. */
  'no-revocation-endpoint': { revocationEndpoint: false },
  /** Revocation wants `Authorization: Bearer <access token>` and refuses client auth with 401. */
  'revocation-bearer': { revocationRequiresBearer: true },
  /** The user denies consent: authorize redirects with `error=access_denied`. */
  'access-denied': { authorizeError: 'access_denied' },
  /** For machines only: no authorization endpoint, no code grant; client credentials (RFC 8414 §2). */
  'machine-only': { machineOnly: true, dynamicRegistration: false },
  /** RFC 9449 DPoP: tokens bound to the proof's key, checked with `ath` by the MCP server. */
  dpop: { dpop: true },
  /** DPoP with server nonces at the token endpoint and the MCP server (RFC 9449 §8, §9). */
  'dpop-nonce': { dpop: true, dpopNonce: 'both' },
  /** DPoP advertised, but the token endpoint asks for a new nonce on every request. */
  'dpop-nonce-never-settles': { dpop: true, dpopNonce: 'never-settles' },
  /** DPoP advertised, but the token endpoint ignores the proof and issues Bearer tokens. */
  'dpop-ignores-proof': { dpop: 'ignores-proof' },
  /** RFC 8628 device authorization grant offered (`device_authorization_endpoint`). */
  'device-flow': { deviceAuthorization: true },
  /**
   * Microsoft Entra ID style: `resource` refused with AADSTS9010010, a
   * pre-registered client (no DCR), a device flow without
   * `verification_uri_complete` that says `authorization_declined`.
   */
  entra: {
    resourceParameter: 'refused',
    dynamicRegistration: false,
    deviceAuthorization: true,
    deviceStyle: 'entra',
  },
  /**
   * Google style: a pre-registered client, `access_type=offline` required
   * for this client (Google issues no refresh token without it), a device
   * flow with `verification_url` and 428 `authorization_pending`.
   */
  google: {
    dynamicRegistration: false,
    requiredAuthorizationParams: { access_type: 'offline' },
    deviceAuthorization: true,
    deviceStyle: 'google',
  },
  /** Auth0 style: `audience` required (the API's identifier), DCR, a standard device flow. */
  auth0: {
    requiredAuthorizationParams: { audience: 'https://mcp.example.com/mcp' },
    deviceAuthorization: true,
  },
} as const satisfies Record<string, Partial<Quirks>>;

/** Name of a built-in profile. */
export type ProfileName = keyof typeof profiles;

/** Every built-in profile name, for scenario × profile matrices. */
export const profileNames = Object.keys(profiles) as ProfileName[];

/**
 * The quirks of the given profiles applied in order over the compliant
 * defaults, then the explicit overrides; `flaky` and `redirect` tables are
 * merged.
 */
export function resolveQuirks(
  profile: ProfileName | readonly ProfileName[] = 'compliant',
  overrides: Partial<Quirks> = {},
): Quirks {
  const names = typeof profile === 'string' ? [profile] : profile;
  let quirks: Quirks = { ...compliantQuirks };
  for (const layer of [...names.map((name) => profileOf(name)), overrides]) {
    quirks = {
      ...quirks,
      ...layer,
      flaky: { ...quirks.flaky, ...layer.flaky },
      redirect: { ...quirks.redirect, ...layer.redirect },
    } as Quirks;
  }
  return quirks;
}

function profileOf(name: ProfileName): Partial<Quirks> {
  const found = (profiles as Record<string, Partial<Quirks>>)[name];
  if (!found) {
    throw new TypeError(
      `Unknown mock profile '${name}'. Use one of: ${Object.keys(profiles).join(', ')}.`,
    );
  }
  return found;
}
