import { AuthorizationRequiredError } from '@mcp-oauth/authorization-code';
import type { FetchLike } from '@mcp-oauth/core';
import type { Context } from './context.js';
import { currentTokens } from './hot-path.js';

const bearerOf = (init?: RequestInit): string | undefined => {
  const value = new Headers(init?.headers).get('authorization');
  return value?.toLowerCase().startsWith('bearer ') ? value.slice(7) : undefined;
};

/**
 * The fetch to give the MCP SDK transport. A 401 to a request that carried
 * a token marks that token expired and asks the token path again (refresh,
 * or a silent exchange with the cached id_token), then retries once. When
 * only a login at the IdP can help it throws an
 * {@link AuthorizationRequiredError}, so the SDK never starts its own
 * consent flow (SPEC X1).
 */
export function transportFetch(ctx: Context, base: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.status !== 401) return response;
    void response.body?.cancel().catch(() => {});
    const rejected = bearerOf(init);
    if (rejected) {
      await ctx.records.update(await ctx.key, (record) =>
        record?.accessToken === rejected ? { ...record, expiresAt: 0 } : record,
      );
      const tokens = await currentTokens(ctx).catch(() => undefined);
      if (tokens && tokens.access_token !== rejected) {
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${tokens.access_token}`);
        const retried = await base(input, { ...init, headers });
        if (retried.status !== 401) return retried;
        void retried.body?.cancel().catch(() => {});
      }
    }
    throw new AuthorizationRequiredError(
      `${ctx.options.server.name} needs a login at the IdP (cross-app access): call authorize()`,
      'login',
    );
  };
}
