import {
  type ClientInformation,
  ErrorCode,
  McpOAuthError,
  OAuthResponseError,
  readOAuthJson,
} from '@mcp-oauth/core';
import type { RuntimeContext } from './context.js';
import { loadDiscovery } from './deferred.js';
import { refuseRedirect } from './post.js';

/** The fields of a registration answer a client keeps (RFC 7591 §3.2.1). */
const KEPT = [
  'client_secret',
  'client_id_issued_at',
  'client_secret_expires_at',
  'token_endpoint_auth_method',
] as const;

/**
 * Dynamic client registration (RFC 7591) for any strategy: one POST of the
 * client metadata, no redirect followed (SPEC H1), the answer checked. A
 * server that refuses the `scope` of the metadata (oidc-provider accepts
 * only AS-wide scopes, not a resource's) gets the same metadata without
 * it: the scope is asked for at authorization anyway. The caller stores the
 * client with the tokens it obtains (SPEC H5).
 */
export async function registerClient(
  ctx: RuntimeContext,
  endpoint: string,
  metadata: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<ClientInformation> {
  const { assertSecureUrl } = await loadDiscovery();
  assertSecureUrl(endpoint, { allowInsecure: ctx.allowInsecure, purpose: 'registration endpoint' });
  const register = async (body: Record<string, unknown>) => {
    const response = await ctx.fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      ...(signal ? { signal } : {}),
    });
    refuseRedirect(response, endpoint, 'registration endpoint');
    return { response, client: await readOAuthJson<ClientInformation>(response, endpoint) };
  };
  let registered: Awaited<ReturnType<typeof register>>;
  try {
    registered = await register(metadata);
  } catch (error) {
    const scopeRefused =
      metadata.scope !== undefined &&
      error instanceof OAuthResponseError &&
      error.oauthError === 'invalid_client_metadata' &&
      /scope/i.test(error.errorDescription ?? '');
    if (!scopeRefused) throw error;
    ctx.logger.debug('registration refused the scope; registering without it');
    const { scope: _refused, ...rest } = metadata;
    registered = await register(rest);
  }
  const { response, client } = registered;
  if (typeof client.client_id !== 'string' || !client.client_id) {
    throw new McpOAuthError(
      ErrorCode.InvalidResponse,
      `The registration endpoint ${endpoint} (HTTP ${response.status}) returned no client_id`,
    );
  }
  const saved: ClientInformation = { client_id: client.client_id };
  for (const field of KEPT) {
    if (client[field] !== undefined) (saved as Record<string, unknown>)[field] = client[field];
  }
  return saved;
}
