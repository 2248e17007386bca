import type { Tokens } from '@mcp-oauth/core';
import {
  hotPath,
  isSoonExpiring,
  NEEDS_IO,
  readyTokens,
  refreshedTokens,
  storedTokens,
} from '@mcp-oauth/oauth';
import { silentExchange } from './attempt.js';
import type { Context } from './context.js';

/**
 * The non-interactive token path, called before every MCP request. With no
 * refresh token and no or a soon-expiring access token, a cached id_token
 * is exchanged silently (SPEC X11); if that fails, or otherwise, the normal
 * path answers: stored tokens, refreshed when a refresh token exists
 * (SPEC T1–T7). A valid cached token costs no I/O.
 */
export function currentTokens(ctx: Context): Promise<Tokens | undefined> {
  return hotPath(
    ctx,
    (record) =>
      !record?.refreshToken &&
      (!record?.accessToken || isSoonExpiring(record, ctx.clock.now(), ctx.refreshWindowMs))
        ? NEEDS_IO
        : readyTokens(ctx, record),
    async (key, record) => {
      if (record?.refreshToken) return refreshedTokens(ctx, ctx.refresh, key);
      const tokens = await silentExchange(ctx).catch((error: unknown) => {
        ctx.logger.debug('silent cross-app access failed; falling back to stored tokens', error);
        return undefined;
      });
      // The exchange may have written the record: the normal path reads it again.
      return tokens ?? storedTokens(ctx, ctx.refresh);
    },
  );
}
