import {
  createRefresher,
  createStrategyContext,
  type Refresher,
  type RuntimeContext,
} from '@mcp-oauth/oauth';
import { lookupClient } from './client.js';
import { type AuthorizationCodeOptions, validateOptions } from './options.js';

/** Everything one strategy instance shares between its parts. @internal */
export interface Context extends RuntimeContext {
  readonly options: AuthorizationCodeOptions;
  /** The refresh-token grant, one in flight per process (SPEC R1–R8, T3). */
  readonly refresh: Refresher;
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
  const runtime = createStrategyContext('authorizationCode()', options);
  const ctx: Context = {
    ...runtime,
    options,
    refresh: (refreshOptions) => refresh(refreshOptions),
    verifier: undefined,
    stepUpScope: undefined,
    challengeScope: undefined,
    stepUpAttempts: new Map(),
  };
  const refresh = createRefresher(ctx, async () => lookupClient(ctx, await ctx.serverKey));
  return ctx;
}
