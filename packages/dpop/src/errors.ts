import { type DPoPErrorCode, McpOAuthError, redactUrl } from '@mcp-oauth/core';

/** The code of {@link DPoPUnsupportedError}: match on `error.code`. */
export const DPOP_UNSUPPORTED = 'DPOP_UNSUPPORTED' satisfies DPoPErrorCode;

/**
 * DPoP is required (`dpop({ required: true })`) and the authorization
 * server answered a request that carried a proof with a token that is not
 * DPoP-bound (SPEC P4). Nothing from the response was stored.
 */
export class DPoPUnsupportedError extends McpOAuthError {
  static override readonly kind: string = 'DPoPUnsupportedError';
  /** The token endpoint that answered. */
  readonly endpoint: string;
  /** The `token_type` it issued (usually `Bearer`). */
  readonly tokenType: string;

  constructor(endpoint: string, tokenType: string) {
    const where = redactUrl(endpoint);
    super(
      DPOP_UNSUPPORTED,
      `The token endpoint ${where} issued a ${tokenType} token, not a DPoP-bound one, and dpop({ required: true }) refuses it. Use an authorization server that supports DPoP (RFC 9449), or drop required to accept Bearer tokens from it.`,
    );
    this.endpoint = where;
    this.tokenType = tokenType;
  }
}
