import { type IdTokenRecord, StoreKeys } from '@mcp-oauth/core';
import type { Context } from './context.js';

/**
 * The cached IdP id_token of the connection's issuer (SPEC X5), or
 * `undefined` when missing or expired. `fresh` reads past any cache, to see
 * another process's login.
 * @internal
 */
export async function readIdToken(
  ctx: Context,
  fresh: boolean,
): Promise<IdTokenRecord | undefined> {
  const record = await ctx.store.get<IdTokenRecord>(
    StoreKeys.idToken(ctx.idp.options.issuer),
    fresh ? { fresh: true } : undefined,
  );
  return record?.idToken && record.expiresAt > ctx.clock.now() ? record : undefined;
}

/** Caches an id_token by issuer (SPEC X5). @internal */
export async function saveIdToken(ctx: Context, record: IdTokenRecord): Promise<void> {
  await ctx.store.set(StoreKeys.idToken(ctx.idp.options.issuer), record);
}

/** Drops the cached id_token (SPEC X8). @internal */
export async function dropIdToken(ctx: Context): Promise<void> {
  await ctx.store.delete(StoreKeys.idToken(ctx.idp.options.issuer));
}
