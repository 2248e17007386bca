import { type ClientInformation, ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import { lifetimeOf, postForJson, selectClientAuth } from '@mcp-oauth/oauth';
import type { Context } from './context.js';
import type { DeviceUserCode } from './options.js';

/** A device authorization response (RFC 8628 §3.2), checked. */
export interface DeviceAuthorization extends DeviceUserCode {
  /** The device verification code: a credential, never shown or logged. */
  readonly deviceCode: string;
  /** Seconds between polls; default 5 (RFC 8628 §3.5). */
  readonly intervalSeconds: number;
}

/** Lifetime of a code whose `expires_in` is missing or unusable (RFC 8628 §3.2 requires it). */
const FALLBACK_LIFETIME_S = 600;

/** Printable ASCII, no leading or trailing space: safe to write to a terminal. */
const PRINTABLE = /^[\x21-\x7e](?:[\x20-\x7e]{0,62}[\x21-\x7e])?$/;

const invalid = (endpoint: string, what: string) =>
  new McpOAuthError(
    ErrorCode.InvalidResponse,
    `The device authorization endpoint ${endpoint} returned ${what}`,
  );

/**
 * Checks a device authorization response before anything from it reaches
 * the person (SPEC G1): a string `device_code`; a `user_code` of printable
 * characters (a control sequence would be written to their terminal); an
 * https (or loopback) `verification_uri`, and Google's `verification_url`
 * spelling of it (Q2); `verification_uri_complete` kept only when it
 * passes the same rule.
 */
export async function parseDeviceAuthorization(
  body: Record<string, unknown>,
  options: {
    readonly endpoint: string;
    readonly now: number;
    readonly defaultInterval: number;
    readonly allowInsecure: boolean;
  },
): Promise<DeviceAuthorization> {
  const { assertSecureUrl } = await import('@mcp-oauth/discovery');
  const { endpoint } = options;
  const { device_code: deviceCode, user_code: userCode } = body;
  if (typeof deviceCode !== 'string' || !deviceCode) throw invalid(endpoint, 'no device_code');
  if (typeof userCode !== 'string' || !PRINTABLE.test(userCode)) {
    throw invalid(endpoint, 'no user_code of printable characters');
  }
  const uri = body.verification_uri ?? body.verification_url;
  if (typeof uri !== 'string') throw invalid(endpoint, 'no verification_uri');
  const secure = { allowInsecure: options.allowInsecure, purpose: 'verification URI' };
  const verificationUri = assertSecureUrl(uri, secure).href;
  let complete: string | undefined;
  if (typeof body.verification_uri_complete === 'string') {
    try {
      complete = assertSecureUrl(body.verification_uri_complete, secure).href;
    } catch {
      // The plain URI and the code are enough; an unsafe shortcut is dropped, not shown.
    }
  }
  const interval = lifetimeOf(body.interval);
  const lifetime = lifetimeOf(body.expires_in) ?? FALLBACK_LIFETIME_S;
  return {
    deviceCode,
    userCode,
    verificationUri,
    ...(complete ? { verificationUriComplete: complete } : {}),
    expiresAt: options.now + lifetime * 1000,
    intervalSeconds: Math.max(1, Math.ceil(interval ?? options.defaultInterval)),
  };
}

/**
 * The device authorization request (RFC 8628 §3.1, SPEC G1): the client's
 * authentication, the scope, the RFC 8707 `resource` (unless the options
 * leave it out for a provider that refuses it, SPEC Q1) and the caller's
 * extra parameters, posted without following a redirect (SPEC H1).
 */
export async function requestDeviceAuthorization(
  ctx: Context,
  request: {
    readonly metadata: AuthorizationServerMetadata;
    readonly client: ClientInformation;
    readonly scope: string | undefined;
    readonly resource: string;
    readonly signal?: AbortSignal | undefined;
  },
): Promise<DeviceAuthorization> {
  const { metadata, client } = request;
  const endpoint = metadata.device_authorization_endpoint;
  if (typeof endpoint !== 'string' || !endpoint) {
    throw new McpOAuthError(
      ErrorCode.Configuration,
      `The authorization server ${metadata.issuer} of ${ctx.server.name} advertises no device_authorization_endpoint: it does not offer the device login (RFC 8628). Use the authorization code strategy for this server.`,
    );
  }
  const { body } = await postForJson({
    fetch: ctx.fetch,
    endpoint,
    issuer: metadata.issuer,
    purpose: 'device authorization endpoint',
    clientAuth: selectClientAuth(client, metadata.token_endpoint_auth_methods_supported),
    params: {
      ...ctx.options.authorizationParams,
      scope: request.scope,
      resource: ctx.omitResource ? undefined : request.resource,
    },
    allowInsecure: ctx.allowInsecure,
    signal: request.signal,
  });
  return parseDeviceAuthorization(body, {
    endpoint,
    now: ctx.clock.now(),
    defaultInterval: ctx.options.defaultIntervalSeconds ?? 5,
    allowInsecure: ctx.allowInsecure,
  });
}
