import type { Tokens } from '@mcp-oauth/core';
import { createStrategyContext, type RefreshingContext, withRefresher } from '@mcp-oauth/oauth';
import type { IdpConnection } from './idp-connection.js';
import { type CrossAppAccessOptions, validateOptions } from './options.js';
import { asClient } from './secrets.js';

/**
 * The runtime context (refresh at the AS when it issued a refresh token)
 * plus the IdP connection and the silent exchange's state. @internal
 */
export interface Context extends RefreshingContext {
  readonly options: CrossAppAccessOptions;
  readonly idp: IdpConnection;
  /** No silent exchange before this time, after one failed (spares an IdP in trouble). */
  silentPausedUntil: number;
  /** The silent exchange in flight, shared by concurrent callers (SPEC X11). */
  exchanging: Promise<Tokens | undefined> | undefined;
}

/** Validates the options and builds the shared context. @internal */
export function createContext(options: CrossAppAccessOptions): Context {
  validateOptions(options);
  return withRefresher(
    {
      ...createStrategyContext('crossAppAccess()', options),
      options,
      idp: options.idp as IdpConnection,
      silentPausedUntil: 0,
      exchanging: undefined as Promise<Tokens | undefined> | undefined,
    },
    async (ctx) => asClient(ctx as Context, await ctx.serverKey),
  );
}
