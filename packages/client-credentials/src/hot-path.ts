import type { ServerRecord, Tokens } from '@mcp-oauth/core';
import { hotPath, NEEDS_IO, tokensOf } from '@mcp-oauth/oauth';
import type { Context } from './context.js';
import { renew, usable } from './renew.js';

/** After a failed proactive renewal, the still-valid token is used this long before the next try. */
const PAUSE_MS = 30_000;

/**
 * The token path, called before every MCP request (SPEC M2, T7): a usable
 * cached token costs no I/O; none, or a soon-expiring one, is renewed with
 * the strategy's grant (no browser, no refresh token). When a renewal fails
 * while the current token is still valid, that token is used and the
 * authorization server is left alone for 30 s; with no valid token the
 * error is thrown, so a misconfigured client fails on its first request
 * with the reason.
 * @internal
 */
export function currentTokens(ctx: Context): Promise<Tokens> {
  return hotPath(
    ctx,
    (record) => usable(ctx, record) ?? NEEDS_IO,
    (_key, record) => renewOrKeep(ctx, record),
  );
}

async function renewOrKeep(ctx: Context, record: ServerRecord | undefined): Promise<Tokens> {
  const now = ctx.clock.now();
  const valid = !!record?.accessToken && (record.expiresAt ?? Number.POSITIVE_INFINITY) > now;
  if (valid && now < ctx.pausedUntil) return tokensOf(record, now) as Tokens;
  try {
    return await renew(ctx);
  } catch (error) {
    if (!valid) throw error;
    ctx.pausedUntil = ctx.clock.now() + PAUSE_MS;
    ctx.logger.debug('renewal failed; using the current token while it lasts', error);
    return tokensOf(record, ctx.clock.now()) as Tokens;
  }
}
