import type { FetchLike } from '@mcp-oauth/core';

type Discovery = typeof import('@mcp-oauth/discovery');
let discovery: Promise<Discovery> | undefined;

/**
 * The discovery building block, loaded the first time a process talks to
 * an authorization server rather than with the strategy: importing a
 * strategy, and `tokens()` with a valid token, load neither it nor
 * normalize-errors (the cold import budget).
 */
export function loadDiscovery(): Promise<Discovery> {
  discovery ??= import('@mcp-oauth/discovery');
  return discovery;
}

/**
 * `base` with non-standard OAuth error bodies normalised (normalize-errors),
 * which loads with the first request made through it.
 */
export function normalizedFetch(base: FetchLike): FetchLike {
  let normalized: Promise<FetchLike> | undefined;
  return async (input, init) => {
    normalized ??= import('@mcp-oauth/normalize-errors').then((m) => m.normalizeErrors(base));
    return (await normalized)(input, init);
  };
}
