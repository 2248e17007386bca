import type {
  CallOptions,
  InvalidationScope,
  LogoutOptions,
  Strategy,
  Tokens,
} from '@mcp-oauth/core';
import { storedTokens } from '@mcp-oauth/oauth';
import { onChallenge } from './challenge.js';
import { createContext, lookupClient } from './context.js';
import { authorize } from './flow.js';
import type { DeviceCodeOptions } from './options.js';

/** The device authorization grant strategy. */
export interface DeviceCodeStrategy extends Strategy {
  /** Clears part of the stored state (SPEC I1). */
  invalidate(scope: InvalidationScope | 'verifier'): Promise<void>;
  /** Signs out: RFC 7009 revocation, best-effort; local tokens are always cleared (SPEC V1–V7). */
  logout(options?: LogoutOptions): Promise<void>;
}

/**
 * The OAuth device authorization grant (RFC 8628) for one MCP server, for
 * machines without a browser: SSH sessions, containers, CI. `authorize()`
 * shows a code and an address (and a QR code on a terminal) on stderr,
 * polls until the person has logged in on another device, and stores the
 * tokens, which then refresh under the cross-process lock like any other
 * (SPEC G1–G3). Bind it to an MCP SDK with `@mcp-oauth/mcp-client` (2.x)
 * or `@mcp-oauth/mcp-sdk` (1.x).
 *
 * @example
 * const auth = deviceCode({ server, store: fileStore() });
 * await connect(client, auth, (authProvider) =>
 *   new StreamableHTTPClientTransport(new URL(server.url), { authProvider }));
 */
export function deviceCode(options: DeviceCodeOptions): DeviceCodeStrategy {
  const ctx = createContext(options);
  return {
    name: 'device-code',
    dpop: ctx.dpop,
    serverKey: () => ctx.serverKey,
    tokens: (): Promise<Tokens | undefined> => storedTokens(ctx, ctx.refresh),
    authorize: (call: CallOptions = {}) => authorize(ctx, call.signal),
    challenge: (challenge) => onChallenge(ctx, challenge),
    async invalidate(scope) {
      // No PKCE verifier in this grant: there is nothing to clear for 'verifier'.
      if (scope === 'verifier') return;
      await ctx.records.invalidate(await ctx.serverKey, scope);
    },
    async logout(call: LogoutOptions = {}) {
      ctx.challengeScope = undefined;
      const client = await lookupClient(ctx).catch(() => undefined);
      // Revocation loads with the first sign-out, not with the strategy (cold import).
      const { signOut } = await import('@mcp-oauth/revocation');
      await signOut(ctx, client, call);
    },
  };
}
