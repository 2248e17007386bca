import type { Tokens } from '@mcp-oauth/core';
import { lacksScope, storedTokens, tokensOf } from '@mcp-oauth/oauth';
import type { Context } from './context.js';

/**
 * The non-interactive token path, called before every MCP request (SPEC
 * T1–T4, T7): the shared stored-token path, except that it never refreshes
 * while a step-up is pending.
 */
export async function currentTokens(ctx: Context): Promise<Tokens | undefined> {
  const key = await ctx.serverKey;
  const record = await ctx.records.get(key);
  const pending = ctx.stepUpScope ?? record?.stepUpScope;
  if (record && pending && lacksScope(record.scope, pending)) {
    // Scope cannot be raised by refresh (RFC 6749 §6): hide the refresh token (T4).
    const tokens = tokensOf(record, ctx.clock.now());
    if (tokens) delete tokens.refresh_token;
    return tokens;
  }
  return storedTokens(ctx, ctx.refresh, { key, record });
}
