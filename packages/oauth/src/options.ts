import type {
  Clock,
  DPoPOption,
  EventSink,
  FetchLike,
  Lock,
  Logger,
  ServerIdentity,
  Store,
} from '@mcp-oauth/core';

/** What every strategy factory takes besides its own options. */
export interface StrategyOptions {
  /** The MCP server: name, transport type, URL and headers (its identity, SPEC K1). */
  readonly server: ServerIdentity;
  /** Where credentials live. */
  readonly store: Store;
  /** Cross-process lock for renewal (SPEC R1). Default: the store's own; required when it has none. */
  readonly lock?: Lock;
  /** Fetch for OAuth requests. Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Injected time. */
  readonly clock?: Clock;
  /** Debug and warning lines, redacted before they arrive (SPEC A14). */
  readonly logger?: Partial<Logger>;
  /** Receives authorization, refresh and exchange events (SPEC A13, R6, X9). */
  readonly onEvent?: EventSink;
  /** Renew when the token expires within this many seconds. Default 300 (SPEC T3). */
  readonly refreshWindowSeconds?: number;
  /** How long cached reads are trusted. Default 5 s (SPEC T7). */
  readonly storeTtlMs?: number;
  /** Development only: allow plain http to non-loopback hosts (SPEC D9). */
  readonly allowInsecureUrls?: boolean;
  /** Random source for the lock back-off, injectable for tests. */
  readonly random?: () => number;
  /** DPoP-bound tokens (RFC 9449): `dpop()` from `@mcp-oauth/dpop` (SPEC P1–P5). */
  readonly dpop?: DPoPOption;
  /**
   * Leave the RFC 8707 `resource` parameter out of every request, refresh
   * included, for servers that refuse it (Microsoft Entra ID: AADSTS9010010,
   * SPEC Q1). Default false.
   */
  readonly omitResource?: boolean;
}

/** The longest server name: its longest store key must fit the 200 characters stores accept (SPEC H10). */
export const MAX_SERVER_NAME_LENGTH = 200 - 'client-secret:'.length - '|0123456789abcdef'.length;

/** No lone surrogates, no control characters. */
const isWellFormed = (text: string) =>
  [...text].every((char) => {
    const code = char.codePointAt(0) ?? 0;
    // A lone surrogate stays a single UTF-16 unit when iterated by code point.
    return code >= 0x20 && code !== 0x7f && (code < 0xd800 || code > 0xdfff);
  });

/** The lock a strategy uses: the option, else the store's own; `undefined` when neither exists. */
export function lockOf(options: Pick<StrategyOptions, 'lock' | 'store'>): Lock | undefined {
  if (options.lock) return options.lock;
  const store = options.store;
  if (typeof store.withLock !== 'function') return undefined;
  return { withLock: (name, fn, lockOptions) => store.withLock!(name, fn, lockOptions) };
}

/**
 * Checks the options every strategy shares, up front, with `TypeError`s
 * that say what to pass; `factory` names the strategy in the message
 * (for example `authorizationCode()`).
 */
export function validateStrategyOptions(factory: string, options: StrategyOptions): void {
  if (!options || typeof options !== 'object') {
    throw new TypeError(`${factory} requires an options object`);
  }
  const { server, store } = options;
  if (!server || typeof server.name !== 'string' || !server.name) {
    throw new TypeError(`${factory} requires server.name`);
  }
  if (typeof server.type !== 'string' || !server.type) {
    throw new TypeError(`${factory} requires server.type (for example "streamable-http")`);
  }
  let protocol = '';
  try {
    protocol = new URL(server.url).protocol;
  } catch {}
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new TypeError(
      `${factory} requires server.url to be an http(s) URL, got ${String(server.url)}`,
    );
  }
  // H10: the longest store key a strategy derives is `client-secret:<name>|<16 hex>`,
  // within the 200 characters every store accepts.
  if (server.name.length > MAX_SERVER_NAME_LENGTH || !isWellFormed(server.name)) {
    throw new TypeError(
      `${factory} requires server.name to be well-formed text of at most ${MAX_SERVER_NAME_LENGTH} characters`,
    );
  }
  if (!store || typeof store.get !== 'function' || typeof store.update !== 'function') {
    throw new TypeError(`${factory} requires a store (see @mcp-oauth/core Store)`);
  }
  if (options.lock !== undefined && typeof options.lock?.withLock !== 'function') {
    throw new TypeError(`${factory} requires options.lock to have withLock()`);
  }
  if (!lockOf(options)) {
    throw new TypeError(
      `${factory} requires a lock: this store has none of its own, so pass options.lock`,
    );
  }
  if (options.dpop !== undefined && typeof options.dpop?.forServer !== 'function') {
    throw new TypeError(
      `${factory} requires options.dpop to be a value from dpop() (@mcp-oauth/dpop)`,
    );
  }
  const window = options.refreshWindowSeconds;
  if (window !== undefined && !(Number.isFinite(window) && window >= 0)) {
    throw new TypeError(`${factory} requires refreshWindowSeconds to be a number of seconds >= 0`);
  }
}
