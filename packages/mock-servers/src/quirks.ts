import type { EndpointName } from './request-log.js';

/** How the token endpoint reports errors. */
export type ErrorStyle =
  /** RFC 6749 §5.2: HTTP 400/401 with a JSON `{ error, error_description }`. */
  | 'rfc6749'
  /** Slack: HTTP 200 `{ ok: false, error: "invalid_refresh_token" }`. */
  | 'slack'
  /** GitHub: HTTP 200 with `error: "bad_refresh_token"` and friends. */
  | 'github';

/** What a metadata endpoint sends as its body. */
export type MetadataBody = 'json' | 'oversized' | 'non-json';

/**
 * One step of a flaky endpoint: an HTTP status to answer with instead of the
 * real answer (`429` carries `Retry-After: 1`; a 3xx redirects to the thief
 * origin like {@link Quirks.redirect}), `'network-error'` for a connection
 * failure, `'hang'` for no answer until the client aborts (timeouts), or
 * `'ok'` to answer normally.
 */
export type FlakyStep = number | 'network-error' | 'hang' | 'ok';

/** A redirect status a hostile endpoint answers with. */
export type RedirectStatus = 301 | 302 | 303 | 307 | 308;

/** A client authentication method (RFC 7591 §2). */
export type ClientAuthMethod =
  | 'none'
  | 'client_secret_basic'
  | 'client_secret_post'
  /** RFC 7523 §2.2: a JWT signed with a key whose public half the client registered (`jwks`). */
  | 'private_key_jwt';

/**
 * Where the mocks demand an RFC 9449 §8/§9 DPoP nonce: nowhere, at the token
 * endpoint, at the MCP server, at both, or `never-settles`: the token
 * endpoint answers `use_dpop_nonce` with a fresh nonce to every request.
 */
export type DPoPNonce = 'none' | 'token' | 'resource' | 'both' | 'never-settles';

/**
 * Every switch that makes the mocks behave like a particular real provider.
 * Profiles are named sets of these; `quirks` in the options overrides them.
 */
export interface Quirks {
  /**
   * `false`: a current server (RFC 9728 protected-resource metadata).
   * `'metadata'`: a 2025-03-26 server: no PRM, the AS is the MCP server's origin
   * and serves RFC 8414 metadata there. `'default-endpoints'`: the same without
   * any metadata, so clients fall back to /authorize, /token and /register.
   * `'path-aware-metadata'`: no PRM; the AS issuer is the MCP server URL and its
   * metadata lives at the path-aware RFC 8414 URL of that URL (SPEC D3 fallback).
   */
  legacy: false | 'metadata' | 'default-endpoints' | 'path-aware-metadata';
  /** Where the PRM lives: RFC 9728 path-aware (`/.well-known/oauth-protected-resource/mcp`) or the origin root. */
  resourceMetadataLocation: 'path-aware' | 'root';
  /** The 401 challenge carries `resource_metadata`; without it clients probe the well-known URLs. */
  challengeResourceMetadata: boolean;
  /** A path for the AS issuer (`/tenant-1`); metadata then lives at the path-aware RFC 8414 URL. */
  issuerPath: string;
  /** Which well-known document the AS serves its metadata as. */
  metadataWellKnown: 'oauth-authorization-server' | 'openid-configuration';
  /** Error style of the token endpoint. */
  errorStyle: ErrorStyle;
  /** GitHub: token responses are form-encoded unless the request sends `Accept: application/json`. */
  formEncodedTokenResponses: boolean;
  /** Per endpoint, the answers of its first requests (`{ token: [503, 429] }`); then it works. */
  flaky: Partial<Record<EndpointName, readonly FlakyStep[]>>;
  /**
   * Per endpoint, a redirect it answers every request with (`{ token: 307 }`),
   * `Location` on the thief origin (`urls.thief`), which records what reaches
   * it: a client must never follow a redirect with credentials (SPEC H1).
   */
  redirect: Partial<Record<EndpointName, RedirectStatus>>;
  /** Whether the code exchange returns a refresh token. */
  refreshTokens: boolean;
  /** Each refresh returns a new refresh token and retires the old one. */
  rotateRefreshTokens: boolean;
  /** A retired refresh token presented again revokes the whole grant (OAuth 2.1 §4.3.1). */
  reuseDetection: boolean;
  /** The AS metadata names another `issuer` than the one it is served for. */
  issuerMismatch: boolean;
  /** Metadata advertises `authorization_response_iss_parameter_supported` (RFC 9207). */
  advertiseIss: boolean;
  /** The `iss` on the authorization redirect: the issuer, another one, or none. */
  issParameter: 'correct' | 'wrong' | 'omit';
  /** The PRM `resource` names another resource than the MCP server URL (RFC 9728 §3.3). */
  resourceMismatch: boolean;
  /** `code_challenge_methods_supported`; `null` leaves the field out. */
  codeChallengeMethods: readonly string[] | null;
  /** The metadata's `authorization_endpoint` is a `javascript:` URL (CVE-2025-6514). */
  javascriptAuthorize: boolean;
  /** The AS metadata body. */
  metadataBody: MetadataBody;
  /** The protected-resource metadata body. */
  resourceMetadataBody: MetadataBody;
  /** Advertise and accept client ID metadata documents (an https URL as `client_id`). */
  clientIdMetadataDocuments: boolean;
  /** Dynamic client registration (RFC 7591) is offered. */
  dynamicRegistration: boolean;
  /** DCR accepts loopback redirect URIs on this host only (`localhost` or `127.0.0.1`). */
  requiredLoopbackHost: 'localhost' | '127.0.0.1' | null;
  /** Authentication method of the pre-registered client when `client` does not say. */
  clientAuthMethod: ClientAuthMethod;
  /** A revocation endpoint (RFC 7009) is offered. */
  revocationEndpoint: boolean;
  /** The revocation endpoint refuses client authentication with 401 and wants `Bearer <access token>`. */
  revocationRequiresBearer: boolean;
  /** The authorize endpoint redirects with this `error` (e.g. `access_denied`) instead of a code. */
  authorizeError: string | null;
  /**
   * RFC 8628 device authorization grant: a `device_authorization_endpoint`
   * and the device code grant; the test approves or denies each login with
   * `authorizationServer.approveDevice(userCode)` / `denyDevice(userCode)`.
   */
  deviceAuthorization: boolean;
  /**
   * How the device flow answers: RFC 8628; `google` (`verification_url`,
   * no complete URI, `authorization_pending` with 428, `slow_down` 403);
   * `entra` (no complete URI, `authorization_declined` for a denial).
   */
  deviceStyle: 'rfc8628' | 'google' | 'entra';
  /**
   * `refused`: any request carrying RFC 8707 `resource` is refused with
   * `invalid_target` and AADSTS9010010 in the description, as Microsoft
   * Entra ID's v2 endpoints do (SPEC Q1).
   */
  resourceParameter: 'accepted' | 'refused';
  /**
   * Parameters authorization and device authorization requests must carry
   * (Auth0's `audience`, Google's `access_type`), else `invalid_request`.
   */
  requiredAuthorizationParams: Readonly<Record<string, string>> | null;
  /** The RFC 6749 §4.4 client credentials grant, for confidential clients. */
  clientCredentials: boolean;
  /**
   * A server for machines only: no `authorization_endpoint` in its metadata
   * (RFC 8414 §2) and no authorization code grant.
   */
  machineOnly: boolean;
  /**
   * RFC 9449 DPoP. `true`: advertised; a token request with a valid proof
   * gets a `token_type: DPoP` token bound to the proof's key (and its
   * refresh token, for public clients); the MCP server then wants
   * `Authorization: DPoP` with a proof carrying `ath`. `'ignores-proof'`:
   * advertised, but proofs are ignored and tokens are Bearer. `false`: not
   * advertised, proofs ignored.
   */
  dpop: boolean | 'ignores-proof';
  /** Where a DPoP nonce is required (with `dpop: true`). */
  dpopNonce: DPoPNonce;
}

/** @internal The behaviour of a standards-following 2025-06-18 server. */
export const compliantQuirks: Quirks = {
  legacy: false,
  resourceMetadataLocation: 'path-aware',
  challengeResourceMetadata: true,
  issuerPath: '',
  metadataWellKnown: 'oauth-authorization-server',
  errorStyle: 'rfc6749',
  formEncodedTokenResponses: false,
  flaky: {},
  redirect: {},
  refreshTokens: true,
  rotateRefreshTokens: false,
  reuseDetection: false,
  issuerMismatch: false,
  advertiseIss: true,
  issParameter: 'correct',
  resourceMismatch: false,
  codeChallengeMethods: ['S256'],
  javascriptAuthorize: false,
  metadataBody: 'json',
  resourceMetadataBody: 'json',
  clientIdMetadataDocuments: false,
  dynamicRegistration: true,
  requiredLoopbackHost: null,
  clientAuthMethod: 'none',
  revocationEndpoint: true,
  revocationRequiresBearer: false,
  authorizeError: null,
  deviceAuthorization: false,
  deviceStyle: 'rfc8628',
  resourceParameter: 'accepted',
  requiredAuthorizationParams: null,
  clientCredentials: true,
  machineOnly: false,
  dpop: false,
  dpopNonce: 'none',
};
