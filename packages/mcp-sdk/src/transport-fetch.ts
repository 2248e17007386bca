import type { FetchLike, Strategy } from '@mcp-oauth/core';
import { dpopFetch } from '@mcp-oauth/oauth';
import { AuthorizationRequiredError } from './errors.js';

const bearerOf = (init?: RequestInit): string | undefined => {
  const value = new Headers(init?.headers).get('authorization');
  return value?.toLowerCase().startsWith('bearer ') ? value.slice(7) : undefined;
};

const cancel = (response: Response) => void response.body?.cancel().catch(() => {});

/**
 * The fetch for the MCP SDK transport (SPEC B2): a 401 or 403 goes to the
 * strategy's `challenge()`; a renewed token retries the request once; when
 * only the user can help it throws an {@link AuthorizationRequiredError}
 * before the SDK sees the refusal, so the SDK never registers a client or
 * refreshes behind the strategy's lock. With a strategy that has DPoP, a
 * DPoP-bound token goes out as `Authorization: DPoP` with a proof, and a
 * `use_dpop_nonce` challenge is retried once (SPEC P2, P3).
 */
export function authFetch(strategy: Strategy, base: FetchLike = fetch): FetchLike {
  const send = dpopFetch(strategy, base);
  return async (input, init) => {
    const response = await send(input, init);
    if (response.status !== 401 && response.status !== 403) return response;
    const outcome = await strategy.challenge({
      status: response.status,
      wwwAuthenticate: response.headers.get('www-authenticate'),
      rejectedToken: bearerOf(init),
    });
    if (outcome.kind === 'pass') {
      if (!outcome.dropChallenge) return response;
      const headers = new Headers(response.headers);
      headers.delete('www-authenticate');
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }
    cancel(response);
    if (outcome.kind === 'retry') {
      const headers = new Headers(init?.headers);
      headers.set('Authorization', `Bearer ${outcome.tokens.access_token}`);
      const retried = await send(input, { ...init, headers });
      if (retried.status !== 401) return retried;
      cancel(retried);
      // Renewed and still refused: let the strategy keep what this challenge says.
      const again = await strategy.challenge({
        status: 401,
        wwwAuthenticate: retried.headers.get('www-authenticate'),
      });
      const message = again.kind === 'authorize' ? again.message : 'Authorization required';
      throw new AuthorizationRequiredError(message, 'login');
    }
    throw new AuthorizationRequiredError(outcome.message, outcome.reason, outcome.scope);
  };
}
