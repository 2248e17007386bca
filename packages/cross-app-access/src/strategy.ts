import type { CallOptions, FetchLike, InvalidationScope, Strategy, Tokens } from '@mcp-oauth/core';
import { authorize } from './attempt.js';
import { createContext } from './context.js';
import { currentTokens } from './hot-path.js';
import { type CrossAppAccessOptions, validateOptions } from './options.js';
import { CrossAppAccessProvider } from './provider.js';
import { transportFetch } from './transport-fetch.js';

/** The cross-app access strategy, with its MCP SDK bindings. */
export interface CrossAppAccessStrategy extends Strategy {
  /** The server key (SPEC K1) credentials are stored under. */
  serverKey(): Promise<string>;
  /** The MCP SDK `authProvider` for the transport. */
  readonly provider: CrossAppAccessProvider;
  /** The fetch for the MCP SDK transport: silent re-authentication on 401. */
  transportFetch(base?: FetchLike): FetchLike;
  /** Clears part of the server's stored state (SPEC I1); the IdP id_token is kept. */
  invalidate(scope: InvalidationScope | 'verifier'): Promise<void>;
}

/**
 * Cross-app access (enterprise-managed authorization) for one MCP server:
 * the user's IdP id_token is exchanged for an ID-JAG (RFC 8693) and that
 * for an access token at the server's authorization server (RFC 7523). One
 * IdP login serves every server of the connection; afterwards tokens are
 * renewed without a browser, one exchange chain for all processes sharing
 * the store (SPEC X1–X12).
 *
 * @example
 * const idp = idpConnection({ issuer: 'https://acme.okta.com', clientId: 'mcp-desktop' });
 * const auth = crossAppAccess({ server, store: fileStore(), idp, clientId: 'as-client' });
 * const transport = new StreamableHTTPClientTransport(new URL(server.url), {
 *   authProvider: auth.provider,
 *   fetch: auth.transportFetch(),
 * });
 */
export function crossAppAccess(options: CrossAppAccessOptions): CrossAppAccessStrategy {
  validateOptions(options);
  const ctx = createContext(options);
  const provider = new CrossAppAccessProvider(ctx);
  return {
    name: 'cross-app-access',
    serverKey: () => ctx.key,
    provider,
    tokens: (): Promise<Tokens | undefined> => currentTokens(ctx),
    authorize: (call: CallOptions = {}) => authorize(ctx, call.signal),
    transportFetch: (base) => transportFetch(ctx, base ?? options.fetch ?? fetch),
    invalidate: (scope) => provider.invalidateCredentials(scope),
  };
}
