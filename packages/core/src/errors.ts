import type { DPoPErrorCode } from './dpop.js';

/** Stable error codes. Match on `error.code`, never on messages. */
export const ErrorCode = {
  /** The user or an abort signal cancelled the flow. */
  Cancelled: 'CANCELLED',
  /** A flow or request ran out of time. */
  Timeout: 'TIMEOUT',
  /** The callback's `state` did not match the flow's (possible CSRF). */
  StateMismatch: 'STATE_MISMATCH',
  /** An `issuer` or `iss` did not match the expected authorization server (mix-up defence). */
  IssuerMismatch: 'ISSUER_MISMATCH',
  /** Protected-resource metadata named another resource than the server URL (RFC 9728 §3.3). */
  ResourceMismatch: 'RESOURCE_MISMATCH',
  /** A URL failed the https-or-loopback rule or used a forbidden scheme. */
  InsecureUrl: 'INSECURE_URL',
  /** The authorization server does not support PKCE S256. */
  PkceUnsupported: 'PKCE_UNSUPPORTED',
  /** The server answered with an OAuth error response (`error` field). */
  OAuth: 'OAUTH_ERROR',
  /** The server answered with an unexpected HTTP status. */
  Http: 'HTTP_ERROR',
  /** A body was not the JSON document expected. */
  InvalidResponse: 'INVALID_RESPONSE',
  /** A body exceeded the size cap. */
  ResponseTooLarge: 'RESPONSE_TOO_LARGE',
  /** The loopback callback port is taken. */
  PortUnavailable: 'PORT_UNAVAILABLE',
  /** The loopback callback server could not start. */
  CallbackServerFailed: 'CALLBACK_SERVER_FAILED',
  /** A store operation failed. */
  Store: 'STORE_ERROR',
  /** A stored record could not be parsed; it was moved aside. */
  StoreCorrupt: 'STORE_CORRUPT',
  /** The store's backend (for example the OS keychain) is not reachable. */
  StoreUnavailable: 'STORE_UNAVAILABLE',
  /** A lock could not be acquired in time. */
  LockUnavailable: 'LOCK_UNAVAILABLE',
  /** Options or configuration are missing or invalid; the message says what to set. */
  Configuration: 'CONFIGURATION',
  /** Cross-app access token exchange failed; see `stage` and `shouldClearIdToken`. */
  Exchange: 'EXCHANGE_FAILED',
} as const;

/**
 * One of the {@link ErrorCode} values, or a code a package owns
 * (`DPOP_UNSUPPORTED` from `@mcp-oauth/dpop`; `ASSERTION_UNAVAILABLE` from
 * `@mcp-oauth/client-credentials`: a workload identity token is missing,
 * malformed or expired).
 */
export type ErrorCode =
  | (typeof ErrorCode)[keyof typeof ErrorCode]
  | DPoPErrorCode
  | 'ASSERTION_UNAVAILABLE';

/** Fields an error may carry besides its message. */
export interface McpOAuthErrorOptions extends ErrorOptions {
  /** OAuth `error` code from the server, when there was one. */
  oauthError?: string | undefined;
  /** OAuth `error_description` from the server. */
  errorDescription?: string | undefined;
  /** OAuth `error_uri` from the server. */
  errorUri?: string | undefined;
  /** HTTP status of the response that caused the error. */
  status?: number | undefined;
  /** The raw response, kept non-enumerable so it never lands in logs or JSON. */
  response?: Response | undefined;
}

const KINDS = Symbol.for('@mcp-oauth/error.kinds');

/**
 * Base class of every error this project throws. `instanceof` works across
 * two installed copies of the package because classes are matched by a
 * `Symbol.for` brand, not by identity.
 */
export class McpOAuthError extends Error {
  /** Brand of this class; subclasses override it. */
  static readonly kind: string = 'McpOAuthError';

  static override [Symbol.hasInstance](value: unknown): boolean {
    const kinds = (value as { [KINDS]?: unknown } | null)?.[KINDS];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` was asked about.
    return Array.isArray(kinds) && kinds.includes((this as typeof McpOAuthError).kind);
  }

  /** Stable code; see {@link ErrorCode}. */
  readonly code: ErrorCode;
  /** OAuth `error` from the server, when there was one. */
  readonly oauthError?: string;
  /** OAuth `error_description` from the server. */
  readonly errorDescription?: string;
  /** OAuth `error_uri` from the server. */
  readonly errorUri?: string;
  /** HTTP status, when the error came from a response. */
  readonly status?: number;
  /** The raw response (non-enumerable). */
  declare readonly response?: Response;

  constructor(code: ErrorCode, message: string, options: McpOAuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    const kinds: string[] = [];
    for (let c = new.target as typeof McpOAuthError; c?.kind; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, 'kind')) kinds.push(c.kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds });
    for (const field of ['oauthError', 'errorDescription', 'errorUri', 'status'] as const) {
      if (options[field] !== undefined) Object.assign(this, { [field]: options[field] });
    }
    if (options.response) Object.defineProperty(this, 'response', { value: options.response });
  }
}

/** The user or an abort signal cancelled an authorization flow. */
export class AuthenticationCancelledError extends McpOAuthError {
  static override readonly kind: string = 'AuthenticationCancelledError';
  constructor(message = 'Authorization was cancelled', options?: McpOAuthErrorOptions) {
    super(ErrorCode.Cancelled, message, options);
  }
}

/** An authorization flow or request timed out. */
export class AuthenticationTimeoutError extends McpOAuthError {
  static override readonly kind: string = 'AuthenticationTimeoutError';
  constructor(message = 'Authorization timed out', options?: McpOAuthErrorOptions) {
    super(ErrorCode.Timeout, message, options);
  }
}

/** The callback's `state` did not match: the response may be forged (CSRF). */
export class StateMismatchError extends McpOAuthError {
  static override readonly kind: string = 'StateMismatchError';
  constructor(
    message = 'OAuth state mismatch: possible CSRF attack',
    options?: McpOAuthErrorOptions,
  ) {
    super(ErrorCode.StateMismatch, message, options);
  }
}

/** An issuer did not match the authorization server it should be (RFC 8414 §3.3, RFC 9207). */
export class IssuerMismatchError extends McpOAuthError {
  static override readonly kind: string = 'IssuerMismatchError';
  constructor(expected: string, actual: string | undefined, options?: McpOAuthErrorOptions) {
    super(
      ErrorCode.IssuerMismatch,
      `Issuer mismatch: expected ${expected}, got ${actual ?? '(none)'}`,
      options,
    );
  }
}

/** The server answered with an OAuth error response or an unexpected status. */
export class OAuthResponseError extends McpOAuthError {
  static override readonly kind: string = 'OAuthResponseError';
}

/** A store or lock operation failed; `code` tells corrupt, unavailable or other. */
export class StoreError extends McpOAuthError {
  static override readonly kind: string = 'StoreError';
}

/** Cross-app access stages, in order (SPEC X9). */
export type CrossAppAccessStage = 'idp_login' | 'discovery' | 'token_exchange' | 'jwt_bearer';

/** Cross-app access failed at `stage`; `shouldClearIdToken` says whether the cached id_token is bad. */
export class ExchangeError extends McpOAuthError {
  static override readonly kind: string = 'ExchangeError';
  constructor(
    readonly stage: CrossAppAccessStage,
    message: string,
    readonly shouldClearIdToken: boolean,
    options?: McpOAuthErrorOptions,
  ) {
    super(ErrorCode.Exchange, message, options);
  }
}
