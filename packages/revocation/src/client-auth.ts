import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import { type ClientAuth, noClientAuth, selectClientAuth } from '@mcp-oauth/oauth';

export { basicAuthorization } from '@mcp-oauth/oauth';

/** How the client authenticates at the revocation endpoint. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** The methods the AS lists for revocation (RFC 8414 §2), else for the token endpoint. */
const revocationMethods = (metadata: Partial<AuthorizationServerMetadata>) =>
  metadata.revocation_endpoint_auth_methods_supported ??
  metadata.token_endpoint_auth_methods_supported;

/**
 * SPEC V2: for a client with a secret, `client_secret_post` only when the
 * advertised list lacks `client_secret_basic` and has `client_secret_post`,
 * else basic (the RFC 6749 §2.3.1 default every server must support).
 */
export function chooseClientAuth(metadata: Partial<AuthorizationServerMetadata>): ClientAuthMethod {
  return selectClientAuth({ client_id: '', client_secret: '-' }, revocationMethods(metadata))
    .method as ClientAuthMethod;
}

/**
 * The client authentication for revocation (SPEC V2, V4), chosen once with
 * the same rule as every token request; a client without a secret sends its
 * id in the body; no client at all sends none.
 */
export function revocationClientAuth(
  clientId: string | undefined,
  clientSecret: string | undefined,
  metadata: Partial<AuthorizationServerMetadata>,
): ClientAuth | undefined {
  if (!clientId) return undefined;
  if (!clientSecret) return noClientAuth(clientId);
  return selectClientAuth(
    { client_id: clientId, client_secret: clientSecret },
    revocationMethods(metadata),
  );
}
