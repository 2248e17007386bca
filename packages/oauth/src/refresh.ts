import {
  type ClientInformation,
  ErrorCode,
  McpOAuthError,
  OAuthResponseError,
  type RefreshReason,
  type ServerRecord,
  StoreError,
  type Tokens,
} from '@mcp-oauth/core';
import { selectClientAuth } from './client-auth.js';
import type { RuntimeContext } from './context.js';
import { metadataForRenewal } from './discovery-state.js';
import { failureFields } from './event-fields.js';
import { isSoonExpiring } from './expiry.js';
import { refreshLockName, withRetryingLock } from './lock.js';
import { applyTokenResponse, tokensOf } from './token-record.js';
import { requestToken } from './token-request.js';

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

/** A refresh that failed, with its stable reason (SPEC R6); already reported. */
export class RefreshFailure extends Error {
  constructor(
    readonly reason: Exclude<RefreshReason, 'success'>,
    readonly detail?: unknown,
  ) {
    super(reason);
    this.name = 'RefreshFailure';
  }
}

/** Options of one refresh. */
export interface RefreshOptions {
  /** An access token the server just refused: a stored token equal to it is renewed even if it looks valid. */
  readonly rejected?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Refreshes one server's tokens; callers in one process share the refresh in flight (SPEC T3). */
export type Refresher = (options?: RefreshOptions) => Promise<Tokens | undefined>;

/** A strategy context that renews with the refresh-token grant. */
export interface RefreshingContext extends RuntimeContext {
  /** The refresh-token grant, one in flight per process (SPEC R1–R8, T3). */
  readonly refresh: Refresher;
}

/**
 * Gives a strategy's context its refresher (in place, so the strategy's
 * mutable fields stay on one object); `client` finds the stored or
 * configured client when a refresh needs it.
 */
export function withRefresher<T extends RuntimeContext>(
  ctx: T,
  client: (ctx: T) => Promise<ClientInformation | undefined>,
): T & RefreshingContext {
  return Object.assign(ctx, { refresh: createRefresher(ctx, () => client(ctx)) });
}

/**
 * The refresh-token grant for a strategy (SPEC R1–R8): under the renewal
 * lock, re-reading the store first (another process may have refreshed),
 * with retries on transient failures and the stored client (found by
 * `client`). Resolves to the tokens to use, or `undefined` when the user
 * must authorize again; throws a {@link RefreshFailure} otherwise.
 */
export function createRefresher(
  ctx: RuntimeContext,
  client: () => Promise<ClientInformation | undefined>,
): Refresher {
  let inFlight: Promise<Tokens | undefined> | undefined;
  return (options = {}) => {
    // Other processes meet at the lock.
    inFlight ??= refreshUnderLock(ctx, client, options).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

/**
 * Why this module's own waits end (another process renewed, this one took
 * the lock, the refresh is over): one value, so ending a wait does not
 * build an abort error each time, and never what a caller sees. A caller's
 * abort ends them with the caller's reason.
 */
const WAIT_ENDED = new Error('the wait for a renewal ended');

/** How often a process waiting for the renewal lock looks at the store. */
const WATCH_MS = 15;
/** As often, when the store says when the record changes: a notification may be missed. */
const NOTIFIED_WATCH_MS = 1_000;

/** The record as the store holds it now, past any cache; `undefined` when the read fails. */
async function freshRecord(ctx: RuntimeContext, key: string): Promise<ServerRecord | undefined> {
  try {
    return await ctx.records.get(key, { fresh: true });
  } catch {
    return undefined;
  }
}

/**
 * The next moment to look at the record: when the store reports a change
 * (started now, so nothing written after this call is missed) or after the
 * look-again interval, whichever comes first; `cancel` drops both.
 */
function nextLook(ctx: RuntimeContext, key: string, stop: AbortSignal) {
  const done = new AbortController();
  const end = () => done.abort(WAIT_ENDED);
  stop.addEventListener('abort', end, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waits: Promise<unknown>[] = [
    new Promise((resolve) => {
      timer = setTimeout(resolve, ctx.changed ? NOTIFIED_WATCH_MS : WATCH_MS);
    }),
  ];
  if (ctx.changed) waits.push(ctx.changed(key, done.signal).catch(() => {}));
  return {
    ready: Promise.race(waits),
    cancel() {
      clearTimeout(timer);
      end();
      stop.removeEventListener('abort', end);
    },
  };
}

/**
 * Resolves with the tokens another process stored while this one waits for
 * the lock (a valid token other than the rejected one), so waiters return as
 * soon as the holder writes instead of queueing for the lock one by one.
 */
async function renewedElsewhere(
  ctx: RuntimeContext,
  key: string,
  rejected: string | undefined,
  stop: AbortSignal,
): Promise<Tokens | undefined> {
  let look = nextLook(ctx, key, stop);
  try {
    while (!stop.aborted) {
      await look.ready;
      look.cancel();
      if (stop.aborted) break;
      // Listen before reading: a write after the read wakes the next look.
      look = nextLook(ctx, key, stop);
      const record = await freshRecord(ctx, key);
      if (
        record?.accessToken &&
        record.accessToken !== rejected &&
        !isSoonExpiring(record, ctx.clock.now(), ctx.refreshWindowMs)
      ) {
        return tokensOf(record, ctx.clock.now());
      }
    }
    return undefined;
  } finally {
    look.cancel();
  }
}

async function refreshUnderLock(
  ctx: RuntimeContext,
  client: () => Promise<ClientInformation | undefined>,
  options: RefreshOptions,
): Promise<Tokens | undefined> {
  const key = await ctx.serverKey;
  // Ends the wait for the lock: the caller gave up, or another process renewed.
  const stop = new AbortController();
  // Ends the watch of the record: as above, or this process took the lock.
  const watching = new AbortController();
  const end = (reason: unknown) => {
    stop.abort(reason);
    watching.abort(reason);
  };
  const abandon = () => end(options.signal?.reason);
  options.signal?.addEventListener('abort', abandon, { once: true });
  if (options.signal?.aborted) abandon();
  let holding = false;
  const watcher = renewedElsewhere(ctx, key, options.rejected, watching.signal).then((tokens) => {
    // Another process renewed: stop waiting for the lock, unless this one holds it already.
    if (tokens && !holding) stop.abort(WAIT_ENDED);
    return tokens;
  });
  const viaLock = lockedRefresh(ctx, client, options, key, stop.signal, () => {
    holding = true;
    // The holder renews itself: the record it is about to write is no news to it.
    watching.abort(WAIT_ENDED);
  });
  try {
    const seen = watcher.then((tokens) => ({ tokens, watched: true }));
    const first = await Promise.race([
      viaLock.then(
        (tokens) => ({ tokens }),
        // Ended because the watch found tokens: they are the answer.
        (error: unknown) => (error === WAIT_ENDED ? seen : Promise.reject(error)),
      ),
      seen,
    ]);
    if ('watched' in first && first.tokens && !holding) {
      viaLock.catch(() => {});
      return first.tokens;
    }
    return await viaLock;
  } finally {
    end(WAIT_ENDED);
    options.signal?.removeEventListener('abort', abandon);
  }
}

async function lockedRefresh(
  ctx: RuntimeContext,
  client: () => Promise<ClientInformation | undefined>,
  options: RefreshOptions,
  key: string,
  stop: AbortSignal,
  acquired: () => void,
): Promise<Tokens | undefined> {
  return withRetryingLock(
    refreshLockName(key),
    async () => {
      acquired();
      // Another process may have refreshed while we waited: re-read past any cache (SPEC R2).
      const record = await ctx.records.get(key, { fresh: true });
      if (
        record?.accessToken &&
        record.accessToken !== options.rejected &&
        !isSoonExpiring(record, ctx.clock.now(), ctx.refreshWindowMs)
      ) {
        return tokensOf(record, ctx.clock.now());
      }
      if (!record?.refreshToken) return undefined;
      const usedRefreshToken = record.refreshToken;
      try {
        const tokens = await refreshWithRetries(ctx, key, record, client, options.signal);
        ctx.onEvent({ type: 'refresh', serverKey: key, reason: 'success' });
        return tokens;
      } catch (error) {
        const failure =
          error instanceof RefreshFailure ? error : new RefreshFailure('request_failed', error);
        const detail = failure.detail;
        ctx.onEvent({
          type: 'refresh',
          serverKey: key,
          reason: failure.reason,
          ...failureFields(detail),
        });
        ctx.logger.debug(`refresh failed: ${failure.reason}`, detail);
        if (detail instanceof StoreError && detail.code === ErrorCode.LockUnavailable) {
          // H8: this process was paused past the lock's stale timeout and another
          // took over; its write was refused. Whatever the other one stored stands.
          const latest = await ctx.records.get(key, { fresh: true });
          if (latest?.accessToken) return tokensOf(latest, ctx.clock.now());
        }
        if (failure.reason !== 'invalid_grant') throw failure;
        // invalid_grant: another process may have rotated the token (SPEC R5).
        const latest = await ctx.records.get(key, { fresh: true });
        if (
          latest?.refreshToken &&
          latest.refreshToken !== usedRefreshToken &&
          latest.accessToken
        ) {
          return tokensOf(latest, ctx.clock.now());
        }
        await ctx.records.invalidate(key, 'tokens');
        return undefined;
      }
    },
    { ...ctx, signal: stop },
  ).catch(async (error: unknown) => {
    if (!(error instanceof StoreError) || error.code !== ErrorCode.LockUnavailable) throw error;
    // H7: the holder took longer than any legitimate renewal. Whatever it did
    // is in the store; never refresh with a token it may be spending.
    const latest = await ctx.records.get(key, { fresh: true });
    if (latest?.accessToken && latest.accessToken !== options.rejected) {
      if (!isSoonExpiring(latest, ctx.clock.now(), ctx.refreshWindowMs)) {
        return tokensOf(latest, ctx.clock.now());
      }
    }
    ctx.logger.debug(`refresh lock for ${ctx.server.name} not released in time; not refreshing`);
    throw new RefreshFailure('request_failed', error);
  });
}

async function refreshWithRetries(
  ctx: RuntimeContext,
  key: string,
  record: ServerRecord,
  client: () => Promise<ClientInformation | undefined>,
  signal?: AbortSignal,
): Promise<Tokens> {
  let target: Awaited<ReturnType<typeof metadataForRenewal>>;
  try {
    target = await metadataForRenewal(ctx, record, signal);
  } catch (error) {
    throw new RefreshFailure('metadata_discovery_failed', error);
  }
  const info = await client();
  if (!info) throw new RefreshFailure('no_client_info');
  const { metadata } = target;
  if (!metadata.token_endpoint) {
    throw new RefreshFailure(
      'request_failed',
      new McpOAuthError(
        ErrorCode.InvalidResponse,
        'The authorization server metadata has no token_endpoint',
      ),
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await requestToken({
        fetch: ctx.fetch,
        endpoint: metadata.token_endpoint,
        issuer: metadata.issuer,
        clientAuth: selectClientAuth(info, metadata.token_endpoint_auth_methods_supported),
        params: {
          grant_type: 'refresh_token',
          refresh_token: record.refreshToken,
          // Servers that refuse RFC 8707 refuse it on refresh too (SPEC Q1).
          resource: ctx.omitResource ? undefined : target.resource,
        },
        allowInsecure: ctx.allowInsecure,
        // The same key as the grant: a DPoP-bound refresh token needs it (SPEC P4).
        dpop: ctx.dpop,
        signal,
      });
      // Store the new pair atomically before anyone uses the new access token (SPEC R8).
      const saved = await ctx.records.update(key, (current) =>
        applyTokenResponse(current, response, ctx.clock.now()),
      );
      const tokens = tokensOf(saved, ctx.clock.now());
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
