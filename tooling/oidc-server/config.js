/**
 * oidc-provider configuration for a local MCP authorization server. Every
 * choice here mirrors what MCP clients meet in production; see README.md.
 */
import { randomBytes } from 'node:crypto';
import { errors } from 'oidc-provider';

const DAY = 24 * 60 * 60;

/**
 * @param {import('./index.js').AuthorizationServerOptions} options
 * @param {{ jwk: Record<string, unknown>, cookieKey: string }} keys
 */
export function providerConfiguration(options, keys) {
  const accessTokenTtl = options.accessTokenTtl ?? 3600;
  return {
    clients: options.clients ?? [],
    jwks: { keys: [keys.jwk] },
    cookies: { keys: [keys.cookieKey] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    scopes: ['openid', 'offline_access'],
    responseTypes: ['code'],
    // PKCE S256 for every client, public or confidential (OAuth 2.1 §4.1.1).
    pkce: { required: () => true },
    // MCP clients do not ask for offline_access; refresh tokens are issued
    // whenever the client may use the refresh_token grant.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Single-use refresh tokens: a reused one revokes the grant (reuse detection).
    rotateRefreshToken: () => true,
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 60,
      RefreshToken: options.refreshTokenTtl ?? 14 * DAY,
      Grant: 14 * DAY,
      Session: 14 * DAY,
      Interaction: 3600,
      ClientCredentials: accessTokenTtl,
      DeviceCode: options.deviceCodeTtl ?? 600,
    },
    features: {
      devInteractions: { enabled: true },
      // The client_credentials grant for pre-registered confidential clients
      // (client_secret_basic/post, private_key_jwt with their `jwks`).
      clientCredentials: { enabled: options.clientCredentials ?? false },
      registration: { enabled: true },
      // RFC 8628 device authorization grant: /device/auth, the user-code page at /device.
      deviceFlow: { enabled: options.deviceFlow ?? false },
      dPoP: dpopFeature(options.dpop),
      // RFC 7009 §2.1: a client may revoke only its own tokens; a public
      // client's request for another client's token is ignored (200, no-op).
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      // RFC 7662 §2.1: confidential callers (resource servers) may introspect
      // any token; public clients only their own.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) =>
          client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? options.defaultResource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) =>
          resourceServerInfo(options, resourceIndicator),
      },
    },
  };
}

/**
 * What a resource (an MCP server URL) accepts: the configured scopes, its own
 * URL as the token audience, the configured lifetime and token format.
 * Unknown resources get `invalid_target` when `resources` is set.
 * @param {import('./index.js').AuthorizationServerOptions} options
 * @param {string} resourceIndicator
 */
export function resourceServerInfo(options, resourceIndicator) {
  if (options.resources && !options.resources.includes(resourceIndicator)) {
    throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
  }
  return {
    scope: (options.scopes ?? ['mcp:tools', 'mcp:admin']).join(' '),
    audience: resourceIndicator,
    accessTokenTTL: options.accessTokenTtl ?? 3600,
    accessTokenFormat: options.accessTokenFormat ?? 'jwt',
    ...(options.accessTokenFormat === 'opaque' ? {} : { jwt: { sign: { alg: 'RS256' } } }),
  };
}

/**
 * RFC 9449 DPoP: oidc-provider's default (on, no nonces) unless told
 * otherwise; `false` makes a server without DPoP support, `{ nonce: true }`
 * one that answers every proof without its current nonce `use_dpop_nonce`.
 * @param {import('./index.js').AuthorizationServerOptions['dpop']} dpop
 */
export function dpopFeature(dpop) {
  if (dpop === false) return { enabled: false };
  if (!dpop?.nonce) return { enabled: true };
  return { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true };
}
