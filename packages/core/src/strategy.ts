import type { Clock } from './clock.js';
import type { DPoPProver } from './dpop.js';
import type { EventSink, Logger } from './events.js';
import type { FetchLike } from './fetch.js';
import type { InvalidationScope, Tokens } from './records.js';
import type { ServerIdentity } from './server-key.js';
import type { Lock, Store } from './store.js';

/**
 * What every strategy runs on, built once per strategy instance by
 * `createStrategyContext` in `@mcp-oauth/oauth`: nothing global is created
 * or patched.
 */
export interface StrategyContext {
  /** The MCP server the strategy authenticates to. */
  readonly server: ServerIdentity;
  /** Its server key (SPEC K1), computed once. */
  readonly serverKey: Promise<string>;
  /** Where credentials live, behind a read cache when the store has none. */
  readonly store: Store;
  /** Cross-process lock: the store's own, or the one given. */
  readonly lock: Lock;
  /** Fetch for every OAuth request: timeout, size cap, error normalisation, wrapped once. */
  readonly fetch: FetchLike;
  /** Injected time. */
  readonly clock: Clock;
  /** Redacting logger. */
  readonly logger: Logger;
  /** Event sink; a throwing handler is logged, never propagated. */
  readonly onEvent: EventSink;
  /** DPoP for this server, when the strategy was given the `dpop` option (SPEC P5). */
  readonly dpop?: DPoPProver | undefined;
}

/** A resource server's refusal, as a binding saw it on an MCP request. */
export interface ResourceChallenge {
  /** 401 or 403. */
  readonly status: number;
  /** The `WWW-Authenticate` header, when there was one. */
  readonly wwwAuthenticate: string | null;
  /** The access token the refused request carried. */
  readonly rejectedToken?: string | undefined;
}

/** What a binding does after a {@link ResourceChallenge}. */
export type ChallengeOutcome =
  /** Retry the request once with these tokens. */
  | { readonly kind: 'retry'; readonly tokens: Tokens }
  /** Only the user can help: `authorize()`, then retry. */
  | {
      readonly kind: 'authorize';
      readonly reason: 'login' | 'step_up';
      readonly scope?: string;
      readonly message: string;
    }
  /** Hand the response to the caller; `dropChallenge` strips `WWW-Authenticate` so an SDK does not act on it. */
  | { readonly kind: 'pass'; readonly dropChallenge?: boolean };

/** Per-call options of a strategy. */
export interface CallOptions {
  /** Cancels the call. */
  readonly signal?: AbortSignal;
}

/** Options of {@link Strategy.logout}. */
export interface LogoutOptions extends CallOptions {
  /** Keep the step-up scope and discovery URLs for an immediate re-authentication (SPEC V7). */
  readonly keepDiscovery?: boolean;
}

/** How tokens are obtained for one server. */
export interface Strategy {
  /** Short name, for logs and reports. */
  readonly name: string;
  /**
   * DPoP for this server (SPEC P5): the bindings send a token whose
   * `token_type` is `DPoP` with `Authorization: DPoP` and a proof.
   */
  readonly dpop?: DPoPProver | undefined;
  /**
   * Non-interactive path, called before every MCP request: stored tokens,
   * refreshed or silently exchanged ones, or `undefined` when the user must
   * authorize. No blocking I/O when a valid token is cached (SPEC T7).
   */
  tokens(options?: CallOptions): Promise<Tokens | undefined>;
  /** Interactive path: runs the authorization flow and resolves with fresh tokens. */
  authorize(options?: CallOptions): Promise<Tokens>;
  /** Signs out: revokes at the server where possible and clears local tokens. */
  logout?(options?: LogoutOptions): Promise<void>;
  /** Clears part of the stored state (SPEC I1). */
  invalidate?(scope: InvalidationScope | 'verifier'): Promise<void>;
  /** The server key (SPEC K1) the strategy's credentials are stored under. */
  serverKey(): Promise<string>;
  /**
   * A resource server refused a request (401, or 403 `insufficient_scope`):
   * renew what can be renewed without the user, remember what the challenge
   * asked for, and say what the binding should do (SPEC B2, B3).
   */
  challenge(challenge: ResourceChallenge, options?: CallOptions): Promise<ChallengeOutcome>;
}
