import { createStrategyContext, type RefreshingContext, withRefresher } from '@mcp-oauth/oauth';
import { lookupClient } from './client.js';
import { type AuthorizationCodeOptions, validateOptions } from './options.js';

/** The runtime context plus this strategy's per-session state. @internal */
export interface Context extends RefreshingContext {
  readonly options: AuthorizationCodeOptions;
  /** PKCE verifier of the flow in progress (SPEC I1 `verifier`). */
  verifier: string | undefined;
  /** Step-up pending in this process (SPEC S1). */
  stepUpScope: string | undefined;
  /** `scope` of the server's last 401 challenge (MCP scope selection: challenge first). */
  challengeScope: string | undefined;
  /** Authorization attempts per step-up challenge (SPEC S4). */
  readonly stepUpAttempts: Map<string, number>;
}

/** Validates the options and builds the shared context. @internal */
export function createContext(options: AuthorizationCodeOptions): Context {
  validateOptions(options);
  return withRefresher(
    {
      ...createStrategyContext('authorizationCode()', options),
      options,
      verifier: undefined,
      stepUpScope: undefined,
      challengeScope: undefined,
      stepUpAttempts: new Map<string, number>(),
    },
    async (ctx) => lookupClient(ctx as Context, await ctx.serverKey),
  );
}
