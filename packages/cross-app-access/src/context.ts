import { type AuthorizationCodeStrategy, authorizationCode } from '@mcp-oauth/authorization-code';
import {
  type Clock,
  cachedStore,
  createOAuthFetch,
  type EventSink,
  type FetchLike,
  type Lock,
  type Logger,
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
import type { IdpConnection } from './idp-connection.js';
import type { CrossAppAccessOptions } from './options.js';

/** Everything one strategy instance shares between its parts. @internal */
export interface Context {
  readonly options: CrossAppAccessOptions;
  readonly idp: IdpConnection;
  readonly serverUrl: string;
  /** The server key (SPEC K1), computed once. */
  readonly key: Promise<string>;
  /** The store behind a read cache, shared with the refresh path. */
  readonly store: Store;
  readonly records: ServerRecords;
  readonly lock: Lock;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly emit: EventSink;
  /** Fetch for OAuth requests: timeout, size cap and error normalisation (SPEC F1–F3). */
  readonly oauthFetch: FetchLike;
  /** AS metadata cached in memory, by AS URL (SPEC D5). */
  readonly metadata: Map<string, AuthorizationServerMetadata>;
  /** No silent exchange before this time, after one failed (spares an IdP in trouble). */
  silentPausedUntil: number;
  readonly refreshWindowMs: number;
  readonly random: () => number;
  /**
   * The normal token path (stored tokens, refresh under the R1 lock), reused
   * from the authorization code strategy; its interactive flow is never run.
   */
  readonly normal: AuthorizationCodeStrategy;
  /** The silent exchange in flight, shared by concurrent callers (SPEC X11). */
  exchanging: Promise<Tokens | undefined> | undefined;
}

/** Builds the shared context from validated options. @internal */
export function createContext(options: CrossAppAccessOptions): Context {
  const clock = options.clock ?? systemClock;
  // One cache for both paths, so a write by either is seen by the other at once.
  const store = options.store.capabilities?.cachedReads
    ? options.store
    : cachedStore(options.store, { clock, ttlMs: options.storeTtlMs ?? 5000 });
  const logger = safeLogger(options.logger);
  const lock = options.lock ?? (options.store as unknown as Lock);
  const emit: EventSink = (event) => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      logger.warn('event handler threw', error);
    }
  };
  return {
    options,
    idp: options.idp as IdpConnection,
    serverUrl: options.server.url,
    key: serverKey(options.server),
    store,
    records: serverRecords(store),
    lock,
    clock,
    logger,
    emit,
    oauthFetch: normalizeErrors(createOAuthFetch(options.fetch ? { fetch: options.fetch } : {})),
    metadata: new Map(),
    silentPausedUntil: 0,
    refreshWindowMs: (options.refreshWindowSeconds ?? 300) * 1000,
    random: options.random ?? Math.random,
    normal: authorizationCode({
      server: options.server,
      store,
      lock,
      clock,
      onEvent: emit,
      openBrowser: false,
      clientId: options.clientId,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
      ...(options.refreshWindowSeconds
        ? { refreshWindowSeconds: options.refreshWindowSeconds }
        : {}),
      ...(options.allowInsecureUrls ? { allowInsecureUrls: true } : {}),
      ...(options.random ? { random: options.random } : {}),
    }),
    exchanging: undefined,
  };
}
