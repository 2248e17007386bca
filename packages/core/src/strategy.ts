import type { Clock } from './clock.js';
import type { EventSink, Logger } from './events.js';
import type { FetchLike } from './fetch.js';
import type { InvalidationScope, Tokens } from './records.js';
import type { Lock, Store } from './store.js';

/** What a strategy factory receives: nothing global is created or patched. */
export interface StrategyContext {
  /** Where credentials live. */
  readonly store: Store;
  /** Cross-process lock matching the store. */
  readonly lock: Lock;
  /** Fetch used for every OAuth request. */
  readonly fetch: FetchLike;
  /** Injected time. */
  readonly clock: Clock;
  /** Redacting logger. */
  readonly logger: Logger;
  /** Event sink. */
  readonly onEvent: EventSink;
}

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
}
