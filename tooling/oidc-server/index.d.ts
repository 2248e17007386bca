import type { IncomingMessage, ServerResponse } from 'node:http';

/** Options of {@link startAuthorizationServer}. */
export interface AuthorizationServerOptions {
  /** Port on 127.0.0.1. Default: a free one. */
  port?: number;
  /** Issuer path (`/tenant1`): the issuer becomes `http://127.0.0.1:<port>/tenant1`. Default: none. */
  issuerPath?: string;
  /** Access token lifetime in seconds. Default 3600. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds. Default 14 days. */
  refreshTokenTtl?: number;
  /** `jwt` (RFC 9068, verify with `jwks`) or `opaque` (verify by lookup/introspection). Default `jwt`. */
  accessTokenFormat?: 'jwt' | 'opaque';
  /** Scopes every resource server (MCP server URL) accepts. Default `['mcp:tools', 'mcp:admin']`. */
  scopes?: string[];
  /** Allowed RFC 8707 resources; others get `invalid_target`. Default: any resource. */
  resources?: string[];
  /** Resource used when a request names none. Default: none (then tokens are for userinfo only). */
  defaultResource?: string;
  /** Pre-registered clients (oidc-provider client metadata), e.g. confidential ones. */
  clients?: Array<Record<string, unknown>>;
  /**
   * RFC 8628 device authorization grant (oidc-provider's `features.deviceFlow`):
   * `device_authorization_endpoint` at `/device/auth`, the user-code page at
   * `/device`. Default false.
   */
  deviceFlow?: boolean;
  /** Device code lifetime in seconds (`expires_in`). Default 600. */
  deviceCodeTtl?: number;
  /** Make the token endpoint answer errors like a non-standard provider. */
  tokenErrorQuirk?: TokenErrorQuirk;
  /** Sees every request first; return true when it has answered (fault injection). */
  onRequest?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /**
   * RFC 9449 DPoP. Default: on without nonces (a proof binds the tokens to its
   * key). `false`: a server that does not support DPoP (Bearer tokens only).
   * `{ nonce: true }`: a proof without the server's current nonce gets
   * `use_dpop_nonce` and a `DPoP-Nonce` header.
   */
  dpop?: false | { nonce?: boolean };
  /** Enables the `client_credentials` grant for pre-registered confidential clients. Default false. */
  clientCredentials?: boolean;
  /** Registers an RFC 7523 jwt-bearer grant that accepts workload JWTs from this platform. */
  workloadIdentity?: WorkloadTrust;
}

/** The workload platform the jwt-bearer grant trusts (workload identity federation). */
export interface WorkloadTrust {
  /** The `iss` of the platform's JWTs. */
  issuer: string;
  /** Its public signing keys (JWKs; RS256, ES256 or EdDSA), as its JWKS would publish them. */
  keys: Array<Record<string, unknown>>;
  /** Workload subjects (`sub`) allowed a token. Default: any. */
  subjects?: string[];
}

/** How {@link AuthorizationServerOptions.tokenErrorQuirk} rewrites token endpoint errors. */
export interface TokenErrorQuirk {
  /** HTTP status for error answers. Default 200. */
  status?: number;
  /** Error code renames, e.g. `{ invalid_grant: 'invalid_refresh_token' }`. */
  rename?: Record<string, string>;
  /** Extra fields merged into the body, e.g. `{ ok: false }`. */
  extra?: Record<string, unknown>;
}

/** What {@link AuthorizationServer.verifyAccessToken} found out about a valid token. */
export interface AccessTokenInfo {
  sub: string;
  clientId: string;
  scope: string;
  audience: string | string[];
  /** Epoch seconds. */
  expiresAt: number;
  format: 'jwt' | 'opaque';
  /** The JWK SHA-256 thumbprint a DPoP-bound token is bound to (`cnf.jkt`, RFC 9449 §6). */
  jkt?: string;
}

/** Client information from registration (RFC 7591 field names). */
export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  [field: string]: unknown;
}

/** Token endpoint success body. */
export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  id_token?: string;
}

/** A token endpoint answer: a {@link TokenSet} or an RFC 6749 §5.2 error. */
export type TokenEndpointBody = Partial<TokenSet> & {
  error?: string;
  error_description?: string;
  [field: string]: unknown;
};

/** The parts of an oidc-provider instance tests reach for; see its documentation for the rest. */
export interface OidcProvider {
  /** Adds a custom grant type (RFC 8693 token exchange, RFC 7523 jwt-bearer). */
  registerGrantType(
    type: string,
    handler: (ctx: unknown) => Promise<void>,
    parameters?: string[] | Set<string>,
    allowedDuplicateParameters?: string[] | Set<string>,
  ): void;
  /** Adds koa middleware in front of the provider's routes. */
  use(middleware: (ctx: unknown, next: () => Promise<void>) => Promise<void>): void;
  [member: string]: unknown;
}

/** Options of {@link AuthorizationServer.obtainTokens}. */
export interface ObtainTokensOptions {
  /** RFC 8707 resource (the MCP server URL). */
  resource?: string;
  /** Space-separated scope. */
  scope?: string;
  /** Use this client instead of registering a new public one. */
  client?: RegisteredClient;
  /** Metadata merged into the registration request. */
  clientMetadata?: Record<string, unknown>;
  /** Account id to log in as. Default `user`. */
  login?: string;
}

/** A running authorization server. */
export interface AuthorizationServer {
  /** The issuer identifier, e.g. `http://127.0.0.1:41234` (plus `issuerPath`). */
  issuer: string;
  /** Origin of the server, `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** The oidc-provider instance (for custom grants: `provider.registerGrantType`). */
  provider: OidcProvider;
  /** Absolute endpoint URLs. */
  endpoints: {
    metadata: string;
    authorization: string;
    token: string;
    registration: string;
    revocation: string;
    introspection: string;
    jwks: string;
  };
  /** Public signing key (JWK with `kid`), as served at `endpoints.jwks`. */
  publicJwk: Record<string, unknown>;
  /** jwt-bearer grants with a workload JWT (`workloadIdentity`) accepted and refused so far. */
  workloadGrants: { accepted: number; refused: number };
  /** Every request received, in order: `{ method, path }` (path without query). */
  requests: Array<{ method: string; path: string }>;
  /** Requests to `path` (optionally with `method`) since start or the last reset. */
  count(path: string, method?: string): number;
  resetCounts(): void;
  /**
   * Drives the login and consent pages (devInteractions) for an authorization
   * URL with a cookie-keeping fetch loop and resolves to the URL the server
   * redirected to outside itself: the client's redirect_uri with `code`,
   * `state` and `iss` (or `error`).
   */
  completeAuthorization(
    authorizationUrl: string | URL,
    options?: { login?: string },
  ): Promise<string>;
  /** RFC 7591 registration; defaults: public client, `http://127.0.0.1:33418/callback`, code + refresh_token. */
  registerClient(metadata?: Record<string, unknown>): Promise<RegisteredClient>;
  /** Registration (unless a client is given), PKCE S256 authorization, code exchange. */
  obtainTokens(options: ObtainTokensOptions): Promise<{
    client: RegisteredClient;
    tokens: TokenSet;
    callbackUrl: string;
  }>;
  /** A raw token endpoint request (client_id in the body, or Basic with a secret). */
  tokenRequest(
    client: { client_id: string; client_secret?: string },
    fields: Record<string, string | undefined>,
  ): Promise<{ status: number; body: TokenEndpointBody }>;
  /**
   * Validates an access token as an MCP resource server would (signature,
   * issuer, expiry; `aud` when `resource` is given). JWT tokens stay valid
   * until they expire, even after revocation; opaque ones are looked up.
   */
  verifyAccessToken(
    token: string,
    options?: { resource?: string; now?: number },
  ): Promise<AccessTokenInfo | undefined>;
  /** Stops the server and destroys open connections. */
  close(): Promise<void>;
}

/** Starts oidc-provider 9 on 127.0.0.1 (see README.md). */
export declare function startAuthorizationServer(
  options?: AuthorizationServerOptions,
): Promise<AuthorizationServer>;

/** The devInteractions driver, usable without a server handle. */
export declare function completeAuthorization(
  authorizationUrl: string | URL,
  options: { issuer: string; login?: string; fetch?: typeof fetch },
): Promise<string>;
