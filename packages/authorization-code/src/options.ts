import type { BrowserOption } from '@mcp-oauth/loopback';
import { type StrategyOptions, validateStrategyOptions } from '@mcp-oauth/oauth';

/** Options of {@link authorizationCode}. */
export interface AuthorizationCodeOptions extends StrategyOptions {
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
  readonly openBrowser?: BrowserOption;
  /** Called with the authorization URL before any browser opens, so a UI can show it (SPEC A11). */
  readonly onAuthorizationUrl?: (url: string) => void;
  /** Lines the user pastes (full callback URLs) for remote machines (SPEC A5). */
  readonly manualInput?: () => AsyncIterable<string>;
  /** Time allowed for the interactive flow. Default 5 minutes (SPEC A7). */
  readonly timeoutMs?: number;
  /** Proceed when metadata does not list S256 (some providers omit it); logs a warning (SPEC C7). */
  readonly allowMissingS256?: boolean;
}

/** Validates options up front with clear `TypeError`s. */
export function validateOptions(options: AuthorizationCodeOptions): void {
  validateStrategyOptions('authorizationCode()', options);
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
  if (
    options.clientMetadataUrl !== undefined &&
    !options.clientMetadataUrl.startsWith('https://')
  ) {
    throw new TypeError('authorizationCode() requires clientMetadataUrl to be an https URL');
  }
}
