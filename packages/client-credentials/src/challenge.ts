import type { ChallengeOutcome, ResourceChallenge } from '@mcp-oauth/core';
import type { Context } from './context.js';
import { renew } from './renew.js';

/**
 * What to do after the MCP server refused a request (SPEC M2, B2, B3): a
 * 401 gets a new token under the renewal lock (or the one another process
 * just stored) and the binding retries once. When no new token can be had,
 * the binding is told to call `authorize()`, which requests one and throws
 * the reason. Other refusals pass through: the scope is configured, not
 * stepped up.
 */
export async function onChallenge(
  ctx: Context,
  challenge: ResourceChallenge,
): Promise<ChallengeOutcome> {
  if (challenge.status !== 401) return { kind: 'pass' };
  const rejected = challenge.rejectedToken;
  let reason = 'the new token was refused too';
  try {
    const tokens = await renew(ctx, { stale: rejected });
    if (tokens.access_token !== rejected) return { kind: 'retry', tokens };
  } catch (error) {
    reason = `no new token: ${error instanceof Error ? error.message : String(error)}`;
  }
  return {
    kind: 'authorize',
    reason: 'login',
    message: `${ctx.server.name} refused the machine client's token and ${reason}; call authorize()`,
  };
}
