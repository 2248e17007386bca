import { type ClientInformation, ErrorCode, McpOAuthError, readOAuthJson } from '@mcp-oauth/core';
import { type AuthorizationServerMetadata, assertSecureUrl } from '@mcp-oauth/discovery';
import { refuseRedirect } from '@mcp-oauth/oauth';
import { type Context, configuredClient } from './context.js';

/** The device authorization grant type (RFC 8628 §3.4). */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * Client metadata for dynamic registration (RFC 7591 §2): a native public
 * client for the device grant and refresh, with no redirect URI and no
 * response type, since it never uses the authorization endpoint. No scope:
 * some servers accept only their own scopes at registration, and the
 * device authorization request names it anyway.
 */
export function clientMetadata(ctx: Context) {
  return {
    client_name: `${ctx.options.clientName ?? 'MCP client'} (${ctx.server.name})`,
    application_type: 'native',
    grant_types: [DEVICE_CODE_GRANT, 'refresh_token'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'none',
  };
}

/**
 * The client for a login: the configured one, else a new registration
 * (every login registers afresh, SPEC A1, U3); the flow stores it with the
 * tokens it obtains, never before (SPEC H5).
 */
export async function ensureClient(
  ctx: Context,
  metadata: AuthorizationServerMetadata,
  signal?: AbortSignal,
): Promise<ClientInformation> {
  const configured = configuredClient(ctx);
  if (configured) return configured;
  const endpoint = metadata.registration_endpoint;
  if (!endpoint) {
    throw new McpOAuthError(
      ErrorCode.Configuration,
      `The authorization server of ${ctx.server.name} does not support dynamic client registration. Configure a clientId for this server (a client allowed the device_code grant).`,
    );
  }
  assertSecureUrl(endpoint, { allowInsecure: ctx.allowInsecure, purpose: 'registration endpoint' });
  const response = await ctx.fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(clientMetadata(ctx)),
    redirect: 'manual',
    ...(signal ? { signal } : {}),
  });
  refuseRedirect(response, endpoint, 'registration endpoint');
  const client = await readOAuthJson<ClientInformation>(response, endpoint);
  if (typeof client.client_id !== 'string' || !client.client_id) {
    throw new McpOAuthError(
      ErrorCode.InvalidResponse,
      `The registration endpoint ${endpoint} (HTTP ${response.status}) returned no client_id`,
    );
  }
  const saved: ClientInformation = { client_id: client.client_id };
  for (const field of [
    'client_secret',
    'client_id_issued_at',
    'client_secret_expires_at',
    'token_endpoint_auth_method',
  ] as const) {
    if (client[field] !== undefined) (saved as Record<string, unknown>)[field] = client[field];
  }
  return saved;
}
