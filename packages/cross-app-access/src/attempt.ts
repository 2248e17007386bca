import {
  AuthenticationCancelledError,
  ExchangeError,
  type IdTokenRecord,
  type Tokens,
} from '@mcp-oauth/core';
import { isSoonExpiring, refreshLockName, tokensOf, withRetryingLock } from '@mcp-oauth/oauth';
import type { Context } from './context.js';
import { exchangeIdToken } from './exchange.js';
import { dropIdToken, readIdToken } from './id-token-cache.js';
import { loginAtIdp } from './idp-login.js';
import { asClient } from './secrets.js';

/** Reports how an attempt ended (SPEC X5, X9): a cancel is a cancel, not a failure. */
function report(ctx: Context, key: string, cacheHit: boolean, error?: unknown): void {
  if (!error) {
    ctx.onEvent({
      type: 'cross_app_access',
      serverKey: key,
      reason: 'success',
      idTokenCacheHit: cacheHit,
    });
    return;
  }
  if (error instanceof AuthenticationCancelledError) {
    ctx.onEvent({
      type: 'cross_app_access',
      serverKey: key,
      reason: 'cancelled',
      idTokenCacheHit: cacheHit,
    });
    return;
  }
  const failure = error instanceof ExchangeError ? error : undefined;
  ctx.onEvent({
    type: 'cross_app_access',
    serverKey: key,
    reason: 'failure',
    idTokenCacheHit: cacheHit,
    ...(failure ? { stage: failure.stage } : {}),
    ...(failure?.oauthError ? { oauthError: failure.oauthError } : {}),
    ...(failure?.status ? { status: failure.status } : {}),
  });
}

/** One exchange from an id_token, reported, dropping the id_token when the error says so (SPEC X8). */
async function exchangeReported(
  ctx: Context,
  key: string,
  idToken: IdTokenRecord,
  cacheHit: boolean,
  options: { interactive: boolean; signal?: AbortSignal | undefined },
): Promise<Tokens> {
  try {
    const client = await asClient(ctx, key);
    const tokens = await exchangeIdToken(ctx, key, idToken, client, options);
    ctx.silentPausedUntil = 0;
    report(ctx, key, cacheHit);
    return tokens;
  } catch (error) {
    if (error instanceof ExchangeError) {
      if (error.shouldClearIdToken) await dropIdToken(ctx);
      report(ctx, key, cacheHit, error);
    }
    throw error;
  }
}

/** After a failed silent exchange, the hot path waits this long before trying again. */
const SILENT_PAUSE_MS = 30_000;

/**
 * The interactive path: the cached id_token, else one IdP login shared by
 * every server of the connection (SPEC X5), then the exchange under the R1
 * lock (SPEC X12). A cached id_token the IdP refuses is dropped and one
 * login follows, so a revoked IdP session costs one browser pop, not an error.
 * @internal
 */
export async function authorize(ctx: Context, signal?: AbortSignal): Promise<Tokens> {
  const key = await ctx.serverKey;
  if (signal?.aborted) throw new AuthenticationCancelledError(undefined, { cause: signal.reason });
  await asClient(ctx, key); // X3: fail before any browser opens
  const cached = await readIdToken(ctx, true);
  let idToken = cached;
  if (!idToken) {
    try {
      idToken = await loginAtIdp(ctx, signal);
    } catch (error) {
      report(ctx, key, false, error);
      throw error;
    }
  }
  const run = (id: IdTokenRecord, hit: boolean) =>
    withRetryingLock(
      refreshLockName(key),
      () => exchangeReported(ctx, key, id, hit, { interactive: true, signal }),
      { ...ctx, signal },
    );
  try {
    return await run(idToken, !!cached);
  } catch (error) {
    if (!cached || !(error instanceof ExchangeError) || !error.shouldClearIdToken) throw error;
    if (error.stage !== 'token_exchange') throw error;
    ctx.logger.debug('the IdP refused the cached id_token; logging in again');
    let fresh: IdTokenRecord;
    try {
      fresh = await loginAtIdp(ctx, signal);
    } catch (loginError) {
      report(ctx, key, false, loginError);
      throw loginError;
    }
    return run(fresh, false);
  }
}

/**
 * Silent re-authentication (SPEC X11, X12): with a cached id_token, the
 * exchange runs without a browser, under the same cross-process lock as a
 * refresh, shared by concurrent callers in this process. A sibling process
 * that got there first is seen after the lock and its tokens are used.
 * Resolves `undefined` without an id_token (the caller must log in). After
 * a failure, calls for the next 30 s answer from the normal path only, so
 * an IdP outage is not asked again on every MCP request.
 * @internal
 */
export function silentExchange(ctx: Context): Promise<Tokens | undefined> {
  ctx.exchanging ??= (async () => {
    const key = await ctx.serverKey;
    if (ctx.clock.now() < ctx.silentPausedUntil) return undefined;
    // Without an id_token there is nothing to exchange: no lock, no request.
    if (!(await readIdToken(ctx, false))) return undefined;
    return withRetryingLock(
      refreshLockName(key),
      async () => {
        const record = await ctx.records.get(key, { fresh: true });
        if (record?.accessToken && !isSoonExpiring(record, ctx.clock.now(), ctx.refreshWindowMs)) {
          return tokensOf(record, ctx.clock.now());
        }
        if (record?.refreshToken) return undefined; // the refresh path takes over
        const idToken = await readIdToken(ctx, true);
        return idToken
          ? exchangeReported(ctx, key, idToken, true, { interactive: false })
          : undefined;
      },
      ctx,
    ).catch((error: unknown) => {
      ctx.silentPausedUntil = ctx.clock.now() + SILENT_PAUSE_MS;
      throw error;
    });
  })().finally(() => {
    ctx.exchanging = undefined;
  });
  return ctx.exchanging;
}
