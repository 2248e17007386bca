import type { FetchLike, Strategy } from '@mcp-oauth/core';
import { type AuthorizeLoopOptions, dpopFetch, retryAfterAuthorization } from '@mcp-oauth/oauth';
import {
  type AuthProvider,
  type Client,
  InsufficientScopeError,
  type Transport,
} from '@modelcontextprotocol/client';
import { authProvider } from './auth-provider.js';
import { isAuthorizationRequired } from './errors.js';

/** Hands an SDK step-up refusal to the strategy; true when `authorize()` can help (SPEC S1–S4). */
async function stepUpWanted(strategy: Strategy, error: InsufficientScopeError): Promise<boolean> {
  const scope = error.requiredScope ? `, scope="${error.requiredScope.replace(/"/g, '')}"` : '';
  const outcome = await strategy.challenge({
    status: 403,
    wwwAuthenticate: `Bearer error="insufficient_scope"${scope}`,
  });
  return outcome.kind === 'authorize';
}

/**
 * Runs `fn`; when it fails because only the user can help (a login, or a
 * step-up to a wider scope: the SDK's `InsufficientScopeError`), runs the
 * strategy's `authorize()` and tries again, up to `maxAuthorizations` times.
 */
export function withAuthorization<T>(
  strategy: Strategy,
  fn: () => Promise<T>,
  options: AuthorizeLoopOptions = {},
): Promise<T> {
  return retryAfterAuthorization(
    strategy,
    fn,
    (error) =>
      error instanceof InsufficientScopeError
        ? stepUpWanted(strategy, error)
        : isAuthorizationRequired(error),
    options,
  );
}

/**
 * Connects an SDK client through a transport bound to the strategy,
 * authorizing and reconnecting when the server demands it. `transport`
 * builds a fresh transport from the binding's `authProvider` and `fetch`
 * each time; pass `fetch` on so a strategy with DPoP sends its proofs
 * (SPEC P2; without DPoP it is the global fetch).
 *
 * @example
 * await connect(client, auth, (authProvider, fetch) =>
 *   new StreamableHTTPClientTransport(new URL(server.url), { authProvider, fetch }));
 */
export async function connect<T extends Transport>(
  client: Client,
  strategy: Strategy,
  transport: (authProvider: AuthProvider, fetch: FetchLike) => T,
  options: AuthorizeLoopOptions = {},
): Promise<T> {
  const provider = authProvider(strategy);
  const send = dpopFetch(strategy);
  return withAuthorization(
    strategy,
    async () => {
      const connection = transport(provider, send);
      try {
        await client.connect(connection);
        return connection;
      } catch (error) {
        await client.close().catch(() => {});
        throw error;
      }
    },
    options,
  );
}
