import { type ClientInformation, ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import { registerClient } from '@mcp-oauth/oauth';
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
  return registerClient(ctx, endpoint, clientMetadata(ctx), signal);
}
