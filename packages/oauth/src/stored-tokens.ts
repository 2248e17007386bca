import type { ServerRecord, Tokens } from '@mcp-oauth/core';
import type { RuntimeContext } from './context.js';
import { isSoonExpiring } from './expiry.js';
import { hotPath, NEEDS_IO } from './hot-path.js';
import type { Refresher } from './refresh.js';
import { tokensOf } from './token-record.js';

/**
 * The record's tokens as they stand (SPEC T1, T2), or {@link NEEDS_IO} when
 * a refresh token is there and the access token is missing or soon-expiring
 * (SPEC T3).
 */
export function readyTokens(
  ctx: RuntimeContext,
  record: ServerRecord | undefined,
): Tokens | undefined | typeof NEEDS_IO {
  if (!record?.accessToken && !record?.refreshToken) return undefined; // T1
  const now = ctx.clock.now();
  if (
    record.refreshToken &&
    (!record.accessToken || isSoonExpiring(record, now, ctx.refreshWindowMs))
  ) {
    return NEEDS_IO;
  }
  if ((record.expiresAt ?? Number.POSITIVE_INFINITY) <= now) return undefined; // T2
  return tokensOf(record, now);
}

/**
 * Refreshes (one refresh shared by concurrent callers) and, when that
 * fails, hands back what is left in the record (SPEC T3); after
 * `invalid_grant` nothing is.
 */
export async function refreshedTokens(
  ctx: RuntimeContext,
  refresh: Refresher,
  key: string,
): Promise<Tokens | undefined> {
  const refreshed = await refresh().catch(() => undefined);
  if (refreshed) return refreshed;
  return tokensOf(await ctx.records.get(key), ctx.clock.now());
}

/**
 * The stored-token path every strategy shares (SPEC T1–T3, T7): answers
 * from the cached record without I/O while the token is valid, refreshes
 * when it is soon-expiring and a refresh token exists, and hands back what
 * is left when a refresh fails.
 */
export function storedTokens(ctx: RuntimeContext, refresh: Refresher): Promise<Tokens | undefined> {
  return hotPath(
    ctx,
    (record) => readyTokens(ctx, record),
    (key) => refreshedTokens(ctx, refresh, key),
  );
}
