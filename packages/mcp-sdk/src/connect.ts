import type { FetchLike, Strategy } from '@mcp-oauth/core';
import { type AuthorizeLoopOptions, retryAfterAuthorization } from '@mcp-oauth/oauth';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isAuthorizationRequired } from './errors.js';
import { StrategyProvider } from './provider.js';
import { authFetch } from './transport-fetch.js';

/** What a transport needs from a strategy: spread it into the transport's options. */
export interface SdkAuth {
  readonly authProvider: StrategyProvider;
  readonly fetch: FetchLike;
}

/**
 * The transport options that bind a strategy to the SDK (SPEC B2):
 * `new StreamableHTTPClientTransport(url, { ...sdkAuth(auth) })`.
 * `base` is the fetch the transport would otherwise use.
 */
export function sdkAuth(strategy: Strategy, base?: FetchLike): SdkAuth {
  return { authProvider: new StrategyProvider(strategy), fetch: authFetch(strategy, base) };
}

/**
 * Runs `fn`; when it fails because only the user can help (a login, or a
 * step-up to a wider scope), runs the strategy's `authorize()` and tries
 * again, up to `maxAuthorizations` times.
 */
export function withAuthorization<T>(
  strategy: Strategy,
  fn: () => Promise<T>,
  options: AuthorizeLoopOptions = {},
): Promise<T> {
  return retryAfterAuthorization(strategy, fn, isAuthorizationRequired, options);
}

/**
 * Connects an SDK client through a transport bound to the strategy,
 * authorizing and reconnecting when the server demands it. `transport`
 * builds a fresh transport from the binding's options each time.
 *
 * @example
 * await connect(client, auth, (options) =>
 *   new StreamableHTTPClientTransport(new URL(server.url), options));
 */
export async function connect<T extends Transport>(
  client: Client,
  strategy: Strategy,
  transport: (auth: SdkAuth) => T,
  options: AuthorizeLoopOptions = {},
): Promise<T> {
  return withAuthorization(
    strategy,
    async () => {
      const connection = transport(sdkAuth(strategy));
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
