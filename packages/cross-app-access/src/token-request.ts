import type { ClientInformation, DPoPProver } from '@mcp-oauth/core';
import { postForJson, selectClientAuth } from '@mcp-oauth/oauth';
import type { Context } from './context.js';

/** Where a token request goes: the endpoint, its issuer and its advertised client authentication methods. */
export interface TokenEndpoint {
  readonly endpoint: string;
  readonly issuer: string;
  readonly authMethods?: readonly string[] | undefined;
  /** DPoP for the request: only the MCP server's authorization server gets a proof (SPEC P5). */
  readonly dpop?: DPoPProver | undefined;
}

/**
 * POSTs a token request with the client's authentication, never following
 * a redirect (SPEC H1), and returns the JSON body; an OAuth error or a
 * non-2xx status throws an `OAuthResponseError` carrying the status.
 * @internal
 */
export async function postTokenRequest(
  ctx: Context,
  target: TokenEndpoint,
  client: ClientInformation,
  params: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const { body } = await postForJson({
    fetch: ctx.fetch,
    endpoint: target.endpoint,
    issuer: target.issuer,
    clientAuth: selectClientAuth(client, target.authMethods),
    params,
    allowInsecure: ctx.allowInsecure,
    dpop: target.dpop,
    signal,
  });
  return body;
}
