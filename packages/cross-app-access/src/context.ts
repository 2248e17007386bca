import type { Tokens } from '@mcp-oauth/core';
import {
  createRefresher,
  createStrategyContext,
  type Refresher,
  type RuntimeContext,
} from '@mcp-oauth/oauth';
import type { IdpConnection } from './idp-connection.js';
import { type CrossAppAccessOptions, validateOptions } from './options.js';
import { asClient } from './secrets.js';

/** Everything one strategy instance shares between its parts. @internal */
export interface Context extends RuntimeContext {
  readonly options: CrossAppAccessOptions;
  readonly idp: IdpConnection;
  /** The refresh-token grant at the AS, when it issued a refresh token (SPEC R1–R8). */
  readonly refresh: Refresher;
  /** No silent exchange before this time, after one failed (spares an IdP in trouble). */
  silentPausedUntil: number;
  /** The silent exchange in flight, shared by concurrent callers (SPEC X11). */
  exchanging: Promise<Tokens | undefined> | undefined;
}

/** Validates the options and builds the shared context. @internal */
export function createContext(options: CrossAppAccessOptions): Context {
  validateOptions(options);
  const ctx: Context = {
    ...createStrategyContext('crossAppAccess()', options),
    options,
    idp: options.idp as IdpConnection,
    refresh: (refreshOptions) => refresh(refreshOptions),
    silentPausedUntil: 0,
    exchanging: undefined,
  };
  const refresh = createRefresher(ctx, async () => asClient(ctx, await ctx.serverKey));
  return ctx;
}
