import type { ErrorCode } from '@mcp-oauth/core';
import type {
  EndpointName,
  MockEnvironmentOptions,
  ProfileName,
  RedirectStatus,
} from '@mcp-oauth/mock-servers';
import { hostileProfiles } from './hostile-profiles.js';
import { base } from './traits.js';

/** Where a profile sits in the table. */
export type ProfileGroup = 'standard' | 'legacy' | 'provider' | 'resilience' | 'hostile';

/** A hostile or broken server the client must refuse, and how. */
export interface Refusal {
  /** The stable error code the flow must fail with. */
  readonly code: ErrorCode;
  /** Which request must never be made: `authorize` (no browser opens) or `token` (no code exchange). */
  readonly before: 'authorize' | 'token';
  /** SPEC IDs the refusal proves. */
  readonly refs: readonly string[];
}

/** A credential-bearing endpoint that answers with a redirect to another host (SPEC H1). */
export interface Redirect {
  /** The endpoint, as the mocks name it: `token`, `registration`, `revocation`, `idp-token`. */
  readonly endpoint: EndpointName;
  /** The 3xx it answers with; `Location` is on the mocks' thief origin. */
  readonly status: RedirectStatus;
}

/**
 * What a server does, as facts strategy adapters derive their expectations
 * from, so a new strategy reads the same table instead of a new list of
 * special cases.
 */
export interface ProfileTraits {
  /** Set when the client must refuse this server. */
  readonly refusal?: Refusal;
  /** How the client gets its client_id. */
  readonly registration: 'dcr' | 'cimd' | 'pre-registered';
  /** Client authentication at the token and revocation endpoints. */
  readonly clientAuth: 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
  /** Refresh tokens: none, reusable, or single-use with reuse detection. */
  readonly refresh: 'none' | 'static' | 'rotating';
  /** RFC 7009: client authentication, Bearer only, or no endpoint. */
  readonly revocation: 'client' | 'bearer' | 'none';
  /** AS metadata as revocation sees it: usable, wrong issuer, or unreadable or absent. */
  readonly metadata: 'ok' | 'issuer-mismatch' | 'unusable';
  /** Protected-resource metadata published (not on 2025-03-26 servers). */
  readonly prm: boolean;
  /** A tool that needs more scope than the first login grants (step-up, SPEC S). */
  readonly stepUp?: { readonly tool: string; readonly scope: string };
  /** The AS sends HTTP 200 error bodies (Slack, GitHub; SPEC N). */
  readonly errorBodies200?: boolean;
  /** Transient 5xx/429 answers: during login (metadata, code exchange) or at the first refresh (SPEC R4). */
  readonly flaky?: 'login' | 'refresh';
  /** An endpoint answers with a redirect to another host; nothing may follow it (SPEC H1). */
  readonly redirect?: Redirect;
  /**
   * After the first refresh, the resource names another authorization server
   * and the first one's metadata answers 503: no refresh goes anywhere, and a
   * new login registers at the new server (SPEC H2).
   */
  readonly asSwitch?: boolean;
  /** RFC 8628 device authorization offered, in this style (SPEC G). */
  readonly deviceFlow?: 'rfc8628' | 'google' | 'entra';
  /** The server refuses RFC 8707 `resource`; the client is configured to leave it out (SPEC Q1). */
  readonly resource?: 'omitted';
  /**
   * A server for machine clients only (no authorization endpoint), or a
   * set-up only they meet: strategies with a user have nothing to prove.
   */
  readonly machines?: boolean;
  /**
   * RFC 9449 as the server does it: bound tokens, nonces at the token
   * endpoint and the MCP server, a nonce that never settles, or proofs
   * ignored and Bearer tokens issued (SPEC P).
   */
  readonly dpop?: 'bound' | 'nonce' | 'nonce-never-settles' | 'ignores-proof';
  /** The workload's token file is rewritten between two grants, the first token expiring (SPEC M4). */
  readonly workloadTokenRotates?: boolean;
}

/** Client-side settings a profile needs (what a user would configure for such a provider). */
export interface ClientSettings {
  /** Use the pre-registered client (`mock-client`). */
  readonly preRegistered?: boolean;
  /** Its secret (`mock-secret`), for confidential clients. */
  readonly secret?: boolean;
  /** Use a client ID metadata document (SPEC C2). */
  readonly metadataDocument?: boolean;
  /** Redirect to `localhost` instead of `127.0.0.1` (SPEC A2). */
  readonly redirectHost?: 'localhost';
  /** Proceed without advertised S256 (SPEC C7 opt-out). */
  readonly allowMissingS256?: boolean;
  /** A `@mcp-oauth/normalize-errors` quirk table for the provider (SPEC N6). */
  readonly quirks?: 'github' | 'slack';
  /** Retry a failed login this many times, as an app would after a transient error. */
  readonly loginRetries?: number;
  /** Leave out RFC 8707 `resource` (Microsoft Entra ID, SPEC Q1). */
  readonly omitResource?: boolean;
  /** Extra authorization parameters (Google's `access_type`, Auth0's `audience`, SPEC Q1). */
  readonly authorizationParams?: Readonly<Record<string, string>>;
}

/** One row of the catalogue: a mock server set-up and what it is known to do. */
export interface CatalogueProfile {
  readonly id: string;
  readonly title: string;
  readonly group: ProfileGroup;
  /** Profiles of `@mcp-oauth/mock-servers`, applied in order. */
  readonly mock: readonly ProfileName[];
  /** More options for `createMockEnvironment`. */
  readonly env?: Partial<MockEnvironmentOptions>;
  readonly client?: ClientSettings;
  /** Callbacks an attacker sends to the loopback port before the real one (SPEC H4). */
  readonly strayCallbacks?: (callback: URL) => URL[];
  /** Rewrites the authorization redirect on its way to the callback (an attacker in the browser). */
  readonly tamperRedirect?: (location: URL) => URL;
  readonly traits: ProfileTraits;
}

/** Client ID metadata document URL the `cimd` profile serves. */
export const CLIENT_METADATA_URL = 'https://client.example.com/mcp-oauth-conformance.json';

/** Every profile in the catalogue: each mock-servers profile, plus set-ups no single profile covers. */
export const catalogueProfiles: readonly CatalogueProfile[] = [
  {
    id: 'compliant',
    title: 'spec-compliant (PRM, RFC 8414, DCR, S256, iss, RFC 7009)',
    group: 'standard',
    mock: ['compliant'],
    traits: base,
  },
  {
    id: 'device-flow',
    title: 'device authorization grant offered (RFC 8628)',
    group: 'standard',
    mock: ['device-flow'],
    traits: { ...base, deviceFlow: 'rfc8628' },
  },
  {
    id: 'machine-only',
    title: 'machines only: no authorization endpoint (RFC 8414 §2), private_key_jwt client',
    group: 'standard',
    mock: ['machine-only'],
    traits: {
      ...base,
      registration: 'pre-registered',
      clientAuth: 'private_key_jwt',
      refresh: 'none',
      machines: true,
    },
  },
  {
    id: 'dpop',
    title: 'DPoP (RFC 9449): bound tokens, proofs with ath checked by the MCP server',
    group: 'standard',
    mock: ['dpop'],
    traits: { ...base, dpop: 'bound' },
  },
  {
    id: 'dpop-nonce',
    title: 'DPoP with nonces at the token endpoint and the MCP server',
    group: 'standard',
    mock: ['dpop-nonce'],
    traits: { ...base, dpop: 'nonce' },
  },
  {
    id: 'step-up',
    title: 'step-up: admin-tool needs mcp:admin (403 insufficient_scope)',
    group: 'standard',
    mock: ['compliant'],
    // The challenge names mcp:read, so the first login does not already ask for mcp:admin.
    env: {
      toolScopes: { 'admin-tool': 'mcp:admin' },
      scopesSupported: ['mcp:read', 'mcp:write', 'mcp:admin'],
      challengeScope: 'mcp:read',
    },
    traits: { ...base, stepUp: { tool: 'admin-tool', scope: 'mcp:admin' } },
  },
  {
    id: 'path-aware',
    title: 'issuer with a path (/tenant-1), path-aware metadata',
    group: 'standard',
    mock: ['path-aware'],
    traits: base,
  },
  {
    id: 'prm-at-root',
    title: 'PRM at the origin root only',
    group: 'standard',
    mock: ['prm-at-root'],
    traits: base,
  },
  {
    id: 'no-resource-metadata-in-challenge',
    title: 'bare 401 challenge: probe the well-known PRM',
    group: 'standard',
    mock: ['no-resource-metadata-in-challenge'],
    traits: base,
  },
  {
    id: 'openid-configuration',
    title: 'metadata as OpenID discovery only',
    group: 'standard',
    mock: ['openid-configuration'],
    traits: base,
  },
  {
    id: 'iss-not-advertised',
    title: 'RFC 9207 iss sent but not advertised',
    group: 'standard',
    mock: ['iss-not-advertised'],
    traits: base,
  },
  {
    id: 'no-iss',
    title: 'no RFC 9207 iss at all',
    group: 'standard',
    mock: ['no-iss'],
    traits: base,
  },
  {
    id: 'cimd',
    title: 'client ID metadata document, no registration',
    group: 'standard',
    mock: ['cimd'],
    client: { metadataDocument: true },
    traits: { ...base, registration: 'cimd' },
  },
  {
    id: 'pre-registered',
    title: 'pre-registered public client, no DCR',
    group: 'standard',
    mock: ['pre-registered'],
    client: { preRegistered: true },
    traits: { ...base, registration: 'pre-registered' },
  },
  {
    id: 'localhost-redirect',
    title: 'AS accepts only localhost redirects',
    group: 'standard',
    mock: ['localhost-redirect'],
    client: { redirectHost: 'localhost' },
    traits: base,
  },
  {
    id: 'legacy-2025-03-26',
    title: 'legacy 2025-03-26: no PRM, metadata at the MCP origin',
    group: 'legacy',
    mock: ['legacy-2025-03-26'],
    traits: { ...base, prm: false },
  },
  {
    id: 'legacy-2025-03-26-default-endpoints',
    title: 'legacy 2025-03-26 without metadata: default endpoints',
    group: 'legacy',
    mock: ['legacy-2025-03-26-default-endpoints'],
    traits: { ...base, prm: false, metadata: 'unusable', revocation: 'none' },
  },
  {
    id: 'legacy-2025-03-26-path-aware',
    title: 'legacy 2025-03-26, path-aware metadata at the MCP URL',
    group: 'legacy',
    mock: ['legacy-2025-03-26-path-aware'],
    traits: { ...base, prm: false },
  },
  {
    id: 'slack',
    title: 'Slack-style: token errors as HTTP 200 { ok: false }',
    group: 'provider',
    mock: ['slack'],
    traits: { ...base, errorBodies200: true },
  },
  {
    id: 'github',
    title: 'GitHub-style: 200 errors, form-encoded unless Accept: json',
    group: 'provider',
    mock: ['github'],
    client: { quirks: 'github' },
    traits: { ...base, errorBodies200: true },
  },
  {
    id: 'entra',
    title: 'Entra-style: resource refused (AADSTS9010010), no DCR, device flow',
    group: 'provider',
    mock: ['entra'],
    client: { preRegistered: true, omitResource: true },
    traits: { ...base, registration: 'pre-registered', resource: 'omitted', deviceFlow: 'entra' },
  },
  {
    id: 'google',
    title: 'Google-style: access_type=offline, no DCR, device flow (verification_url, 428)',
    group: 'provider',
    mock: ['google'],
    client: { preRegistered: true, authorizationParams: { access_type: 'offline' } },
    traits: { ...base, registration: 'pre-registered', deviceFlow: 'google' },
  },
  {
    id: 'auth0',
    title: 'Auth0-style: audience required, device flow',
    group: 'provider',
    mock: ['auth0'],
    client: { authorizationParams: { audience: 'https://mcp.example.com/mcp' } },
    traits: { ...base, deviceFlow: 'rfc8628' },
  },
  {
    id: 'confidential',
    title: 'strict confidential client (client_secret_basic), no DCR',
    group: 'provider',
    mock: ['confidential'],
    client: { preRegistered: true, secret: true },
    traits: { ...base, registration: 'pre-registered', clientAuth: 'client_secret_basic' },
  },
  {
    id: 'confidential-post',
    title: 'confidential client (client_secret_post only), no DCR',
    group: 'provider',
    mock: ['confidential-post'],
    // A post-only provider says so in its metadata; the RFC 6749 default is basic.
    env: {
      authorizationServerMetadata: {
        token_endpoint_auth_methods_supported: ['client_secret_post'],
        revocation_endpoint_auth_methods_supported: ['client_secret_post'],
      },
    },
    client: { preRegistered: true, secret: true },
    traits: { ...base, registration: 'pre-registered', clientAuth: 'client_secret_post' },
  },
  {
    id: 'no-pkce-metadata-opt-out',
    title: 'S256 not advertised, client opted out (allowMissingS256)',
    group: 'provider',
    mock: ['no-pkce-metadata'],
    client: { allowMissingS256: true },
    traits: base,
  },
  {
    id: 'no-refresh-token',
    title: 'no refresh token issued',
    group: 'provider',
    mock: ['no-refresh-token'],
    traits: { ...base, refresh: 'none' },
  },
  {
    id: 'no-revocation-endpoint',
    title: 'no revocation_endpoint',
    group: 'provider',
    mock: ['no-revocation-endpoint'],
    traits: { ...base, revocation: 'none' },
  },
  {
    id: 'revocation-bearer',
    title: 'revocation wants Bearer, refuses client auth (401)',
    group: 'provider',
    mock: ['revocation-bearer'],
    traits: { ...base, revocation: 'bearer' },
  },
  {
    id: 'flaky',
    title: '5xx/429 flakiness at token and metadata endpoints',
    group: 'resilience',
    mock: ['flaky'],
    client: { loginRetries: 3 },
    traits: { ...base, flaky: 'login' },
  },
  {
    id: 'flaky-refresh',
    title: 'refresh answered 503, then 429, then 200 (retry with back-off)',
    group: 'resilience',
    mock: ['compliant'],
    env: { quirks: { flaky: { token: ['ok', 503, 429] } } },
    traits: { ...base, flaky: 'refresh' },
  },
  {
    id: 'rotating-refresh',
    title: 'rotating refresh tokens with reuse detection',
    group: 'resilience',
    mock: ['rotating-refresh'],
    traits: { ...base, refresh: 'rotating' },
  },
  ...hostileProfiles,
];

/** Looks a catalogue profile up by id. */
export function findProfile(id: string): CatalogueProfile | undefined {
  return catalogueProfiles.find((p) => p.id === id);
}
