import type { ChallengeOutcome, ResourceChallenge } from '@mcp-oauth/core';
import type { Context } from './context.js';
import { currentTokens } from './hot-path.js';

/**
 * What to do after the MCP server refused a request (SPEC B2, B3, X1): a
 * 401 to a request that carried a token marks that token expired and asks
 * the token path again (refresh, or a silent exchange with the cached
 * id_token); when only a login at the IdP can help, the binding is told to
 * ask for `authorize()`, so no SDK starts its own consent flow. Other
 * refusals pass through: cross-app access has no step-up.
 */
export async function onChallenge(
  ctx: Context,
  challenge: ResourceChallenge,
): Promise<ChallengeOutcome> {
  if (challenge.status !== 401) return { kind: 'pass' };
  const rejected = challenge.rejectedToken;
  if (rejected) {
    await ctx.records.update(await ctx.serverKey, (record) =>
      record?.accessToken === rejected ? { ...record, expiresAt: 0 } : record,
    );
    const tokens = await currentTokens(ctx).catch(() => undefined);
    if (tokens && tokens.access_token !== rejected) return { kind: 'retry', tokens };
  }
  return {
    kind: 'authorize',
    reason: 'login',
    message: `${ctx.server.name} needs a login at the IdP (cross-app access): call authorize()`,
  };
}
