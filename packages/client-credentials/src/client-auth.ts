import { ErrorCode, type JsonValue, McpOAuthError } from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import { type ClientAuth, noClientAuth, privateKeyJwt, selectClientAuth } from '@mcp-oauth/oauth';
import type { Context } from './context.js';
import { clientKeyKey } from './secrets.js';
import {
  assertionSigner,
  type PrivateKeyInput,
  parseSigningKey,
  type SigningKey,
} from './signing-key.js';

/** The key saved with `storeClientKey()` (SPEC M1). */
async function storedSigningKey(ctx: Context, key: string): Promise<SigningKey | undefined> {
  const stored = await ctx.options.store.get<JsonValue>(clientKeyKey(key));
  if (
    typeof stored !== 'string' &&
    (!stored || typeof stored !== 'object' || Array.isArray(stored))
  ) {
    return undefined;
  }
  const { algorithm, keyId } = ctx.options;
  return parseSigningKey(stored as PrivateKeyInput, { algorithm, keyId }, 'the stored client key');
}

const configuration = (message: string) => new McpOAuthError(ErrorCode.Configuration, message);

/**
 * The client authentication for one token request, chosen once per grant
 * (SPEC M1): `private_key_jwt` with a key (given, or stored with
 * `storeClientKey()`), else the secret (given, or stored) by basic or post;
 * no authentication for a workload without a client id; just the
 * `client_id` for one without credentials. @internal
 */
export async function clientAuthFor(
  ctx: Context,
  metadata: AuthorizationServerMetadata,
  required: boolean,
): Promise<ClientAuth | undefined> {
  const { clientId, clientSecret, authMethod } = ctx.options;
  if (!clientId) return undefined;
  const key = await ctx.serverKey;
  const bySecret = authMethod === 'client_secret_basic' || authMethod === 'client_secret_post';
  // A key is RECOMMENDED (ext-auth): a given key, else a stored one unless a secret was given.
  const signing = bySecret
    ? undefined
    : (ctx.signingKey ??
      (clientSecret && !authMethod ? undefined : await storedSigningKey(ctx, key)));
  if (signing) return privateKeyJwt(clientId, assertionSigner(signing), () => ctx.clock.now());
  const secret =
    authMethod === 'private_key_jwt' ? undefined : (clientSecret ?? (await ctx.secrets.get(key)));
  if (secret) {
    return selectClientAuth(
      {
        client_id: clientId,
        client_secret: secret,
        ...(authMethod ? { token_endpoint_auth_method: authMethod } : {}),
      },
      metadata.token_endpoint_auth_methods_supported,
    );
  }
  if (required || authMethod) {
    const what =
      authMethod === 'private_key_jwt'
        ? 'private key: pass privateKey (PEM or JWK) or save it once with storeClientKey(store, server, key)'
        : 'client secret or private key: pass clientSecret or privateKey, or save one with storeClientSecret() or storeClientKey()';
    throw configuration(`The machine client "${clientId}" for "${ctx.server.name}" has no ${what}`);
  }
  return noClientAuth(clientId);
}
