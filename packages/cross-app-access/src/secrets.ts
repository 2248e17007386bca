import {
  type ClientInformation,
  clientSecrets,
  ErrorCode,
  McpOAuthError,
  type Store,
} from '@mcp-oauth/core';
import type { Context } from './context.js';

/** Key of the IdP client secret in the client-secret view: by issuer (SPEC X4). */
const idpSecretKey = (issuer: string) => `idp:${issuer}`;

/** Stores the IdP client secret, keyed by the IdP issuer (SPEC X4). */
export async function storeIdpClientSecret(
  store: Store,
  issuer: string,
  secret: string,
): Promise<void> {
  await clientSecrets(store).set(idpSecretKey(issuer), secret);
}

/** The secret given in options (saved for next time), else the stored one. */
async function secretFor(store: Store, key: string, given: string | undefined) {
  const secrets = clientSecrets(store);
  const stored = await secrets.get(key);
  if (given && stored !== given) await secrets.set(key, given);
  return given ?? stored;
}

/** The IdP client secret (SPEC X4): optional, PKCE alone without it. @internal */
export function idpClientSecret(ctx: Context): Promise<string | undefined> {
  const { issuer, clientSecret } = ctx.idp.options;
  return secretFor(ctx.options.store, idpSecretKey(issuer), clientSecret);
}

/**
 * The client at the MCP server's AS (SPEC X3): the configured client id and
 * the stored secret, else an actionable error. The debug log lists which
 * keys the store holds (names only, never values).
 * @internal
 */
export async function asClient(ctx: Context, key: string): Promise<ClientInformation> {
  const secret = await secretFor(ctx.options.store, key, ctx.options.clientSecret);
  if (secret) return { client_id: ctx.options.clientId, client_secret: secret };
  ctx.logger.debug('cross-app access: no AS client secret; stored keys', {
    keys: await Promise.resolve(ctx.options.store.keys()).catch(() => []),
  });
  throw new McpOAuthError(
    ErrorCode.Configuration,
    `The client secret for "${ctx.server.name}" at its authorization server is not stored. Pass clientSecret in its configuration, or save it once with storeClientSecret(store, server, secret).`,
  );
}
