import type { BrowserOption } from '@mcp-oauth/loopback';
import { type StrategyOptions, validateStrategyOptions } from '@mcp-oauth/oauth';
import { nodeCrypto } from './node-crypto.js';

/** Options of {@link authorizationCode}. */
export interface AuthorizationCodeOptions extends StrategyOptions {
  /**
   * Callback port (SPEC A2): a number, `'auto'` for a free one, or
   * `'stable'` for one derived from the server URL (see
   * {@link stableCallbackPort}), so a pre-registered client can list its
   * exact redirect URI (SPEC Q1). Default `'auto'`.
   */
  readonly callbackPort?: number | 'auto' | 'stable';
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
  readonly openBrowser?: BrowserOption;
  /** Called with the authorization URL before any browser opens, so a UI can show it (SPEC A11). */
  readonly onAuthorizationUrl?: (url: string) => void;
  /** Lines the user pastes (full callback URLs) for remote machines (SPEC A5). */
  readonly manualInput?: () => AsyncIterable<string>;
  /** Time allowed for the interactive flow. Default 5 minutes (SPEC A7). */
  readonly timeoutMs?: number;
  /** Proceed when metadata does not list S256 (some providers omit it); logs a warning (SPEC C7). */
  readonly allowMissingS256?: boolean;
  /**
   * Extra authorization request parameters (SPEC Q1): Google's
   * `{ access_type: 'offline', prompt: 'consent' }` for a refresh token,
   * Auth0's `{ audience }` for an access token for your API. The flow's
   * own parameters cannot be overridden.
   */
  readonly authorizationParams?: Readonly<Record<string, string>>;
}

/** Where {@link stableCallbackPort} puts ports: above the well-known and registered ones, below every OS's ephemeral range. */
export const STABLE_PORT_RANGE = { first: 20000, last: 32767 } as const;

/**
 * The callback port `callbackPort: 'stable'` uses for a server (SPEC Q1):
 * the same for the same URL on every machine and run, so the redirect URI
 * `http://127.0.0.1:<port>/callback` can be registered in advance with a
 * provider that wants it exact. Derived from SHA-256 of the URL, in
 * 20000–32767 (clear of the Linux, macOS and Windows ephemeral ranges).
 */
export function stableCallbackPort(serverUrl: string): number {
  const digest = nodeCrypto().createHash('sha256').update(new URL(serverUrl).href).digest();
  const span = STABLE_PORT_RANGE.last - STABLE_PORT_RANGE.first + 1;
  return STABLE_PORT_RANGE.first + (digest.readUInt32BE(0) % span);
}

/** The port to listen on: 0 (free) for `'auto'` or none, the stable one, or the number. @internal */
export function callbackPortOf(
  option: AuthorizationCodeOptions['callbackPort'],
  serverUrl: string,
) {
  if (option === undefined || option === 'auto') return 0;
  return option === 'stable' ? stableCallbackPort(serverUrl) : option;
}

/** Parameters of the flow itself; `authorizationParams` may not set them. */
const FLOW_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
];

/** Validates options up front with clear `TypeError`s. */
export function validateOptions(options: AuthorizationCodeOptions): void {
  validateStrategyOptions('authorizationCode()', options);
  const port = options.callbackPort;
  if (
    port !== undefined &&
    port !== 'auto' &&
    port !== 'stable' &&
    !(Number.isInteger(port) && port > 0 && port < 65536)
  ) {
    throw new TypeError(
      "authorizationCode() requires a redirect port between 1 and 65535, 'auto' or 'stable'",
    );
  }
  if (
    options.clientMetadataUrl !== undefined &&
    !options.clientMetadataUrl.startsWith('https://')
  ) {
    throw new TypeError('authorizationCode() requires clientMetadataUrl to be an https URL');
  }
  for (const name of Object.keys(options.authorizationParams ?? {})) {
    if (FLOW_PARAMS.includes(name)) {
      throw new TypeError(
        `authorizationCode() sets ${name} itself; remove it from authorizationParams`,
      );
    }
  }
}
