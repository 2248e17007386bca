import type { FetchLike } from '@mcp-oauth/core';

/**
 * The discovery building block, loaded the first time a process talks to
 * an authorization server rather than with the strategy: importing a
 * strategy, and `tokens()` with a valid token, load neither it nor
 * normalize-errors (the cold import budget). Node keeps a loaded module
 * and tries a failed load (too many open files, a package replaced on disk
 * mid-upgrade) again at the next call.
 */
export function loadDiscovery(): Promise<typeof import('@mcp-oauth/discovery')> {
  return import('@mcp-oauth/discovery');
}

/**
 * `base` with non-standard OAuth error bodies normalised (normalize-errors),
 * which loads with the first request made through it.
 */
export function normalizedFetch(base: FetchLike): FetchLike {
  let normalized: FetchLike | undefined;
  return async (input, init) => {
    normalized ??= (await import('@mcp-oauth/normalize-errors')).normalizeErrors(base);
    return normalized(input, init);
  };
}
