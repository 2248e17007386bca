import type { IdTokenRecord } from '@mcp-oauth/core';
import { ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import type { Configuration } from 'openid-client';

/** Options of {@link idpConnection}: the company IdP, configured once for every server (SPEC X2). */
export interface IdpConnectionOptions {
  /** OIDC issuer of the company IdP, for example `https://acme.okta.com`. */
  readonly issuer: string;
  /** The client id this app is registered under at the IdP. */
  readonly clientId: string;
  /**
   * The IdP client secret, when the IdP registration is confidential. Saved
   * to the store keyed by issuer on first use (SPEC X4); without one, PKCE alone.
   */
  readonly clientSecret?: string;
  /** Loopback callback port registered at the IdP, or `'auto'` for a free one. Default `'auto'`. */
  readonly callbackPort?: number | 'auto';
  /** Scope of the IdP login; `openid` is always included. Default `openid`. */
  readonly scope?: string;
  /** Open the system browser (default), or a function that opens the URL and says whether it could. */
  readonly openBrowser?: boolean | ((url: string) => Promise<boolean>);
  /** Called with the IdP authorization URL before any browser opens, so a UI can show it. */
  readonly onAuthorizationUrl?: (url: string) => void;
  /** Time allowed for the IdP login. Default 5 minutes. */
  readonly timeoutMs?: number;
}

/**
 * The IdP connection: configuration plus the state every cross-app server of
 * this IdP shares, so one browser login serves them all (SPEC X5). Create it
 * once with {@link idpConnection} and pass it to every `crossAppAccess()`.
 */
export interface IdpConnection {
  /** The validated options. */
  readonly options: Readonly<IdpConnectionOptions>;
}

/** What one connection shares between the servers that use it. @internal */
export interface IdpShared {
  /** OIDC discovery of the IdP (SPEC X6), once per connection. */
  configuration?: Promise<Configuration> | undefined;
  /** The browser login in flight (SPEC X5: one pop for every server). */
  login?: Promise<IdTokenRecord> | undefined;
}

const shared = new WeakMap<IdpConnection, IdpShared>();

/** The shared state of a connection. @internal */
export function sharedState(connection: IdpConnection): IdpShared {
  const state = shared.get(connection) ?? {};
  shared.set(connection, state);
  return state;
}

const missing = (what: string) =>
  new McpOAuthError(
    ErrorCode.Configuration,
    `Cross-app access needs the IdP ${what}. Set it once for all servers: idpConnection({ issuer: 'https://your-idp.example.com', clientId: '<client id registered at the IdP>' }).`,
  );

/**
 * Configures the company IdP once for all cross-app servers (SPEC X2).
 *
 * @throws McpOAuthError `CONFIGURATION` when the issuer or client id is
 *   missing; TypeError for an invalid issuer URL or callback port.
 */
export function idpConnection(options: IdpConnectionOptions): IdpConnection {
  if (!options || typeof options !== 'object') throw missing('connection (issuer and client id)');
  if (!options.issuer) throw missing('issuer (the OIDC issuer URL of your company IdP)');
  if (!options.clientId) throw missing('client id (clientId, as registered at the IdP)');
  try {
    const url = new URL(options.issuer);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw new TypeError(
      `idpConnection() requires issuer to be an https URL, got ${options.issuer}`,
    );
  }
  const port = options.callbackPort;
  if (
    port !== undefined &&
    port !== 'auto' &&
    !(Number.isInteger(port) && port > 0 && port < 65536)
  ) {
    throw new TypeError("idpConnection() requires a callback port between 1 and 65535, or 'auto'");
  }
  return { options: Object.freeze({ ...options }) };
}
