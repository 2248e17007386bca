import type { ChallengeOutcome, ResourceChallenge } from '@mcp-oauth/core';
import { parseWwwAuthenticate } from '@mcp-oauth/discovery';
import { insufficientScopeChallenge } from '@mcp-oauth/oauth';
import type { Context } from './context.js';
import { markStepUp } from './step-up.js';

/**
 * Keeps what a 401 challenge says for the next flow (SPEC D2, A1): the
 * `resource_metadata` URL, persisted like discovery state, and the `scope`
 * the server wants, used before metadata scopes.
 */
async function rememberChallenge(ctx: Context, header: string | null): Promise<void> {
  const challenge = parseWwwAuthenticate(header);
  ctx.challengeScope = challenge.scope || undefined;
  const hint = challenge.resource_metadata;
  if (hint && /^https?:\/\//i.test(hint)) {
    await ctx.records.patch(await ctx.serverKey, { resourceMetadataUrl: hint });
  }
}

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
    const rejected = challenge.rejectedToken;
    const tokens = rejected ? await ctx.refresh({ rejected }).catch(() => undefined) : undefined;
    if (tokens && tokens.access_token !== rejected) return { kind: 'retry', tokens };
    await rememberChallenge(ctx, challenge.wwwAuthenticate);
    return {
      kind: 'authorize',
      reason: 'login',
      message: `Authorization required for ${name}: call authorize()`,
    };
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
