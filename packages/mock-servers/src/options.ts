import type { ProfileName } from './profiles.js';
import type { ClientAuthMethod, Quirks } from './quirks.js';

/** Client metadata as registered (RFC 7591 §2) or published as a client ID metadata document. */
export interface ClientMetadata {
  readonly client_id?: string;
  readonly client_name?: string;
  readonly redirect_uris?: readonly string[];
  readonly grant_types?: readonly string[];
  readonly response_types?: readonly string[];
  readonly token_endpoint_auth_method?: ClientAuthMethod | string;
  readonly scope?: string;
  readonly [field: string]: unknown;
}

/** The client that exists at the AS before any registration. */
export interface StaticClientOptions {
  /** Default `mock-client`. */
  readonly clientId?: string;
  /** Default `mock-secret`; checked only when the auth method needs it. */
  readonly clientSecret?: string;
  /** Default: the `clientAuthMethod` quirk (`none`, or a secret method for `confidential`). */
  readonly authMethod?: ClientAuthMethod;
  /** Public keys of a `private_key_jwt` client: its assertions must verify with one of them. */
  readonly jwks?: { readonly keys: readonly JsonWebKey[] };
  /** Registered redirect URIs. Default none, which accepts any loopback redirect (RFC 8252 §7.3). */
  readonly redirectUris?: readonly string[];
}

/** The IdP's client (the MCP client's registration at the enterprise IdP). */
export interface IdpOptions {
  /** IdP issuer. Default `https://idp.example.com`. */
  readonly url?: string;
  /** Default `idp-client`. */
  readonly clientId?: string;
  /** When set, the IdP token endpoint requires it (basic or post); else PKCE alone. */
  readonly clientSecret?: string;
  /** `sub` of the signed-in user. Default `user-1`. */
  readonly subject?: string;
}

/** Options of {@link createMockEnvironment}. Every field is optional. */
export interface MockEnvironmentOptions {
  /** The MCP endpoint. Default `https://mcp.example.com/mcp`. */
  readonly mcpUrl?: string;
  /** Origin (and optional base path) of the AS. Default `https://auth.example.com`. */
  readonly authorizationServerUrl?: string;
  /**
   * Origin of the second AS, the one `switchAuthorizationServer()` moves the
   * resource to. Default `https://auth-2.example.com`.
   */
  readonly secondAuthorizationServerUrl?: string;
  /** The enterprise IdP for cross-app access. */
  readonly idp?: IdpOptions;
  /** Profile name or names applied in order over the compliant defaults. Default `compliant`. */
  readonly profile?: ProfileName | readonly ProfileName[];
  /** Quirks applied after the profiles. */
  readonly quirks?: Partial<Quirks>;
  /** `scopes_supported` in PRM and AS metadata. Default `['mcp:read', 'mcp:write']`. */
  readonly scopesSupported?: readonly string[];
  /** Scope granted when the authorize request names none. Default `mcp:read`. */
  readonly defaultScope?: string;
  /** Scope every MCP request needs; a token without it gets 403 `insufficient_scope`. */
  readonly requiredScope?: string;
  /** `scope` in the 401 challenge (MCP 2025-06-18 scope selection). Default none. */
  readonly challengeScope?: string;
  /** Extra tools and the scope each needs: `{ 'admin-tool': 'mcp:admin' }` (step-up). */
  readonly toolScopes?: Readonly<Record<string, string>>;
  /**
   * Fields merged over the generated AS metadata (`{ scope: 'a b' }`,
   * `{ revocation_endpoint_auth_methods_supported: ['client_secret_post'] }`);
   * a field set to `undefined` is removed. Advertisement only: behaviour
   * follows the quirks.
   */
  readonly authorizationServerMetadata?: Readonly<Record<string, unknown>>;
  /** Fields merged over the generated protected-resource metadata; `undefined` removes one. */
  readonly protectedResourceMetadata?: Readonly<Record<string, unknown>>;
  /** The pre-registered client. */
  readonly client?: StaticClientOptions;
  /** Client ID metadata documents by URL (`cimd`); others are fetched with `fetch`. */
  readonly clientMetadataDocuments?: Readonly<Record<string, ClientMetadata>>;
  /** Clock in ms. Default `Date.now`; `advanceTime()` adds to it. */
  readonly now?: () => number;
  /** Access token lifetime in seconds. Default 3600. */
  readonly accessTokenTtl?: number;
  /** Refresh token lifetime in seconds. Default: never expires. */
  readonly refreshTokenTtl?: number;
  /** Authorization code lifetime in seconds. Default 60. */
  readonly codeTtl?: number;
  /** IdP id_token lifetime in seconds. Default 3600. */
  readonly idTokenTtl?: number;
  /** ID-JAG lifetime in seconds. Default 300. */
  readonly idJagTtl?: number;
  /** Answer 404 (and record it) for any other URL on the mocked origins. Default `true`. */
  readonly catchAll?: boolean;
}
