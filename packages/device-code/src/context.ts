import type { ClientInformation } from '@mcp-oauth/core';
import { createStrategyContext, type RefreshingContext, withRefresher } from '@mcp-oauth/oauth';
import { type DeviceCodeOptions, validateOptions } from './options.js';

/** The runtime context plus this strategy's per-session state. @internal */
export interface Context extends RefreshingContext {
  readonly options: DeviceCodeOptions;
  /** Scope the server's last challenge asked for (401 `scope`, or a 403 step-up), for the next login. */
  challengeScope: string | undefined;
}

/**
 * The client a refresh or sign-out authenticates as: the one stored with
 * the tokens, else the configured one. @internal
 */
export async function lookupClient(ctx: Context): Promise<ClientInformation | undefined> {
  const stored = (await ctx.records.get(await ctx.serverKey))?.client;
  if (stored?.client_id) return stored;
  return configuredClient(ctx);
}

/** The pre-registered client of the options, if any. @internal */
export function configuredClient(ctx: Context): ClientInformation | undefined {
  const { clientId, clientSecret } = ctx.options;
  if (!clientId) return undefined;
  return { client_id: clientId, ...(clientSecret ? { client_secret: clientSecret } : {}) };
}

/** Validates the options and builds the shared context. @internal */
export function createContext(options: DeviceCodeOptions): Context {
  validateOptions(options);
  return withRefresher(
    {
      ...createStrategyContext('deviceCode()', options),
      options,
      challengeScope: undefined,
    },
    (ctx) => lookupClient(ctx as Context),
  );
}
