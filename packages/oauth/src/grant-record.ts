import type {
  ChallengeOutcome,
  ClientInformation,
  ResourceChallenge,
  TokenResponse,
  Tokens,
} from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import type { RuntimeContext } from './context.js';
import { loadDiscovery } from './deferred.js';
import { bindingOf } from './discovery-state.js';
import type { Refresher } from './refresh.js';
import { applyTokenResponse, tokensOf } from './token-record.js';

/**
 * Stores what an interactive grant obtained in one write: the tokens (with
 * the scope asked for when the server names none), the client that obtained
 * them and the server that issued them (SPEC H2, H5). Resolves with the
 * tokens to use, or `undefined` when the record holds none.
 */
export async function saveGrant(
  ctx: RuntimeContext,
  grant: {
    readonly response: TokenResponse & { token_type?: string | undefined };
    readonly scope: string | undefined;
    readonly client: ClientInformation;
    readonly metadata: AuthorizationServerMetadata;
  },
): Promise<Tokens | undefined> {
  const { response, scope, client, metadata } = grant;
  const saved = await ctx.records.update(await ctx.serverKey, (record) => ({
    ...applyTokenResponse(record, { ...response, scope: response.scope ?? scope }, ctx.clock.now()),
    client,
    ...bindingOf(metadata),
  }));
  return tokensOf(saved, ctx.clock.now());
}

/**
 * The 401 half of a strategy's `challenge()` (SPEC B2, B3, R): a request
 * that carried a token refreshes under the renewal lock and is retried once;
 * otherwise what the challenge says is kept for the next login (the
 * `resource_metadata` URL, persisted, SPEC D2; its `scope`, returned) and
 * only the user can help.
 */
export async function renewOrLogin(
  ctx: RuntimeContext,
  refresh: Refresher,
  challenge: ResourceChallenge,
  message: string,
): Promise<{ outcome: ChallengeOutcome; scope?: string }> {
  const rejected = challenge.rejectedToken;
  const tokens = rejected ? await refresh({ rejected }).catch(() => undefined) : undefined;
  if (tokens && tokens.access_token !== rejected) return { outcome: { kind: 'retry', tokens } };
  const { parseWwwAuthenticate } = await loadDiscovery();
  const parsed = parseWwwAuthenticate(challenge.wwwAuthenticate);
  const hint = parsed.resource_metadata;
  if (hint && /^https?:\/\//i.test(hint)) {
    await ctx.records.patch(await ctx.serverKey, { resourceMetadataUrl: hint });
  }
  return {
    outcome: { kind: 'authorize', reason: 'login', message },
    ...(parsed.scope ? { scope: parsed.scope } : {}),
  };
}
