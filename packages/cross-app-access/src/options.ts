import {
  type Clock,
  ErrorCode,
  type EventSink,
  type FetchLike,
  type Lock,
  type Logger,
  McpOAuthError,
  type ServerIdentity,
  type Store,
} from '@mcp-oauth/core';
import type { IdpConnection } from './idp-connection.js';

/** Options of {@link crossAppAccess}: one MCP server that authenticates by cross-app access. */
export interface CrossAppAccessOptions {
  /** The MCP server: name, transport type, URL and headers (its identity, SPEC K1). */
  readonly server: ServerIdentity;
  /** Where credentials, client secrets and the IdP id_token live. */
  readonly store: Store;
  /**
   * The IdP connection from {@link idpConnection}, shared by every cross-app
   * server. Leaving it out while a server is set up for cross-app access is
   * an error, never a silent fallback to the consent flow (SPEC X1).
   */
  readonly idp: IdpConnection | undefined;
  /** The client id of this app at the MCP server's authorization server (SPEC X3). */
  readonly clientId: string;
  /** The AS client secret; saved to the store on first use. Else it must already be stored (SPEC X3). */
  readonly clientSecret?: string | undefined;
  /** Scope to ask the IdP to put in the ID-JAG. Default none (the AS decides). */
  readonly scope?: string;
  /** Cross-process lock (SPEC X12). Default: the store itself when it has `withLock`. */
  readonly lock?: Lock;
  /** Fetch for OAuth requests. Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Injected time. */
  readonly clock?: Clock;
  /** Debug and warning lines, redacted before they arrive (SPEC A14). */
  readonly logger?: Partial<Logger>;
  /** Receives cross-app access and refresh events (SPEC X5, X9, R6). */
  readonly onEvent?: EventSink;
  /** Re-authenticate when the token expires within this many seconds. Default 300. */
  readonly refreshWindowSeconds?: number;
  /** How long cached reads are trusted. Default 5 s (SPEC T7). */
  readonly storeTtlMs?: number;
  /** Development only: allow plain http to non-loopback hosts (SPEC D9). */
  readonly allowInsecureUrls?: boolean;
  /** Random source for the lock back-off, injectable for tests. */
  readonly random?: () => number;
}

const configuration = (message: string) => new McpOAuthError(ErrorCode.Configuration, message);

/**
 * Validates options up front: `TypeError` for malformed values, a
 * `CONFIGURATION` error naming what to set for missing configuration
 * (SPEC X1–X3).
 */
export function validateOptions(options: CrossAppAccessOptions): void {
  if (!options || typeof options !== 'object') {
    throw new TypeError('crossAppAccess() requires an options object');
  }
  const { server, store } = options;
  if (!server || typeof server.name !== 'string' || !server.name) {
    throw new TypeError('crossAppAccess() requires server.name');
  }
  if (typeof server.type !== 'string' || !server.type) {
    throw new TypeError('crossAppAccess() requires server.type (for example "streamable-http")');
  }
  try {
    const url = new URL(server.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw new TypeError(
      `crossAppAccess() requires server.url to be an http(s) URL, got ${String(server.url)}`,
    );
  }
  if (!store || typeof store.get !== 'function' || typeof store.update !== 'function') {
    throw new TypeError('crossAppAccess() requires a store (see @mcp-oauth/core Store)');
  }
  if (typeof (options.lock ?? (store as Partial<Lock>)).withLock !== 'function') {
    throw new TypeError(
      'crossAppAccess() requires a lock: pass options.lock, or a store that has withLock',
    );
  }
  if (!options.idp?.options) {
    throw configuration(
      `Server "${server.name}" is set up for cross-app access, but cross-app access is off: no IdP connection is configured. Configure it once with idpConnection({ issuer, clientId }) and pass it as \`idp\`, or use @mcp-oauth/authorization-code for this server. The browser consent flow is never used as a silent fallback.`,
    );
  }
  if (!options.clientId) {
    throw configuration(
      `Server "${server.name}" uses cross-app access but names no client id at its authorization server. Set clientId (and store the client secret) in its configuration.`,
    );
  }
}
