import type {
  CallOptions,
  FetchLike,
  InvalidationScope,
  LogoutOptions,
  Strategy,
  Tokens,
} from '@mcp-oauth/core';
import { revoke } from '@mcp-oauth/revocation';
import { lookupClient } from './client.js';
import { createContext } from './context.js';
import { authorize } from './flow.js';
import { currentTokens } from './hot-path.js';
import { type AuthorizationCodeOptions, validateOptions } from './options.js';
import { McpOAuthClientProvider } from './provider.js';
import { transportFetch } from './transport-fetch.js';

/** The authorization code strategy, with its MCP SDK bindings. */
export interface AuthorizationCodeStrategy extends Strategy {
  /** The server key (SPEC K1) credentials are stored under. */
  serverKey(): Promise<string>;
  /** The MCP SDK `authProvider` for the transport. */
  readonly provider: McpOAuthClientProvider;
  /** The fetch for the MCP SDK transport: refresh on 401, step-up on 403 (SPEC S1). */
  transportFetch(base?: FetchLike): FetchLike;
  /** Clears part of the stored state (SPEC I1). */
  invalidate(scope: InvalidationScope | 'verifier'): Promise<void>;
  /** Signs out: RFC 7009 revocation, best-effort; local tokens are always cleared (SPEC V1–V7). */
  logout(options?: LogoutOptions): Promise<void>;
}

/**
 * Authorization code + PKCE with a loopback callback (RFC 6749, RFC 7636,
 * RFC 8252), cross-process refresh and step-up, for one MCP server.
 *
 * @example
 * const auth = authorizationCode({ server, store: fileStore() });
 * const transport = new StreamableHTTPClientTransport(new URL(server.url), {
 *   authProvider: auth.provider,
 *   fetch: auth.transportFetch(),
 * });
 */
export function authorizationCode(options: AuthorizationCodeOptions): AuthorizationCodeStrategy {
  validateOptions(options);
  const ctx = createContext(options);
  const provider = new McpOAuthClientProvider(ctx);
  return {
    name: 'authorization-code',
    serverKey: () => ctx.key,
    provider,
    tokens: (): Promise<Tokens | undefined> => currentTokens(ctx),
    authorize: (call: CallOptions = {}) => authorize(ctx, call.signal),
    transportFetch: (base) => transportFetch(ctx, base ?? options.fetch ?? fetch),
    invalidate: (scope) => provider.invalidateCredentials(scope),
    async logout(call: LogoutOptions = {}) {
      ctx.stepUpScope = undefined;
      const key = await ctx.key;
      // A configured client is not in the record; revocation must still authenticate as it (SPEC V4).
      const client = await lookupClient(ctx, key).catch(() => undefined);
      await revoke({
        client,
        serverKey: key,
        serverUrl: ctx.serverUrl,
        store: ctx.store,
        fetch: ctx.oauthFetch,
        logger: ctx.logger,
        onEvent: ctx.emit,
        keepDiscovery: call.keepDiscovery ?? false,
        allowInsecure: options.allowInsecureUrls ?? false,
        ...(call.signal ? { signal: call.signal } : {}),
      });
    },
  };
}
