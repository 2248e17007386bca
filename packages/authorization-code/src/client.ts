import {
  type ClientInformation,
  ErrorCode,
  McpOAuthError,
  OAuthResponseError,
} from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import { registerClient } from '@mcp-oauth/oauth';
import type { Context } from './context.js';

/** Environment variable that overrides the client ID metadata document URL (SPEC C2). */
export const CLIENT_METADATA_URL_ENV = 'MCP_OAUTH_CLIENT_METADATA_URL';

/** Client metadata for dynamic registration (SPEC C1, RFC 7591 §2). */
export function clientMetadata(ctx: Context, redirectUri: string, scope?: string) {
  const base = ctx.options.clientName ?? 'MCP client';
  return {
    client_name: `${base} (${ctx.server.name})`,
    // A loopback redirect makes this a native application (OpenID DCR §2, SEP-837).
    application_type: 'native',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    ...(scope ? { scope } : {}),
  };
}

/**
 * The client secret of a pre-configured client (SPEC C6): the option, else
 * the environment variable, else the client-secret store, else a prompt on
 * a TTY (saved for next time), else an error naming the variable to set.
 */
export async function clientSecret(ctx: Context, key: string): Promise<string | undefined> {
  const { options } = ctx;
  if (options.clientSecret) return options.clientSecret;
  const envName = options.clientSecretEnv;
  const fromEnv = envName ? process.env[envName] : undefined;
  if (fromEnv) return fromEnv;
  const stored = await ctx.secrets.get(key);
  if (stored || !envName) return stored;
  if (process.stdin.isTTY) {
    // Loaded on first use: a process that never prompts never pays for it (cold import).
    const { promptSecret } = await import('@mcp-oauth/loopback');
    const secret = await promptSecret(`Client secret for ${ctx.server.name}: `, {
      input: process.stdin,
      output: process.stderr,
    });
    if (secret) await ctx.secrets.set(key, secret);
    return secret || undefined;
  }
  throw new McpOAuthError(
    ErrorCode.Configuration,
    `The client secret for ${ctx.server.name} is missing. Set the ${envName} environment variable.`,
  );
}

/**
 * Client information (SPEC C3): the stored client (registered, or a client
 * ID metadata document URL) first, unless `fresh` (a new flow registers
 * anew, SPEC A1); else the configured client_id with its secret; else
 * `undefined` (register).
 */
export async function lookupClient(
  ctx: Context,
  key: string,
  fresh = false,
): Promise<ClientInformation | undefined> {
  const record = fresh ? undefined : await ctx.records.get(key);
  const stored = record?.client;
  const configured = ctx.options.clientId;
  if (stored?.client_id && stored.client_id !== configured) return stored;
  if (!configured) return undefined;
  const secret = await clientSecret(ctx, key);
  return { client_id: configured, ...(secret ? { client_secret: secret } : {}) };
}

/**
 * Finds or creates the client for a flow: configured (C3), a client ID
 * metadata document when the AS supports one (C2), else dynamic
 * registration. The flow saves it with the tokens it obtains (C4, H5).
 */
export async function ensureClient(
  ctx: Context,
  key: string,
  metadata: AuthorizationServerMetadata,
  redirectUri: string,
  scope: string | undefined,
  signal?: AbortSignal,
): Promise<ClientInformation> {
  const known = await lookupClient(ctx, key, true);
  if (known) return known;
  const metadataUrl = process.env[CLIENT_METADATA_URL_ENV] || ctx.options.clientMetadataUrl;
  if (metadataUrl && metadata.client_id_metadata_document_supported === true) {
    // Kept like a registered client, so refresh and sign-out find it (SPEC C2, C4, R3).
    return { client_id: metadataUrl };
  }
  const endpoint = metadata.registration_endpoint;
  if (!endpoint) {
    throw new McpOAuthError(
      ErrorCode.Configuration,
      `The authorization server of ${ctx.server.name} does not support dynamic client registration. Configure a clientId for this server.`,
    );
  }
  return registerClient(ctx, endpoint, clientMetadata(ctx, redirectUri, scope), signal);
}

/**
 * After `invalid_client` saying the client is unknown, forgets the stored
 * client id and secret so the next attempt registers again (SPEC C5).
 */
export async function forgetUnknownClient(
  ctx: Context,
  key: string,
  error: unknown,
  used: ClientInformation,
): Promise<boolean> {
  if (!(error instanceof OAuthResponseError) || error.oauthError !== 'invalid_client') return false;
  // Only the client the failed request used; a fresh one was never stored (SPEC H5).
  if ((await ctx.records.get(key))?.client?.client_id !== used.client_id) return false;
  const text = `${error.errorDescription ?? ''} ${error.message}`;
  if (
    !/not\s+found|unknown|does\s+not\s+exist|no\s+such|not\s+registered|invalid\s+client\s+id/i.test(
      text,
    )
  ) {
    return false;
  }
  await ctx.records.invalidate(key, 'client');
  await ctx.secrets.delete(key);
  ctx.logger.debug('forgot the stored client: the authorization server does not know it');
  return true;
}
