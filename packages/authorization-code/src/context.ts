import {
  type Clock,
  cachedStore,
  clientSecrets,
  createOAuthFetch,
  type EventSink,
  type FetchLike,
  type Lock,
  type Logger,
  type SecretView,
  type ServerRecords,
  type Store,
  safeLogger,
  serverKey,
  serverRecords,
  systemClock,
  type Tokens,
} from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import { normalizeErrors } from '@mcp-oauth/normalize-errors';
import type { AuthorizationCodeOptions } from './options.js';

/** Everything one strategy instance shares between its parts. @internal */
export interface Context {
  readonly options: AuthorizationCodeOptions;
  readonly serverUrl: string;
  /** The server key (SPEC K1), computed once. */
  readonly key: Promise<string>;
  /** The store behind a read cache (writes through it are seen at once). */
  readonly store: Store;
  readonly records: ServerRecords;
  readonly secrets: SecretView;
  readonly lock: Lock;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly emit: EventSink;
  /** Fetch for OAuth requests: timeout, size cap (F1, F3) and error normalisation (F2). */
  readonly oauthFetch: FetchLike;
  /** AS metadata cached in memory, by AS URL (SPEC D5). */
  readonly metadata: Map<string, AuthorizationServerMetadata>;
  readonly refreshWindowMs: number;
  readonly random: () => number;
  /** PKCE verifier of the flow in progress (SPEC I1 `verifier`). */
  verifier: string | undefined;
  /** Step-up pending in this process (SPEC S1). */
  stepUpScope: string | undefined;
  /** `scope` of the server's last 401 challenge (MCP scope selection: challenge first). */
  challengeScope: string | undefined;
  /** Authorization attempts per step-up challenge (SPEC S4). */
  readonly stepUpAttempts: Map<string, number>;
  /** The refresh in flight, shared by concurrent callers (SPEC T3). */
  refreshing: Promise<Tokens | undefined> | undefined;
}

/** Builds the shared context from validated options. @internal */
export function createContext(options: AuthorizationCodeOptions): Context {
  const clock = options.clock ?? systemClock;
  const store = options.store.capabilities?.cachedReads
    ? options.store
    : cachedStore(options.store, { clock, ttlMs: options.storeTtlMs ?? 5000 });
  const logger = safeLogger(options.logger);
  const onEvent = options.onEvent;
  return {
    options,
    serverUrl: options.server.url,
    key: serverKey(options.server),
    store,
    records: serverRecords(store),
    secrets: clientSecrets(options.store),
    lock: options.lock ?? (options.store as unknown as Lock),
    clock,
    logger,
    emit: (event) => {
      try {
        onEvent?.(event);
      } catch (error) {
        logger.warn('event handler threw', error);
      }
    },
    oauthFetch: normalizeErrors(createOAuthFetch(options.fetch ? { fetch: options.fetch } : {})),
    metadata: new Map(),
    refreshWindowMs: (options.refreshWindowSeconds ?? 300) * 1000,
    random: options.random ?? Math.random,
    verifier: undefined,
    stepUpScope: undefined,
    challengeScope: undefined,
    stepUpAttempts: new Map(),
    refreshing: undefined,
  };
}
