/**
 * oidc-provider configuration for a local MCP authorization server. Every
 * choice here mirrors what MCP clients meet in production; see README.md.
 */
import { errors } from 'oidc-provider';

const DAY = 24 * 60 * 60;

/**
 * @param {import('./index.js').AuthorizationServerOptions} options
 * @param {{ jwk: Record<string, unknown>, cookieKey: string }} keys
 */
export function providerConfiguration(options, keys) {
  const accessTokenTtl = options.accessTokenTtl ?? 3600;
  const scopes = options.scopes ?? ['mcp:tools', 'mcp:admin'];
  const resources = options.resources;
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
    },
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: true },
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
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (resources && !resources.includes(resourceIndicator)) {
            throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
          }
          return {
            scope: scopes.join(' '),
            audience: resourceIndicator,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: options.accessTokenFormat ?? 'jwt',
            ...(options.accessTokenFormat === 'opaque' ? {} : { jwt: { sign: { alg: 'RS256' } } }),
          };
        },
      },
    },
  };
}
