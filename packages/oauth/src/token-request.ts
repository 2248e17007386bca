import type { TokenResponse } from '@mcp-oauth/core';
import { type CredentialRequest, postForJson } from './post.js';
import { parseTokenResponse } from './token-response.js';

/**
 * One token request (any grant: authorization code, refresh, client
 * credentials, jwt-bearer, token exchange, device code): client
 * authentication applied once, no redirect followed (SPEC H1), a DPoP
 * proof when the request has `dpop` (SPEC P2), the answer checked before
 * it is returned (SPEC H9, P4).
 */
export async function requestToken(
  request: CredentialRequest & { readonly tokenTypes?: readonly string[] },
): Promise<TokenResponse & { token_type: string }> {
  const { response, body } = await postForJson(request);
  return parseTokenResponse(body, {
    endpoint: request.endpoint,
    status: response.status,
    ...(request.tokenTypes ? { tokenTypes: request.tokenTypes } : {}),
    ...(request.dpop ? { dpop: request.dpop } : {}),
  });
}
