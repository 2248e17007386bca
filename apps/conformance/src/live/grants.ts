import type { FetchLike } from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import {
  basicAuthorization,
  type RevocationOutcome,
  revocationClientAuth,
  sendRevocation,
} from '@mcp-oauth/revocation';
import { answerOf } from './errors.js';
import type { ObtainedRefreshToken, Recorder } from './recorder.js';

const quiet = { debug: () => {}, warn: () => {} };

/** One refresh token revoked by live mode itself, and what the revocation endpoint said. */
export interface ExtraRevocation {
  readonly token: ObtainedRefreshToken;
  readonly outcome: RevocationOutcome;
}

/**
 * Revokes each refresh token in `tokens` at the revocation endpoint (RFC
 * 7009 §2.1: revoking a refresh token ends its grant), authenticating as the
 * client it was issued to. The strategy's sign-out revokes only the grant in
 * its record; a step-up registers a new client (SPEC A1) and leaves the
 * earlier grant behind, so live mode signs out of that one itself.
 */
export async function revokeEach(
  fetch: FetchLike,
  metadata: AuthorizationServerMetadata,
  tokens: readonly ObtainedRefreshToken[],
  allowInsecure: boolean,
): Promise<ExtraRevocation[]> {
  const endpoint = metadata.revocation_endpoint;
  if (!endpoint) return [];
  const out: ExtraRevocation[] = [];
  for (const token of tokens) {
    const outcome = await sendRevocation({
      fetch,
      endpoint,
      issuer: metadata.issuer,
      token: token.refreshToken,
      hint: 'refresh_token',
      clientAuth: revocationClientAuth(token.clientId, token.clientSecret, metadata),
      logger: quiet,
      allowInsecure,
    });
    out.push({ token, outcome });
  }
  return out;
}

/** What the token endpoint said to one refresh token after sign-out. */
export interface GrantProbe {
  readonly token: ObtainedRefreshToken;
  /** True when it still refreshed: the grant is alive at the server. */
  readonly alive: boolean;
  /** `HTTP 400 {"error":"invalid_grant"}`, as sent. */
  readonly answer: string;
}

/**
 * Tries each refresh token at the token endpoint, authenticating the way
 * the client did when it got the token. A refused token is a grant the
 * server ended; one that refreshes is a grant sign-out left alive (the new
 * tokens land in the recorder, so the caller can revoke them too).
 */
export async function probeGrants(
  recorder: Recorder,
  tokens: readonly ObtainedRefreshToken[],
): Promise<GrantProbe[]> {
  const out: GrantProbe[] = [];
  for (const token of tokens) {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: token.refreshToken,
    });
    const headers = new Headers({
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
    if (token.clientAuth === 'basic' && token.clientId && token.clientSecret) {
      headers.set('authorization', basicAuthorization(token.clientId, token.clientSecret));
    } else if (token.clientId) {
      body.set('client_id', token.clientId);
      if (token.clientSecret) body.set('client_secret', token.clientSecret);
    }
    const mark = recorder.mark();
    const response = await recorder
      .fetch(token.tokenEndpoint, {
        method: 'POST',
        headers,
        body: body.toString(),
        redirect: 'manual',
      })
      .catch(() => undefined);
    const seen = recorder.since(mark).at(-1);
    const alive =
      !!response?.ok && seen?.json?.access_token !== undefined && seen.json.error === undefined;
    out.push({ token, alive, answer: seen ? answerOf(seen) : 'no answer' });
  }
  return out;
}

/** Counts the distinct clients among tokens. */
export function clientCount(tokens: readonly ObtainedRefreshToken[]): number {
  return new Set(tokens.map((t) => t.clientId ?? '')).size;
}
