import {
  clientSecrets,
  McpOAuthError,
  type ServerIdentity,
  type Store,
  serverKey,
} from '@mcp-oauth/core';

/**
 * The OAuth `error` code and HTTP status of a failure, for an event (SPEC
 * A13, R6): never a message, token or body.
 */
export function failureFields(error: unknown): { oauthError?: string; status?: number } {
  if (!(error instanceof McpOAuthError)) return {};
  return {
    ...(error.oauthError ? { oauthError: error.oauthError } : {}),
    ...(error.status ? { status: error.status } : {}),
  };
}

/**
 * Saves the client secret of a server's pre-registered client where every
 * strategy looks for it (the client-secret view, by server key), for
 * set-up scripts: then no process needs it in its options or environment.
 */
export async function storeClientSecret(
  store: Store,
  server: ServerIdentity,
  secret: string,
): Promise<void> {
  await clientSecrets(store).set(await serverKey(server), secret);
}
