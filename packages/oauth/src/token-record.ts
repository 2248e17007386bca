import {
  applyTokens,
  type ServerRecord,
  type TokenResponse,
  type Tokens,
  toTokens,
} from '@mcp-oauth/core';

/**
 * Record fields after a token response (SPEC T5, R8): core's
 * `applyTokens`, plus the token type, so a DPoP-bound token is remembered
 * as one and a Bearer token never inherits the type of the token it
 * replaces (SPEC P4).
 */
export function applyTokenResponse(
  record: ServerRecord | undefined,
  response: TokenResponse & { token_type?: string | undefined },
  now: number,
): ServerRecord {
  const next = applyTokens(record, response, now);
  if (response.token_type?.toLowerCase() === 'dpop') next.tokenType = 'DPoP';
  else delete next.tokenType;
  return next;
}

/** The record's tokens (SPEC T6) with their type: `DPoP` for a DPoP-bound token (SPEC P4). */
export function tokensOf(record: ServerRecord | undefined, now: number): Tokens | undefined {
  const tokens = toTokens(record, now);
  if (tokens && record?.tokenType === 'DPoP') tokens.token_type = 'DPoP';
  return tokens;
}
