import { type DPoPProver, ErrorCode, McpOAuthError, type TokenResponse } from '@mcp-oauth/core';

/** RFC 6750 §2.1 `b64token`: what an access token may contain (SPEC H9). */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Options of {@link parseTokenResponse}. */
export interface TokenResponseOptions {
  /** The endpoint, for the error message. */
  readonly endpoint: string;
  /** The HTTP status of the answer, for the error message. */
  readonly status: number;
  /** Token types accepted besides Bearer (for example `DPoP`). */
  readonly tokenTypes?: readonly string[];
  /** The request carried a DPoP proof: `DPoP` is accepted, and the prover decides on Bearer (SPEC P4). */
  readonly dpop?: DPoPProver | undefined;
}

/**
 * `expires_in` as a lifetime in seconds, or `undefined` when it is absent or
 * unusable (non-numeric, non-finite, zero or negative): the token is then
 * used until rejected (SPEC H6).
 */
export function lifetimeOf(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'string' && !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 && seconds < 1e9 ? seconds : undefined;
}

/**
 * Checks a token response before anything from it is stored (RFC 6749
 * §5.1, SPEC H9): a non-empty `b64token` access token and a Bearer token
 * type (or an accepted other). A refused response is refused whole: its
 * refresh token is not kept either. The message never carries a token.
 */
export function parseTokenResponse(
  body: Record<string, unknown>,
  options: TokenResponseOptions,
): TokenResponse & { token_type: string } {
  const accepted = [
    'bearer',
    ...(options.dpop ? ['dpop'] : []),
    ...(options.tokenTypes ?? []).map((t) => t.toLowerCase()),
  ];
  const tokenType = body.token_type === undefined ? 'Bearer' : String(body.token_type);
  if (
    typeof body.access_token !== 'string' ||
    !B64TOKEN.test(body.access_token) ||
    !accepted.includes(tokenType.toLowerCase())
  ) {
    throw new McpOAuthError(
      ErrorCode.InvalidResponse,
      `The token endpoint ${options.endpoint} (HTTP ${options.status}) returned no usable ${accepted.length > 1 ? 'access' : 'Bearer access'} token`,
      { status: options.status },
    );
  }
  const response: TokenResponse & { token_type: string } = {
    access_token: body.access_token,
    token_type: options.dpop ? options.dpop.accept(tokenType, options.endpoint) : tokenType,
    expires_in: lifetimeOf(body.expires_in),
  };
  if (typeof body.refresh_token === 'string' && body.refresh_token) {
    response.refresh_token = body.refresh_token;
  }
  if (typeof body.scope === 'string') response.scope = body.scope;
  return response;
}
