import type { ChallengeOutcome, ResourceChallenge } from '@mcp-oauth/core';
import { insufficientScopeChallenge, renewOrLogin } from '@mcp-oauth/oauth';
import type { Context } from './context.js';
import { markStepUp } from './step-up.js';

/**
 * What to do after the MCP server refused a request (SPEC B2, B3): a 401 to
 * a request that carried a token refreshes under the cross-process lock and
 * retries once; a 403 `insufficient_scope` marks step-up pending with the
 * union of scopes (SPEC S1, S4) and persists it (SPEC S2). When only the
 * user can help, the binding is told to ask for `authorize()`.
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
      `Authorization required for ${name}: call authorize()`,
    );
    // The scope the server's challenge asks for comes before metadata scopes (A10).
    if (outcome.kind === 'authorize') ctx.challengeScope = scope;
    return outcome;
  }
  const insufficient =
    challenge.status === 403 ? insufficientScopeChallenge(challenge.wwwAuthenticate) : undefined;
  if (!insufficient) return { kind: 'pass' };
  const key = await ctx.serverKey;
  const record = await ctx.records.get(key);
  if (!markStepUp(ctx, record?.scope, insufficient.scope)) {
    // Gave up after repeated attempts (S4): let the 403 through without the challenge.
    return { kind: 'pass', dropChallenge: true };
  }
  const scope = ctx.stepUpScope;
  await ctx.records.patch(key, scope ? { stepUpScope: scope } : {});
  return {
    kind: 'authorize',
    reason: 'step_up',
    ...(scope ? { scope } : {}),
    message: `${name} requires a wider scope (${scope}): call authorize()`,
  };
}
