import {
  AuthenticationCancelledError,
  type ClientInformation,
  McpOAuthError,
  OAuthResponseError,
  type TokenResponse,
} from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import { isTransient, requestToken, selectClientAuth } from '@mcp-oauth/oauth';
import { DEVICE_CODE_GRANT } from './client.js';
import type { Context } from './context.js';
import type { DeviceAuthorization } from './device-authorization.js';
import { DeviceAccessDeniedError, DeviceCodeExpiredError } from './errors.js';

/** RFC 8628 §3.5: `slow_down` adds 5 s to this and every later interval. */
export const SLOW_DOWN_SECONDS = 5;

/** The longest wait between polls after connection trouble (the back-off doubles up to it). */
const MAX_BACKOFF_SECONDS = 60;

/** What one poll told the loop. */
type Poll =
  | { readonly done: TokenResponse & { token_type: string } }
  | { readonly again: 'pending' | 'slow_down' | 'transient' };

/**
 * One token request with the device code (RFC 8628 §3.4), classified:
 * tokens; keep going; slow down; or a typed error that ends the login.
 */
async function pollOnce(
  ctx: Context,
  grant: PollRequest,
  signal: AbortSignal | undefined,
): Promise<Poll> {
  const { metadata } = grant;
  try {
    const done = await requestToken({
      fetch: ctx.fetch,
      endpoint: metadata.token_endpoint,
      issuer: metadata.issuer,
      clientAuth: selectClientAuth(grant.client, metadata.token_endpoint_auth_methods_supported),
      params: {
        grant_type: DEVICE_CODE_GRANT,
        device_code: grant.authorization.deviceCode,
        resource: grant.resource,
      },
      allowInsecure: ctx.allowInsecure,
      dpop: ctx.dpop,
      signal,
    });
    return { done };
  } catch (error) {
    if (signal?.aborted) throw error;
    // Keyed on the OAuth error, not the status: Google answers authorization_pending with 428.
    const code = error instanceof OAuthResponseError ? error.oauthError : undefined;
    const fields = error instanceof McpOAuthError ? { status: error.status, cause: error } : {};
    if (code === 'authorization_pending') return { again: 'pending' };
    if (code === 'slow_down') return { again: 'slow_down' };
    if (code === 'access_denied') throw new DeviceAccessDeniedError(ctx.server.name, fields);
    if (code === 'expired_token') throw new DeviceCodeExpiredError(ctx.server.name, fields);
    const status = error instanceof McpOAuthError ? error.status : undefined;
    if (isTransient(error) || (status !== undefined && status >= 500))
      return { again: 'transient' };
    throw error;
  }
}

/** What polling needs: where, as whom, and for what. */
export interface PollRequest {
  readonly metadata: AuthorizationServerMetadata;
  readonly client: ClientInformation;
  readonly authorization: DeviceAuthorization;
  /** RFC 8707 resource, or `undefined` when the options leave it out (SPEC Q1). */
  readonly resource: string | undefined;
}

/**
 * Polls the token endpoint until the person has logged in (RFC 8628 §3.5,
 * SPEC G2): every `interval` seconds (default 5) on the injected clock;
 * `authorization_pending` keeps going; `slow_down` adds 5 s to this and
 * every later interval; a timeout, a reset or a 5xx doubles the wait (up
 * to 60 s) before the next try; `access_denied` and `expired_token` end
 * with typed errors, and so does the code's own expiry; the caller's
 * signal cancels between polls and during one.
 */
export async function pollForTokens(
  ctx: Context,
  grant: PollRequest,
  signal?: AbortSignal,
): Promise<TokenResponse & { token_type: string }> {
  let interval = grant.authorization.intervalSeconds;
  let wait = interval;
  for (;;) {
    try {
      if (signal?.aborted) throw signal.reason;
      await ctx.clock.sleep(wait * 1000, signal);
    } catch (reason) {
      throw new AuthenticationCancelledError(undefined, { cause: reason });
    }
    if (ctx.clock.now() >= grant.authorization.expiresAt) {
      throw new DeviceCodeExpiredError(ctx.server.name);
    }
    const poll = await pollOnce(ctx, grant, signal);
    if ('done' in poll) return poll.done;
    if (poll.again === 'slow_down') interval += SLOW_DOWN_SECONDS;
    wait = poll.again === 'transient' ? Math.min(wait * 2, MAX_BACKOFF_SECONDS) : interval;
    ctx.logger.debug(`device login: ${poll.again}; next poll in ${wait} s`);
  }
}
