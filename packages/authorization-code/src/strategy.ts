import type {
  CallOptions,
  InvalidationScope,
  LogoutOptions,
  Strategy,
  Tokens,
} from '@mcp-oauth/core';
import { onChallenge } from './challenge.js';
import { lookupClient } from './client.js';
import { createContext } from './context.js';
import { authorize } from './flow.js';
import { currentTokens } from './hot-path.js';
import type { AuthorizationCodeOptions } from './options.js';

/** The authorization code strategy. */
export interface AuthorizationCodeStrategy extends Strategy {
  /** Clears part of the stored state (SPEC I1). */
  invalidate(scope: InvalidationScope | 'verifier'): Promise<void>;
  /** Signs out: RFC 7009 revocation, best-effort; local tokens are always cleared (SPEC V1–V7). */
  logout(options?: LogoutOptions): Promise<void>;
}

/**
 * Authorization code + PKCE with a loopback callback (RFC 6749, RFC 7636,
 * RFC 8252), cross-process refresh and step-up, for one MCP server. Bind it
 * to an MCP SDK with `@mcp-oauth/mcp-client` (2.x) or `@mcp-oauth/mcp-sdk`
 * (1.x).
 *
 * @example
 * const auth = authorizationCode({ server, store: fileStore() });
 * await connect(client, auth, (authProvider) =>
 *   new StreamableHTTPClientTransport(new URL(server.url), { authProvider }));
 */
export function authorizationCode(options: AuthorizationCodeOptions): AuthorizationCodeStrategy {
  const ctx = createContext(options);
  return {
    name: 'authorization-code',
    dpop: ctx.dpop,
    serverKey: () => ctx.serverKey,
    tokens: (): Promise<Tokens | undefined> => currentTokens(ctx),
    authorize: (call: CallOptions = {}) => authorize(ctx, call.signal),
    challenge: (challenge) => onChallenge(ctx, challenge),
    async invalidate(scope) {
      if (scope === 'verifier') {
        ctx.verifier = undefined;
        return;
      }
      const key = await ctx.serverKey;
      await ctx.records.invalidate(key, scope);
      if (scope === 'all' || scope === 'client') await ctx.secrets.delete(key);
    },
    async logout(call: LogoutOptions = {}) {
      ctx.stepUpScope = undefined;
      const key = await ctx.serverKey;
      // A configured client is not in the record; revocation must still authenticate as it (SPEC V4).
      const client = await lookupClient(ctx, key).catch(() => undefined);
      // Loaded on sign-out only (cold import).
      const { signOut } = await import('@mcp-oauth/revocation');
      await signOut(ctx, client, call);
    },
  };
}
