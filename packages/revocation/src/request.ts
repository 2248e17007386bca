import {
  type FetchLike,
  isOAuthErrorBody,
  type Logger,
  readJson,
  redactUrl,
} from '@mcp-oauth/core';
import { basicAuthorization, type ClientAuthMethod } from './client-auth.js';

/** Token type hints of RFC 7009 §2.1. */
export type TokenTypeHint = 'refresh_token' | 'access_token';

/** Everything one revocation request needs. */
export interface RevocationRequest {
  readonly fetch: FetchLike;
  readonly endpoint: string;
  readonly token: string;
  readonly hint: TokenTypeHint;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly method: ClientAuthMethod;
  /** The access token for the Bearer retry of SPEC V5. */
  readonly accessToken?: string | undefined;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
}

/** What came of one revocation request. */
export interface RevocationOutcome {
  readonly ok: boolean;
  readonly status?: number;
  readonly oauthError?: string;
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * Sends one RFC 7009 §2.1 revocation request with client authentication as
 * SPEC V4 says, and on a 401, when an access token is at hand, retries once
 * with `Authorization: Bearer` and without `client_id`/`client_secret` in the
 * body, so the request never carries two client authentication methods
 * (SPEC V5; RFC 6749 §2.3 "MUST NOT use more than one"). Never throws.
 */
export async function sendRevocation(request: RevocationRequest): Promise<RevocationOutcome> {
  const { clientId, clientSecret } = request;
  const body = new URLSearchParams({ token: request.token, token_type_hint: request.hint });
  const headers: Record<string, string> = { 'Content-Type': FORM, Accept: 'application/json' };
  if (clientId && clientSecret && request.method === 'client_secret_basic') {
    headers.Authorization = basicAuthorization(clientId, clientSecret);
  } else if (clientId) {
    body.set('client_id', clientId);
    if (clientSecret) body.set('client_secret', clientSecret);
  }
  let outcome = await post(request, headers, body);
  if (outcome.status === 401 && request.accessToken) {
    request.logger.debug(`Revocation got 401; retrying once with the access token as Bearer`);
    const bearerBody = new URLSearchParams({ token: request.token, token_type_hint: request.hint });
    outcome = await post(
      request,
      {
        'Content-Type': FORM,
        Accept: 'application/json',
        Authorization: `Bearer ${request.accessToken}`,
      },
      bearerBody,
    );
  }
  return outcome;
}

async function post(
  request: RevocationRequest,
  headers: Record<string, string>,
  body: URLSearchParams,
): Promise<RevocationOutcome> {
  const where = redactUrl(request.endpoint);
  try {
    const response = await request.fetch(request.endpoint, {
      method: 'POST',
      headers,
      body,
      // A redirected POST would carry the token to wherever it points.
      redirect: 'error',
      ...(request.signal ? { signal: request.signal } : {}),
    });
    // RFC 7009 §2.2: 200 for a revoked and for an unknown token alike.
    if (response.ok) return { ok: true, status: response.status };
    const error = await readJson(response, request.endpoint).catch(() => undefined);
    const oauthError = isOAuthErrorBody(error) ? error.error : undefined;
    request.logger.debug(
      `Revoking the ${request.hint} at ${where} failed with HTTP ${response.status}${oauthError ? ` (${oauthError})` : ''}`,
    );
    return oauthError === undefined
      ? { ok: false, status: response.status }
      : { ok: false, status: response.status, oauthError };
  } catch (error) {
    request.logger.debug(`Revoking the ${request.hint} at ${where} failed`, error);
    return { ok: false };
  }
}
