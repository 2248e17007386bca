import {
  type Awaitable,
  cachedStore,
  clientSecrets,
  createOAuthFetch,
  type EventSink,
  type SecretView,
  type ServerRecord,
  type ServerRecords,
  StoreKeys,
  type StrategyContext,
  safeLogger,
  serverKey,
  serverRecords,
  systemClock,
} from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import { normalizedFetch } from './deferred.js';
import { DEFAULT_REFRESH_WINDOW_MS } from './expiry.js';
import { lockOf, type StrategyOptions, validateStrategyOptions } from './options.js';

/** The shared context of one strategy instance, with the views every strategy uses. */
export interface RuntimeContext extends StrategyContext {
  /** The server's records in the (cached) store. */
  readonly records: ServerRecords;
  /** Client secrets, read past the cache. */
  readonly secrets: SecretView;
  /** Authorization server metadata cached in memory, by AS URL (SPEC D5). */
  readonly metadata: Map<string, AuthorizationServerMetadata>;
  /** The proactive renewal window (SPEC T3). */
  readonly refreshWindowMs: number;
  /** Random source for back-offs. */
  readonly random: () => number;
  /** Plain http to non-loopback hosts allowed (development only, SPEC D9). */
  readonly allowInsecure: boolean;
  /** No RFC 8707 `resource` parameter in any request (SPEC Q1). */
  readonly omitResource: boolean;
  /**
   * The store's change notification for a server's record (given its server
   * key, as `records` is), when the store has one ({@link Store.changed}).
   */
  readonly changed?: ((serverKey: string, signal: AbortSignal) => Promise<void>) | undefined;
  /** The server key once {@link StrategyContext.serverKey} has settled, for the no-await hot path. */
  readonly serverKeyNow: () => string | undefined;
  /**
   * The server's record from the (cached) store, once {@link serverKeyNow}
   * has a key: `records.get` with the record's store key built once, not
   * concatenated and hashed afresh before every MCP request.
   */
  readonly recordNow: () => Awaitable<ServerRecord | undefined>;
}

/**
 * Builds a strategy's context once (after {@link validateStrategyOptions}):
 * the store behind a read cache unless it caches itself (SPEC T7), a
 * redacting logger (SPEC A14), a guarded event sink, and the OAuth fetch
 * wrapped exactly once (timeout and size cap, SPEC F1, F3; error
 * normalisation, SPEC F2), and the DPoP prover for the server's record
 * when the strategy was given `dpop` (SPEC P5).
 */
export function createStrategyContext(factory: string, options: StrategyOptions): RuntimeContext {
  validateStrategyOptions(factory, options);
  const clock = options.clock ?? systemClock;
  const store = options.store.capabilities?.cachedReads
    ? options.store
    : cachedStore(options.store, { clock, ttlMs: options.storeTtlMs ?? 5000 });
  const logger = safeLogger(options.logger);
  const handler = options.onEvent;
  const onEvent: EventSink = (event) => {
    try {
      handler?.(event);
    } catch (error) {
      logger.warn('event handler threw', error);
    }
  };
  let known: string | undefined;
  let recordKey = '';
  const key = serverKey(options.server).then((computed) => {
    recordKey = StoreKeys.server(computed);
    known = computed;
    return computed;
  });
  const records = serverRecords(store);
  return {
    server: options.server,
    serverKey: key,
    serverKeyNow: () => known,
    recordNow: () => store.get<ServerRecord>(recordKey),
    store,
    // validateStrategyOptions has refused options without a lock.
    lock: lockOf(options)!,
    fetch: normalizedFetch(createOAuthFetch(options.fetch ? { fetch: options.fetch } : {})),
    clock,
    logger,
    onEvent,
    records,
    secrets: clientSecrets(options.store),
    metadata: new Map(),
    refreshWindowMs:
      options.refreshWindowSeconds === undefined
        ? DEFAULT_REFRESH_WINDOW_MS
        : options.refreshWindowSeconds * 1000,
    random: options.random ?? Math.random,
    allowInsecure: options.allowInsecureUrls ?? false,
    omitResource: options.omitResource ?? false,
    dpop: options.dpop?.forServer({ serverKey: key, records, clock, logger }),
    // The record lives under its store key, like every `records` call.
    changed:
      options.store.changed &&
      ((k, signal) => options.store.changed!(StoreKeys.server(k), { signal })),
  };
}
