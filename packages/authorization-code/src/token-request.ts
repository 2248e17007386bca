import {
  type ClientInformation,
  ErrorCode,
  McpOAuthError,
  readOAuthJson,
  type TokenResponse,
} from '@mcp-oauth/core';
import { type AuthorizationServerMetadata, assertSecureUrl } from '@mcp-oauth/discovery';
import { basicAuthorization } from '@mcp-oauth/revocation';
import type { Context } from './context.js';

/** How the client authenticates at the token endpoint. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/**
 * The method for this client: its registered one, else for a confidential
 * client basic unless the AS lists only `client_secret_post`; public
 * clients send their client_id in the body.
 */
export function clientAuthMethod(
  client: ClientInformation,
  metadata: AuthorizationServerMetadata,
): ClientAuthMethod {
  if (!client.client_secret) return 'none';
  const registered = client.token_endpoint_auth_method;
  if (registered === 'client_secret_post' || registered === 'client_secret_basic')
    return registered;
  const supported = metadata.token_endpoint_auth_methods_supported;
  if (supported?.includes('client_secret_post') && !supported.includes('client_secret_basic')) {
    return 'client_secret_post';
  }
  return 'client_secret_basic';
}

export { basicAuthorization } from '@mcp-oauth/revocation';

/**
 * POSTs a token request with client authentication and validates the answer
 * (RFC 6749 §5.1): an access token, a Bearer token type, a numeric lifetime.
 */
export async function requestToken(
  ctx: Context,
  metadata: AuthorizationServerMetadata,
  client: ClientInformation,
  params: URLSearchParams,
  signal?: AbortSignal,
): Promise<TokenResponse> {
  const endpoint = metadata.token_endpoint;
  if (!endpoint) {
    throw new McpOAuthError(
      ErrorCode.InvalidResponse,
      'The authorization server metadata has no token_endpoint',
    );
  }
  assertSecureUrl(endpoint, { allowInsecure: ctx.options.allowInsecureUrls ?? false });
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  const method = clientAuthMethod(client, metadata);
  if (method === 'client_secret_basic') {
    headers.Authorization = basicAuthorization(client.client_id, client.client_secret!);
  } else {
    params.set('client_id', client.client_id);
    if (method === 'client_secret_post') params.set('client_secret', client.client_secret!);
  }
  const response = await ctx.oauthFetch(endpoint, {
    method: 'POST',
    headers,
    body: params.toString(),
    ...(signal ? { signal } : {}),
  });
  const body = await readOAuthJson<Record<string, unknown>>(response, endpoint);
  const expiresIn = body.expires_in === undefined ? undefined : Number(body.expires_in);
  if (
    typeof body.access_token !== 'string' ||
    !body.access_token ||
    (body.token_type !== undefined && String(body.token_type).toLowerCase() !== 'bearer') ||
    (expiresIn !== undefined && !Number.isFinite(expiresIn))
  ) {
    throw new McpOAuthError(
      ErrorCode.InvalidResponse,
      `The token endpoint ${endpoint} (HTTP ${response.status}) returned no usable Bearer access token`,
      { status: response.status },
    );
  }
  return {
    access_token: body.access_token,
    refresh_token: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expires_in: expiresIn,
    scope: typeof body.scope === 'string' ? body.scope : undefined,
  };
}
