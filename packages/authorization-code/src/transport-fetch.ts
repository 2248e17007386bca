import type { FetchLike } from '@mcp-oauth/core';
import { parseWwwAuthenticate } from '@mcp-oauth/discovery';
import { AuthorizationRequiredError } from './authorization-required.js';
import type { Context } from './context.js';
import { refreshTokens } from './refresh.js';
import { insufficientScopeChallenge, markStepUp } from './step-up.js';

const bearerOf = (init?: RequestInit): string | undefined => {
  const value = new Headers(init?.headers).get('authorization');
  return value?.toLowerCase().startsWith('bearer ') ? value.slice(7) : undefined;
};

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
    await ctx.records.patch(await ctx.key, { resourceMetadataUrl: hint });
  }
}

/**
 * The fetch to give the MCP SDK transport. A 401 to a request that carried
 * a token refreshes under the cross-process lock and retries once; a 403
 * `insufficient_scope` marks step-up pending with the union of scopes (SPEC
 * S1, S4) and persists it (SPEC S2). When only the user can help, it throws
 * an {@link AuthorizationRequiredError} (an SDK `UnauthorizedError`), so the SDK never registers a client or
 * refreshes behind our lock.
 */
export function transportFetch(ctx: Context, base: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.status === 401) {
      const rejected = bearerOf(init);
      const tokens = rejected
        ? await refreshTokens(ctx, { rejected }).catch(() => undefined)
        : undefined;
      if (tokens && tokens.access_token !== rejected) {
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${tokens.access_token}`);
        const retried = await base(input, { ...init, headers });
        if (retried.status !== 401) return retried;
      }
      void response.body?.cancel().catch(() => {});
      await rememberChallenge(ctx, response.headers.get('www-authenticate'));
      throw new AuthorizationRequiredError(
        `Authorization required for ${ctx.options.server.name}: call authorize()`,
        'login',
      );
    }
    if (response.status === 403) {
      const challenge = insufficientScopeChallenge(response.headers.get('www-authenticate'));
      if (challenge) {
        const key = await ctx.key;
        const record = await ctx.records.get(key);
        if (markStepUp(ctx, record?.scope, challenge.scope)) {
          const scope = ctx.stepUpScope;
          await ctx.records.patch(key, scope ? { stepUpScope: scope } : {});
          void response.body?.cancel().catch(() => {});
          throw new AuthorizationRequiredError(
            `${ctx.options.server.name} requires a wider scope (${scope}): call authorize()`,
            'step_up',
            scope,
          );
        }
        // Gave up after repeated attempts (S4): let the 403 through without the challenge.
        const headers = new Headers(response.headers);
        headers.delete('www-authenticate');
        return new Response(response.body, {
          status: 403,
          statusText: response.statusText,
          headers,
        });
      }
    }
    return response;
  };
}
