import {
  AuthenticationTimeoutError,
  ErrorCode,
  type McpOAuthErrorOptions,
  OAuthResponseError,
} from '@mcp-oauth/core';

/**
 * The person refused the device login at the authorization server, which
 * answered the polling with `access_denied` (RFC 8628 §3.5, SPEC G2).
 * `code` is `OAUTH_ERROR`, `oauthError` is `access_denied`; nothing was
 * stored, and polling stopped.
 */
export class DeviceAccessDeniedError extends OAuthResponseError {
  static override readonly kind: string = 'DeviceAccessDeniedError';
  constructor(server: string, options: McpOAuthErrorOptions = {}) {
    super(
      ErrorCode.OAuth,
      `The login to ${server} was denied at the authorization server (access_denied). Run the login again and approve it to connect.`,
      { ...options, oauthError: 'access_denied' },
    );
  }
}

/**
 * The device code expired before the person finished the login: the
 * server answered `expired_token`, or its `expires_in` passed (RFC 8628
 * §3.5, SPEC G2). `code` is `TIMEOUT`, `oauthError` is `expired_token`
 * (also when the client's own deadline passed first).
 */
export class DeviceCodeExpiredError extends AuthenticationTimeoutError {
  static override readonly kind: string = 'DeviceCodeExpiredError';
  constructor(server: string, options: McpOAuthErrorOptions = {}) {
    super(
      `The code for ${server} expired before the login was finished (expired_token). Run the login again for a new code.`,
      { ...options, oauthError: 'expired_token' },
    );
  }
}
