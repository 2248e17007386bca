import { basicAuthorization } from '@mcp-oauth/authorization-code';
import { type ClientInformation, readOAuthJson } from '@mcp-oauth/core';
import { assertSecureUrl } from '@mcp-oauth/discovery';
import type { Context } from './context.js';

/**
 * POSTs a token request with client authentication (basic, unless the
 * server lists only `client_secret_post`; a public client sends its id in
 * the body) and returns the JSON body; an OAuth error or a non-2xx status
 * throws an `OAuthResponseError` carrying the status.
 * @internal
 */
export async function postTokenRequest(
  ctx: Context,
  endpoint: string,
  client: ClientInformation,
  authMethods: readonly string[] | undefined,
  params: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  assertSecureUrl(endpoint, {
    allowInsecure: ctx.options.allowInsecureUrls ?? false,
    purpose: 'token endpoint',
  });
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) body.set(name, value);
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  const secret = client.client_secret;
  const postOnly =
    authMethods?.includes('client_secret_post') && !authMethods.includes('client_secret_basic');
  if (secret && !postOnly) headers.Authorization = basicAuthorization(client.client_id, secret);
  else {
    body.set('client_id', client.client_id);
    if (secret) body.set('client_secret', secret);
  }
  const response = await ctx.oauthFetch(endpoint, {
    method: 'POST',
    headers,
    body: body.toString(),
    ...(signal ? { signal } : {}),
  });
  return readOAuthJson<Record<string, unknown>>(response, endpoint);
}
