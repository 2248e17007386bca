import { authenticateClient } from './client-auth.js';
import type { RegisteredClient } from './clients.js';
import type { MockContext } from './context.js';
import { endpoint, formRequired, json } from './http.js';
import { oauthError, type TokenFailure } from './oauth-errors.js';
import { randomToken } from './pkce.js';
import { knownResource } from './resource.js';

/** The RFC 8628 device code grant type. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** What the person did with a device login, set from the test through the environment. */
export type DeviceDecision = 'pending' | 'approved' | 'denied';

/** @internal A device code and what it was issued for (RFC 8628 §3.2). */
export interface DeviceCodeRecord {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly scope: string;
  readonly resource: string | undefined;
  readonly expiresAt: number;
  decision: DeviceDecision;
  /** When the client last polled, for `slow_down`. */
  lastPollAt: number | undefined;
  /** Tokens were issued: the code is spent. */
  used: boolean;
}

/** Seconds between polls the mock asks for (RFC 8628 §3.2 `interval`). */
export const DEVICE_INTERVAL = 5;
/** Lifetime of a device code, seconds. */
export const DEVICE_CODE_TTL = 600;

const userCode = () => {
  // RFC 8628 §6.1: base-20 letters without vowels, in two groups.
  const letters = 'BCDFGHJKLMNPQRSTVWXZ';
  const pick = () => letters[Math.floor(Math.random() * letters.length)];
  return `${Array.from({ length: 4 }, pick).join('')}-${Array.from({ length: 4 }, pick).join('')}`;
};

/**
 * @internal The device authorization endpoint (RFC 8628 §3.1, §3.2), in the
 * profile's style: `google` names the address `verification_url` and sends
 * no `verification_uri_complete`; `entra` sends no complete URI either.
 */
export function deviceAuthorization(context: MockContext) {
  return endpoint(
    context,
    context.authorizationServerKind,
    'device-authorization',
    async (incoming) => {
      const notForm = formRequired(incoming);
      if (notForm) return notForm;
      const auth = await authenticateClient(context, incoming);
      if (auth.failure) return oauthError(auth.failure);
      const { params } = incoming;
      const refused = requestRefusal(context, params);
      if (refused) return oauthError(refused);
      if (!knownResource(context, params.resource)) {
        return oauthError({
          error: 'invalid_target',
          description: `unknown resource ${params.resource}`,
        });
      }
      const record: DeviceCodeRecord = {
        deviceCode: randomToken('device'),
        userCode: userCode(),
        clientId: auth.client.client_id,
        scope: params.scope ?? context.settings.defaultScope,
        resource: params.resource,
        expiresAt: context.now() + DEVICE_CODE_TTL * 1000,
        decision: 'pending',
        lastPollAt: undefined,
        used: false,
      };
      context.deviceCodes.set(record.deviceCode, record);
      const { urls, quirks } = context;
      const complete = `${urls.deviceVerification}?user_code=${record.userCode}`;
      return json({
        device_code: record.deviceCode,
        user_code: record.userCode,
        [quirks.deviceStyle === 'google' ? 'verification_url' : 'verification_uri']:
          urls.deviceVerification,
        ...(quirks.deviceStyle === 'rfc8628' ? { verification_uri_complete: complete } : {}),
        expires_in: DEVICE_CODE_TTL,
        interval: DEVICE_INTERVAL,
      });
    },
  );
}

/**
 * @internal Why an authorization, device authorization or token request is
 * refused before anything else: a `resource` parameter the profile refuses
 * (Entra: AADSTS9010010), or a required parameter missing (Auth0's
 * `audience`, Google's `access_type`).
 */
export function requestRefusal(
  context: MockContext,
  params: Readonly<Record<string, string>>,
): TokenFailure | undefined {
  const { quirks } = context;
  if (quirks.resourceParameter === 'refused' && params.resource !== undefined) {
    return {
      error: 'invalid_target',
      description:
        "AADSTS9010010: The resource parameter provided in the request doesn't match with the requested scopes.",
    };
  }
  for (const [name, value] of Object.entries(quirks.requiredAuthorizationParams ?? {})) {
    if (params.grant_type !== undefined) break;
    if (params[name] !== value) {
      return { error: 'invalid_request', description: `${name}=${value} is required` };
    }
  }
  return undefined;
}

/** The device error codes in the profile's style (Entra says `authorization_declined`). */
const deviceError = (context: MockContext, error: string, description: string): TokenFailure => {
  const { deviceStyle } = context.quirks;
  if (deviceStyle === 'entra' && error === 'access_denied') {
    return { error: 'authorization_declined', description, grantType: DEVICE_CODE_GRANT };
  }
  // Google answers authorization_pending with 428 and slow_down with 403.
  const status =
    deviceStyle === 'google'
      ? (
          { authorization_pending: 428, slow_down: 403, access_denied: 403 } as Record<
            string,
            number
          >
        )[error]
      : undefined;
  return { error, description, grantType: DEVICE_CODE_GRANT, ...(status ? { status } : {}) };
};

/**
 * @internal The device code grant at the token endpoint (RFC 8628 §3.4,
 * §3.5): `authorization_pending` until the test approves, `slow_down` for a
 * poll sooner than the interval, `access_denied` once denied,
 * `expired_token` after the code's lifetime; then tokens, once.
 */
export function deviceCodeGrant(
  context: MockContext,
  client: RegisteredClient,
  params: Readonly<Record<string, string>>,
): TokenFailure | Record<string, unknown> {
  const record = params.device_code ? context.deviceCodes.get(params.device_code) : undefined;
  if (!record || record.used || record.clientId !== client.client_id) {
    return {
      error: 'invalid_grant',
      description: 'unknown device code',
      grantType: DEVICE_CODE_GRANT,
    };
  }
  const now = context.now();
  if (record.expiresAt <= now)
    return deviceError(context, 'expired_token', 'the device code expired');
  const early = record.lastPollAt !== undefined && now - record.lastPollAt < DEVICE_INTERVAL * 1000;
  record.lastPollAt = now;
  if (record.decision === 'denied')
    return deviceError(context, 'access_denied', 'the user denied the request');
  if (early) return deviceError(context, 'slow_down', 'polling too often');
  if (record.decision === 'pending') {
    return deviceError(context, 'authorization_pending', 'the user has not finished the login');
  }
  record.used = true;
  const grant = context.grants.createGrant({
    clientId: client.client_id,
    subject: context.settings.subject,
    scope: record.scope,
    resource: record.resource,
  });
  return { ...context.grants.issue(grant, context.quirks.refreshTokens) };
}

/** @internal Sets what the person did with the login shown as `code`; false when no such code exists. */
export function decideDevice(
  context: MockContext,
  code: string,
  decision: DeviceDecision,
): boolean {
  for (const record of context.deviceCodes.values()) {
    if (record.userCode === code) {
      record.decision = decision;
      return true;
    }
  }
  return false;
}
