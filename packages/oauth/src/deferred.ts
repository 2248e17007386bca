import type { FetchLike } from '@mcp-oauth/core';

type Discovery = typeof import('@mcp-oauth/discovery');
let discovery: Promise<Discovery> | undefined;

/**
 * The discovery building block, loaded the first time a process talks to
 * an authorization server rather than with the strategy: importing a
 * strategy, and `tokens()` with a valid token, load neither it nor
 * normalize-errors (the cold import budget). A failed load (too many open
 * files, a package replaced on disk mid-upgrade) is tried again next time.
 */
export function loadDiscovery(): Promise<Discovery> {
  discovery ??= import('@mcp-oauth/discovery').catch((error: unknown) => {
    discovery = undefined;
    throw error;
  });
  return discovery;
}

/**
 * `base` with non-standard OAuth error bodies normalised (normalize-errors),
 * which loads with the first request made through it, and again after a
 * failed load.
 */
export function normalizedFetch(base: FetchLike): FetchLike {
  let normalized: Promise<FetchLike> | undefined;
  return async (input, init) => {
    normalized ??= import('@mcp-oauth/normalize-errors').then(
      (m) => m.normalizeErrors(base),
      (error: unknown) => {
        normalized = undefined;
        throw error;
      },
    );
    return (await normalized)(input, init);
  };
}
