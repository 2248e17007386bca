import type { ServerRecord, Tokens } from '@mcp-oauth/core';
import type { RuntimeContext } from './context.js';
import { isSoonExpiring } from './expiry.js';
import type { Refresher } from './refresh.js';
import { tokensOf } from './token-record.js';

/**
 * The stored-token path every strategy shares (SPEC T1–T3, T7): answers
 * from the cached record without I/O while the token is valid, refreshes
 * when it is soon-expiring and a refresh token exists (one refresh shared
 * by concurrent callers), and hands back what is left when a refresh fails.
 */
export async function storedTokens(
  ctx: RuntimeContext,
  refresh: Refresher,
  /** The record the caller has just read, when it has (one read on the hot path instead of two). */
  current?: { readonly key: string; readonly record: ServerRecord | undefined },
): Promise<Tokens | undefined> {
  const key = current?.key ?? (await ctx.serverKey);
  const record = current ? current.record : await ctx.records.get(key);
  if (!record?.accessToken && !record?.refreshToken) return undefined; // T1
  const now = ctx.clock.now();
  if (
    record.refreshToken &&
    (!record.accessToken || isSoonExpiring(record, now, ctx.refreshWindowMs))
  ) {
    const refreshed = await refresh().catch(() => undefined);
    if (refreshed) return refreshed;
    // Refresh failed: hand back what we have (T3); after invalid_grant nothing is left.
    return tokensOf(await ctx.records.get(key), ctx.clock.now());
  }
  if ((record.expiresAt ?? Number.POSITIVE_INFINITY) <= now) return undefined; // T2
  return tokensOf(record, now);
}
