import type { ServerRecord, Tokens } from '@mcp-oauth/core';
import {
  hotPath,
  lacksScope,
  type NEEDS_IO,
  readyTokens,
  refreshedTokens,
  tokensOf,
} from '@mcp-oauth/oauth';
import type { Context } from './context.js';

/**
 * The non-interactive token path, called before every MCP request (SPEC
 * T1–T4, T7): the shared stored-token path, except that it never refreshes
 * while a step-up is pending.
 */
export function currentTokens(ctx: Context): Promise<Tokens | undefined> {
  return hotPath(
    ctx,
    (record) => decide(ctx, record),
    (key) => refreshedTokens(ctx, ctx.refresh, key),
  );
}

function decide(
  ctx: Context,
  record: ServerRecord | undefined,
): Tokens | undefined | typeof NEEDS_IO {
  const pending = ctx.stepUpScope ?? record?.stepUpScope;
  if (record && pending && lacksScope(record.scope, pending)) {
    // Scope cannot be raised by refresh (RFC 6749 §6): hide the refresh token (T4).
    const tokens = tokensOf(record, ctx.clock.now());
    if (tokens) delete tokens.refresh_token;
    return tokens;
  }
  return readyTokens(ctx, record);
}
