import { type Tokens, toTokens } from '@mcp-oauth/core';
import type { Context } from './context.js';
import { isSoonExpiring, refreshTokens } from './refresh.js';
import { lacksScope } from './step-up.js';

/**
 * The non-interactive token path, called before every MCP request (SPEC
 * T1–T4, T7): answers from the cached record without I/O while the token is
 * valid, refreshes proactively when it is soon-expiring (one refresh shared by
 * concurrent callers), and never refreshes while a step-up is pending.
 */
export async function currentTokens(ctx: Context): Promise<Tokens | undefined> {
  const key = await ctx.key;
  const record = await ctx.records.get(key);
  if (!record?.accessToken && !record?.refreshToken) return undefined; // T1
  const now = ctx.clock.now();
  const pending = ctx.stepUpScope ?? record.stepUpScope;
  if (pending && lacksScope(record.scope, pending)) {
    // Scope cannot be raised by refresh (RFC 6749 §6): hide the refresh token (T4).
    const tokens = toTokens(record, now);
    if (tokens) delete tokens.refresh_token;
    return tokens;
  }
  if (record.refreshToken && (!record.accessToken || isSoonExpiring(ctx, record))) {
    const refreshed = await refreshTokens(ctx).catch(() => undefined);
    if (refreshed) return refreshed;
    // Refresh failed: hand back what we have (T3); after invalid_grant nothing is left.
    const latest = await ctx.records.get(key);
    return toTokens(latest, ctx.clock.now());
  }
  if ((record.expiresAt ?? Number.POSITIVE_INFINITY) <= now) return undefined; // T2
  return toTokens(record, now);
}
