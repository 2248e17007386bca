import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';

/** How the client authenticates at the revocation endpoint. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/**
 * SPEC V2: the methods the AS lists for revocation (RFC 8414 §2
 * `revocation_endpoint_auth_methods_supported`), else for the token
 * endpoint; `client_secret_post` only when that list lacks
 * `client_secret_basic` and has `client_secret_post`, else basic (the RFC
 * 6749 §2.3.1 default every server must support).
 */
export function chooseClientAuth(metadata: Partial<AuthorizationServerMetadata>): ClientAuthMethod {
  const methods =
    metadata.revocation_endpoint_auth_methods_supported ??
    metadata.token_endpoint_auth_methods_supported ??
    [];
  return !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
    ? 'client_secret_post'
    : 'client_secret_basic';
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding. */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

/** The `Authorization: Basic` value for a client (RFC 6749 §2.3.1, SPEC V4). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const raw = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
  const bytes = new TextEncoder().encode(raw);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
