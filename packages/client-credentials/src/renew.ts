import { ErrorCode, type ServerRecord, StoreError, type Tokens } from '@mcp-oauth/core';
import { isSoonExpiring, refreshLockName, tokensOf, withRetryingLock } from '@mcp-oauth/oauth';
import type { Context } from './context.js';
import { obtainToken } from './grant.js';

/** Options of one renewal. */
export interface RenewOptions {
  /** A token that must not be handed back: refused by the server, or the one `authorize()` replaces. */
  readonly stale?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The record's token when it can be used as it is: present, not stale, not soon-expiring (SPEC M2, H6). @internal */
export function usable(
  ctx: Context,
  record: ServerRecord | undefined,
  stale?: string,
): Tokens | undefined {
  const now = ctx.clock.now();
  if (!record?.accessToken || record.accessToken === stale) return undefined;
  if (isSoonExpiring(record, now, ctx.refreshWindowMs)) return undefined;
  if ((record.expiresAt ?? Number.POSITIVE_INFINITY) <= now) return undefined;
  return tokensOf(record, now);
}

async function renewUnderLock(ctx: Context, options: RenewOptions): Promise<Tokens> {
  const key = await ctx.serverKey;
  try {
    return await withRetryingLock(
      refreshLockName(key),
      async () => {
        // Another process may have renewed while this one waited: re-read past any cache (SPEC M2, R2).
        const record = await ctx.records.get(key, { fresh: true });
        return usable(ctx, record, options.stale) ?? obtainToken(ctx, key, record, options.signal);
      },
      { ...ctx, signal: options.signal },
    );
  } catch (error) {
    if (!(error instanceof StoreError) || error.code !== ErrorCode.LockUnavailable) throw error;
    // H7: the holder took longer than any renewal may; H8: this process lost the
    // lock and its write was refused. Either way what is stored now stands.
    const latest = usable(ctx, await ctx.records.get(key, { fresh: true }), options.stale);
    if (latest) return latest;
    throw error;
  }
}

/**
 * A new token for the server (SPEC M2): one renewal in flight per process,
 * shared by concurrent callers, under the cross-process renewal lock, so N
 * processes whose token is soon-expiring make one token request between
 * them. Resolves with a usable token or throws why none could be had.
 * @internal
 */
export async function renew(ctx: Context, options: RenewOptions = {}): Promise<Tokens> {
  ctx.renewing ??= renewUnderLock(ctx, options).finally(() => {
    ctx.renewing = undefined;
  });
  const tokens = await ctx.renewing;
  // The renewal this caller joined was started for another reason and kept its stale token.
  return tokens.access_token === options.stale ? renewUnderLock(ctx, options) : tokens;
}
