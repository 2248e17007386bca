import type {
  Clock,
  EventSink,
  FetchLike,
  Lock,
  Logger,
  ServerIdentity,
  Store,
} from '@mcp-oauth/core';

/** Options of {@link authorizationCode}. */
export interface AuthorizationCodeOptions {
  /** The MCP server: name, transport type, URL and headers (its identity, SPEC K1). */
  readonly server: ServerIdentity;
  /** Where credentials live. */
  readonly store: Store;
  /** Cross-process lock for refresh (SPEC R1). Default: the store itself when it has `withLock`. */
  readonly lock?: Lock;
  /** Fetch for OAuth requests. Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Injected time. */
  readonly clock?: Clock;
  /** Debug and warning lines, redacted before they arrive (SPEC A14). */
  readonly logger?: Partial<Logger>;
  /** Receives authorization and refresh events (SPEC A13, R6). */
  readonly onEvent?: EventSink;
  /** Callback port, or `'auto'` for a free one (SPEC A2). Default `'auto'`. */
  readonly callbackPort?: number | 'auto';
  /** Redirect host; `localhost` only where an AS demands it. Default `127.0.0.1`. */
  readonly redirectHost?: '127.0.0.1' | 'localhost';
  /** Scope to request when neither a step-up nor metadata says otherwise. */
  readonly scope?: string;
  /** Pre-registered client id (SPEC C3). */
  readonly clientId?: string;
  /** Secret of the pre-registered client; else the client-secret store or `clientSecretEnv` (SPEC C6). */
  readonly clientSecret?: string;
  /** Environment variable holding the client secret (SPEC C6). */
  readonly clientSecretEnv?: string;
  /** HTTPS client ID metadata document URL (SPEC C2); overridable by `MCP_OAUTH_CLIENT_METADATA_URL`. */
  readonly clientMetadataUrl?: string;
  /** Name shown on the consent screen; the server name is appended (SPEC C1). */
  readonly clientName?: string;
  /** Open the system browser (default), or a function that opens the URL and says whether it could. */
  readonly openBrowser?: boolean | ((url: string) => Promise<boolean>);
  /** Called with the authorization URL before any browser opens, so a UI can show it (SPEC A11). */
  readonly onAuthorizationUrl?: (url: string) => void;
  /** Lines the user pastes (full callback URLs) for remote machines (SPEC A5). */
  readonly manualInput?: () => AsyncIterable<string>;
  /** Time allowed for the interactive flow. Default 5 minutes (SPEC A7). */
  readonly timeoutMs?: number;
  /** Refresh when the token expires within this many seconds. Default 300 (SPEC T3). */
  readonly refreshWindowSeconds?: number;
  /** How long cached reads are trusted. Default 5 s (SPEC T7). */
  readonly storeTtlMs?: number;
  /** Development only: allow plain http to non-loopback hosts (SPEC D9). */
  readonly allowInsecureUrls?: boolean;
  /** Proceed when metadata does not list S256 (some providers omit it); logs a warning (SPEC C7). */
  readonly allowMissingS256?: boolean;
  /** Random source for the lock back-off, injectable for tests. */
  readonly random?: () => number;
}

/** Validates options up front with clear `TypeError`s. */
export function validateOptions(options: AuthorizationCodeOptions): void {
  if (!options || typeof options !== 'object') {
    throw new TypeError('authorizationCode() requires an options object');
  }
  const { server, store } = options;
  if (!server || typeof server.name !== 'string' || !server.name) {
    throw new TypeError('authorizationCode() requires server.name');
  }
  if (typeof server.type !== 'string' || !server.type) {
    throw new TypeError('authorizationCode() requires server.type (for example "streamable-http")');
  }
  try {
    const url = new URL(server.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw new TypeError(
      `authorizationCode() requires server.url to be an http(s) URL, got ${String(server.url)}`,
    );
  }
  if (!store || typeof store.get !== 'function' || typeof store.update !== 'function') {
    throw new TypeError('authorizationCode() requires a store (see @mcp-oauth/core Store)');
  }
  const port = options.callbackPort;
  if (
    port !== undefined &&
    port !== 'auto' &&
    !(Number.isInteger(port) && port > 0 && port < 65536)
  ) {
    throw new TypeError(
      "authorizationCode() requires a redirect port between 1 and 65535, or 'auto'",
    );
  }
  const lock = options.lock ?? (store as Partial<Lock>);
  if (typeof lock.withLock !== 'function') {
    throw new TypeError(
      'authorizationCode() requires a lock: pass options.lock, or a store that has withLock',
    );
  }
  if (
    options.clientMetadataUrl !== undefined &&
    !options.clientMetadataUrl.startsWith('https://')
  ) {
    throw new TypeError('authorizationCode() requires clientMetadataUrl to be an https URL');
  }
}
