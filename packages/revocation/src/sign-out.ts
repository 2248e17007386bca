import type { ClientInformation, LogoutOptions, RevocationEvent } from '@mcp-oauth/core';
import type { RuntimeContext } from '@mcp-oauth/oauth';
import { revoke } from './revoke.js';

/**
 * A strategy's `logout()`: RFC 7009 revocation with the strategy's context
 * (its store, OAuth fetch, logger and events), authenticating as `client`
 * (a configured client is not in the record, SPEC V4); best-effort, local
 * tokens always cleared (SPEC V1–V7).
 */
export async function signOut(
  ctx: RuntimeContext,
  client: ClientInformation | undefined,
  options: LogoutOptions = {},
): Promise<RevocationEvent> {
  return revoke({
    client,
    serverKey: await ctx.serverKey,
    serverUrl: ctx.server.url,
    store: ctx.store,
    fetch: ctx.fetch,
    logger: ctx.logger,
    onEvent: ctx.onEvent,
    keepDiscovery: options.keepDiscovery ?? false,
    allowInsecure: ctx.allowInsecure,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
