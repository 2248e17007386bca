import type { CallOptions, InvalidationScope, Strategy, Tokens } from '@mcp-oauth/core';
import { authorize } from './attempt.js';
import { onChallenge } from './challenge.js';
import { createContext } from './context.js';
import { currentTokens } from './hot-path.js';
import type { CrossAppAccessOptions } from './options.js';

/** The cross-app access strategy. */
export interface CrossAppAccessStrategy extends Strategy {
  /** Clears part of the server's stored state (SPEC I1); the IdP id_token is kept. */
  invalidate(scope: InvalidationScope | 'verifier'): Promise<void>;
}

/**
 * Cross-app access (enterprise-managed authorization) for one MCP server:
 * the user's IdP id_token is exchanged for an ID-JAG (RFC 8693) and that
 * for an access token at the server's authorization server (RFC 7523). One
 * IdP login serves every server of the connection; afterwards tokens are
 * renewed without a browser, one exchange chain for all processes sharing
 * the store (SPEC X1–X12). Bind it to an MCP SDK with
 * `@mcp-oauth/mcp-client` (2.x) or `@mcp-oauth/mcp-sdk` (1.x).
 *
 * @example
 * const idp = idpConnection({ issuer: 'https://acme.okta.com', clientId: 'mcp-desktop' });
 * const auth = crossAppAccess({ server, store: fileStore(), idp, clientId: 'as-client' });
 * await connect(client, auth, (authProvider) =>
 *   new StreamableHTTPClientTransport(new URL(server.url), { authProvider }));
 */
export function crossAppAccess(options: CrossAppAccessOptions): CrossAppAccessStrategy {
  const ctx = createContext(options);
  return {
    name: 'cross-app-access',
    dpop: ctx.dpop,
    serverKey: () => ctx.serverKey,
    tokens: (): Promise<Tokens | undefined> => currentTokens(ctx),
    authorize: (call: CallOptions = {}) => authorize(ctx, call.signal),
    challenge: (challenge) => onChallenge(ctx, challenge),
    async invalidate(scope) {
      if (scope === 'verifier') return;
      await ctx.records.invalidate(await ctx.serverKey, scope);
    },
  };
}
