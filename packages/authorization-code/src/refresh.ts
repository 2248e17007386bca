import {
  applyTokens,
  type Clock,
  ErrorCode,
  type Lock,
  type Logger,
  McpOAuthError,
  OAuthResponseError,
  type RefreshReason,
  type ServerRecord,
  StoreError,
  type Tokens,
  toTokens,
} from '@mcp-oauth/core';
import { lookupClient } from './client.js';
import type { Context } from './context.js';
import { metadataForRefresh } from './metadata.js';
import { requestToken } from './token-request.js';

/** Lock retries on contention and the wait between them (SPEC R1). */
const LOCK_RETRIES = 5;
/** Token request attempts and the waits between them (SPEC R4). */
const ATTEMPTS = 3;
const BACKOFF_MS = [1000, 2000, 4000];
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'UND_ERR_SOCKET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
]);

/** True when the token expires within the refresh window (SPEC T3). */
export function isSoonExpiring(ctx: Context, record: ServerRecord | undefined): boolean {
  return !!record?.accessToken && (record.expiresAt ?? 0) - ctx.clock.now() <= ctx.refreshWindowMs;
}

/** Failures worth another attempt: timeouts, resets, server_error, temporarily_unavailable, 429 (SPEC R4). */
export function isTransient(error: unknown): boolean {
  if (error instanceof OAuthResponseError) {
    return (
      error.status === 429 ||
      error.oauthError === 'server_error' ||
      error.oauthError === 'temporarily_unavailable'
    );
  }
  if (error instanceof McpOAuthError) return error.code === ErrorCode.Timeout;
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return error instanceof TypeError && TRANSIENT_CODES.has(cause?.code ?? '');
}

class RefreshFailure extends Error {
  constructor(
    readonly reason: Exclude<RefreshReason, 'success'>,
    readonly detail?: unknown,
  ) {
    super(reason);
  }
}

/** What {@link withRetryingLock} needs. */
export interface RetryingLockOptions {
  readonly lock: Lock;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Random source for the 1–2 s wait. Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * Runs `fn` under a cross-process lock the way refresh needs it (SPEC R1,
 * X12): on contention up to 5 retries with a random 1–2 s wait; if the lock
 * cannot be had, runs without it and says so in the debug log. The lock is
 * always released.
 */
export async function withRetryingLock<T>(
  name: string,
  fn: () => Promise<T>,
  options: RetryingLockOptions,
): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await options.lock.withLock(name, fn, { timeoutMs: 0 });
    } catch (error) {
      if (!(error instanceof StoreError) || error.code !== ErrorCode.LockUnavailable) throw error;
      if (attempt >= LOCK_RETRIES) {
        options.logger.debug(
          `lock ${name} unavailable after ${LOCK_RETRIES} retries; proceeding without it`,
        );
        return fn();
      }
      await options.clock.sleep(1000 + random() * 1000);
    }
  }
}

/**
 * Refreshes the server's tokens (SPEC R1–R8). `rejected` is an access token
 * the server just refused: a stored token equal to it is refreshed even if
 * it does not look soon-expiring. Resolves to the tokens to use, or
 * `undefined` when the user must authorize again.
 */
export function refreshTokens(
  ctx: Context,
  options: { rejected?: string; signal?: AbortSignal } = {},
): Promise<Tokens | undefined> {
  // Callers in this process share one refresh (SPEC T3); other processes meet at the lock.
  ctx.refreshing ??= refreshUnderLock(ctx, options).finally(() => {
    ctx.refreshing = undefined;
  });
  return ctx.refreshing;
}

async function refreshUnderLock(
  ctx: Context,
  options: { rejected?: string; signal?: AbortSignal },
): Promise<Tokens | undefined> {
  const key = await ctx.key;
  return withRetryingLock(
    `refresh:${key}`,
    async () => {
      // Another process may have refreshed while we waited: re-read past any cache (SPEC R2).
      const record = await ctx.records.get(key, { fresh: true });
      if (
        record?.accessToken &&
        record.accessToken !== options.rejected &&
        !isSoonExpiring(ctx, record)
      ) {
        return toTokens(record, ctx.clock.now());
      }
      if (!record?.refreshToken) return undefined;
      const usedRefreshToken = record.refreshToken;
      try {
        const tokens = await refreshWithRetries(ctx, key, record, options.signal);
        ctx.emit({ type: 'refresh', serverKey: key, reason: 'success' });
        return tokens;
      } catch (error) {
        const failure =
          error instanceof RefreshFailure ? error : new RefreshFailure('request_failed', error);
        const detail = failure.detail;
        const event = {
          type: 'refresh' as const,
          serverKey: key,
          reason: failure.reason,
          ...(detail instanceof McpOAuthError && detail.oauthError
            ? { oauthError: detail.oauthError }
            : {}),
          ...(detail instanceof McpOAuthError && detail.status ? { status: detail.status } : {}),
        };
        ctx.emit(event);
        ctx.logger.debug(`refresh failed: ${failure.reason}`, detail);
        if (failure.reason !== 'invalid_grant') throw failure;
        // invalid_grant: another process may have rotated the token (SPEC R5).
        const latest = await ctx.records.get(key, { fresh: true });
        if (
          latest?.refreshToken &&
          latest.refreshToken !== usedRefreshToken &&
          latest.accessToken
        ) {
          return toTokens(latest, ctx.clock.now());
        }
        await ctx.records.invalidate(key, 'tokens');
        return undefined;
      }
    },
    ctx,
  );
}

async function refreshWithRetries(
  ctx: Context,
  key: string,
  record: ServerRecord,
  signal?: AbortSignal,
): Promise<Tokens> {
  let target: Awaited<ReturnType<typeof metadataForRefresh>>;
  try {
    target = await metadataForRefresh(ctx, key, record, signal);
  } catch (error) {
    throw new RefreshFailure('metadata_discovery_failed', error);
  }
  const client = await lookupClient(ctx, key);
  if (!client) throw new RefreshFailure('no_client_info');
  for (let attempt = 1; ; attempt++) {
    const params = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: record.refreshToken!,
      resource: target.resource,
    });
    try {
      const response = await requestToken(ctx, target.metadata, client, params, signal);
      // Store the new pair atomically before anyone uses the new access token (SPEC R8).
      const saved = await ctx.records.update(key, (current) =>
        applyTokens(current, response, ctx.clock.now()),
      );
      const tokens = toTokens(saved, ctx.clock.now());
      if (!tokens) throw new RefreshFailure('no_tokens_returned');
      return tokens;
    } catch (error) {
      if (error instanceof RefreshFailure) throw error;
      if (error instanceof OAuthResponseError && error.oauthError === 'invalid_grant') {
        throw new RefreshFailure('invalid_grant', error);
      }
      if (error instanceof McpOAuthError && error.code === ErrorCode.InvalidResponse) {
        throw new RefreshFailure('no_tokens_returned', error);
      }
      if (!isTransient(error)) throw new RefreshFailure('request_failed', error);
      if (attempt >= ATTEMPTS) throw new RefreshFailure('transient_retries_exhausted', error);
      await ctx.clock.sleep(BACKOFF_MS[attempt - 1]!, signal);
    }
  }
}

/** Whether an error thrown by {@link refreshTokens} is a refresh failure (already reported). */
export function isRefreshFailure(error: unknown): boolean {
  return error instanceof RefreshFailure;
}
