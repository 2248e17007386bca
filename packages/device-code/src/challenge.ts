import type { ChallengeOutcome, ResourceChallenge } from '@mcp-oauth/core';
import { insufficientScopeChallenge, renewOrLogin, unionScopes } from '@mcp-oauth/oauth';
import type { Context } from './context.js';

/**
 * What to do after the MCP server refused a request (SPEC B2, B3): a 401
 * to a request that carried a token refreshes under the cross-process lock
 * and retries once (SPEC G3); otherwise only a new device login helps, for
 * the scope the challenge names (a 403 `insufficient_scope` asks for the
 * union with the current scope, SPEC S4).
 */
export async function onChallenge(
  ctx: Context,
  challenge: ResourceChallenge,
): Promise<ChallengeOutcome> {
  const name = ctx.server.name;
  if (challenge.status === 401) {
    const { outcome, scope } = await renewOrLogin(
      ctx,
      ctx.refresh,
      challenge,
      `Authorization required for ${name}: call authorize() for a device login`,
    );
    if (outcome.kind === 'authorize') ctx.challengeScope = scope;
    return outcome;
  }
  const insufficient =
    challenge.status === 403 ? insufficientScopeChallenge(challenge.wwwAuthenticate) : undefined;
  if (!insufficient) return { kind: 'pass' };
  const record = await ctx.records.get(await ctx.serverKey);
  const scope = unionScopes(record?.scope, insufficient.scope) || undefined;
  if (scope && scope === ctx.challengeScope) {
    // The last login already asked for it and the server still refuses: let the 403 through.
    return { kind: 'pass', dropChallenge: true };
  }
  ctx.challengeScope = scope;
  return {
    kind: 'authorize',
    reason: 'step_up',
    ...(scope ? { scope } : {}),
    message: `${name} requires a wider scope (${scope}): call authorize() for a device login`,
  };
}
