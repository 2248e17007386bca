import {
  type FetchLike,
  isOAuthErrorBody,
  type Logger,
  readJson,
  redactUrl,
} from '@mcp-oauth/core';
import { type ClientAuth, postCredentials } from '@mcp-oauth/oauth';

/** Token type hints of RFC 7009 §2.1. */
export type TokenTypeHint = 'refresh_token' | 'access_token';

/** Everything one revocation request needs. */
export interface RevocationRequest {
  readonly fetch: FetchLike;
  readonly endpoint: string;
  /** The authorization server's issuer (the audience of a client assertion). */
  readonly issuer: string;
  readonly token: string;
  readonly hint: TokenTypeHint;
  /** How the client authenticates; none for an unknown client. */
  readonly clientAuth?: ClientAuth | undefined;
  /** The access token for the Bearer retry of SPEC V5. */
  readonly accessToken?: string | undefined;
  readonly logger: Logger;
  /** Development only: plain http to non-loopback hosts (SPEC D9). */
  readonly allowInsecure?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** What came of one revocation request. */
export interface RevocationOutcome {
  readonly ok: boolean;
  readonly status?: number;
  readonly oauthError?: string;
}

/**
 * Sends one RFC 7009 §2.1 revocation request with the client's
 * authentication (SPEC V4), never following a redirect (SPEC H1), and on a
 * 401, when an access token is at hand, retries once with `Authorization:
 * Bearer` and no client authentication, so the request never carries two
 * client authentication methods (SPEC V5; RFC 6749 §2.3 "MUST NOT use more
 * than one"). Never throws.
 */
export async function sendRevocation(request: RevocationRequest): Promise<RevocationOutcome> {
  let outcome = await post(request, request.clientAuth, undefined);
  if (outcome.status === 401 && request.accessToken) {
    request.logger.debug(`Revocation got 401; retrying once with the access token as Bearer`);
    outcome = await post(request, undefined, `Bearer ${request.accessToken}`);
  }
  return outcome;
}

async function post(
  request: RevocationRequest,
  clientAuth: ClientAuth | undefined,
  authorization: string | undefined,
): Promise<RevocationOutcome> {
  const where = redactUrl(request.endpoint);
  try {
    const response = await postCredentials({
      fetch: request.fetch,
      endpoint: request.endpoint,
      issuer: request.issuer,
      purpose: 'revocation endpoint',
      params: { token: request.token, token_type_hint: request.hint },
      clientAuth,
      headers: authorization ? { Authorization: authorization } : undefined,
      allowInsecure: request.allowInsecure,
      signal: request.signal,
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
    const status = (error as { status?: unknown }).status;
    return typeof status === 'number' ? { ok: false, status } : { ok: false };
  }
}
