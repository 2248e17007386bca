import { type StrategyOptions, validateStrategyOptions } from '@mcp-oauth/oauth';

/** What the person needs to log in on another device (RFC 8628 §3.2, SPEC G1). */
export interface DeviceUserCode {
  /** The code to type at {@link verificationUri}. */
  readonly userCode: string;
  /** Where to log in. */
  readonly verificationUri: string;
  /** The same page with the code filled in, when the server offers one (shown as a QR code). */
  readonly verificationUriComplete?: string;
  /** When the code stops working, epoch ms. */
  readonly expiresAt: number;
}

/** Where the default prompt is written: `process.stderr` or any stream. */
export interface PromptOutput {
  write(text: string): unknown;
  /** A terminal: the QR code is drawn only there unless `qr` says otherwise. */
  readonly isTTY?: boolean;
}

/** Options of {@link deviceCode}. */
export interface DeviceCodeOptions extends StrategyOptions {
  /** Scope to request; else the server's challenge, else metadata (SPEC D6). */
  readonly scope?: string;
  /** Pre-registered client id; else one is registered (RFC 7591) for the device grant. */
  readonly clientId?: string;
  /** Secret of a pre-registered confidential client. */
  readonly clientSecret?: string;
  /** Name shown on the consent screen; the server name is appended. */
  readonly clientName?: string;
  /**
   * Shows the code to the person instead of the default prompt on stderr
   * (SPEC G1): a GUI, a chat message, a log line of the app's.
   */
  readonly onUserCode?: (code: DeviceUserCode) => void | Promise<void>;
  /** Where the default prompt goes. Default `process.stderr`. */
  readonly output?: PromptOutput;
  /** Draw `verification_uri_complete` as a QR code: `'auto'` (default) only when the output is a TTY. */
  readonly qr?: boolean | 'auto';
  /** Extra parameters of the device authorization request (Auth0's `audience`, SPEC Q1). */
  readonly authorizationParams?: Readonly<Record<string, string>>;
  /** Polling interval when the server names none, seconds. Default 5 (RFC 8628 §3.5). */
  readonly defaultIntervalSeconds?: number;
}

/** Parameters the strategy sets itself; `authorizationParams` may not override them. */
const RESERVED = new Set([
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
  'grant_type',
  'device_code',
]);

/** Validates options up front with clear `TypeError`s. */
export function validateOptions(options: DeviceCodeOptions): void {
  validateStrategyOptions('deviceCode()', options);
  if (options.onUserCode !== undefined && typeof options.onUserCode !== 'function') {
    throw new TypeError('deviceCode() requires onUserCode to be a function');
  }
  if (options.output !== undefined && typeof options.output?.write !== 'function') {
    throw new TypeError('deviceCode() requires output to have write(), like process.stderr');
  }
  const interval = options.defaultIntervalSeconds;
  if (interval !== undefined && !(Number.isFinite(interval) && interval >= 1)) {
    throw new TypeError('deviceCode() requires defaultIntervalSeconds to be at least 1');
  }
  for (const name of Object.keys(options.authorizationParams ?? {})) {
    if (RESERVED.has(name)) {
      throw new TypeError(`deviceCode() sets ${name} itself; remove it from authorizationParams`);
    }
  }
}
