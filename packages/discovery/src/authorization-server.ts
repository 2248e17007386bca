import {
  ErrorCode,
  IssuerMismatchError,
  type McpOAuthError,
  OAuthResponseError,
  redactUrl,
} from '@mcp-oauth/core';
import { getMetadata, invalidMetadata } from './http.js';
import { sameIssuer } from './issuer.js';
import { assertSecureUrl } from './secure-url.js';
import type { AuthorizationServerMetadata, RequestOptions } from './types.js';
import { authorizationServerMetadataUrls, issuerOfMetadataUrl } from './well-known.js';

/** Options of {@link fetchAuthorizationServerMetadata}. */
export interface AuthorizationServerMetadataOptions extends RequestOptions {
  /**
   * The issuer the metadata must name (RFC 8414 §3.3, SPEC D7). Pass the AS
   * URL when it came from protected-resource metadata, configuration or
   * persisted discovery state; leave it out only on the 2025-03-26 legacy
   * path, which did not require the check.
   */
  readonly expectedIssuer?: string | undefined;
}

/** Endpoint fields that must pass the https-or-loopback rule (SPEC D9). */
const ENDPOINTS = [
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'jwks_uri',
  'userinfo_endpoint',
  'end_session_endpoint',
  'device_authorization_endpoint',
  'pushed_authorization_request_endpoint',
] as const;

const STRING_LISTS = [
  'scopes_supported',
  'response_types_supported',
  'grant_types_supported',
  'code_challenge_methods_supported',
  'token_endpoint_auth_methods_supported',
  'revocation_endpoint_auth_methods_supported',
] as const;

const isStringList = (value: unknown) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * Checks a parsed document as RFC 8414 §2 metadata: `issuer`
 * and `token_endpoint` present (`authorization_endpoint` only when a grant
 * uses it, RFC 8414 §2: a client-credentials server has none), list fields are
 * string arrays, and every endpoint is https or loopback http (SPEC D9).
 * Throws `INVALID_RESPONSE` or `INSECURE_URL` naming `url`.
 */
export function validateAuthorizationServerMetadata(
  body: Record<string, unknown>,
  url: string,
  options: { allowInsecure?: boolean | undefined } = {},
): AuthorizationServerMetadata {
  for (const field of ['issuer', 'token_endpoint']) {
    if (typeof body[field] !== 'string' || body[field] === '') {
      throw invalidMetadata(url, `missing or non-string "${field}"`);
    }
  }
  for (const field of STRING_LISTS) {
    if (body[field] !== undefined && !isStringList(body[field])) {
      throw invalidMetadata(url, `"${field}" is not a list of strings`);
    }
  }
  for (const field of ENDPOINTS) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw invalidMetadata(url, `"${field}" is not a string`);
    assertSecureUrl(value, {
      allowInsecure: options.allowInsecure,
      purpose: `${field.replace(/_/g, ' ')} (from ${redactUrl(url)})`,
    });
  }
  return body as AuthorizationServerMetadata;
}

/**
 * Fetches RFC 8414 / OpenID Connect metadata for the authorization server
 * `asUrl`, trying the well-known URLs in the MCP specification's order
 * (path insertion, then the OpenID variants) and moving on only when a URL
 * answers 4xx. `asUrl` may also be a full well-known metadata URL (a
 * configured one, SPEC D1): then only that URL is fetched. This is the one
 * request a refresh makes when the AS URL is persisted (SPEC D5).
 *
 * Throws `INSECURE_URL` (SPEC D9), `HTTP_ERROR` (5xx, network, or no
 * document anywhere), `INVALID_RESPONSE`, `RESPONSE_TOO_LARGE`, or
 * `ISSUER_MISMATCH` when `expectedIssuer` is set and differs (SPEC D7).
 */
export async function fetchAuthorizationServerMetadata(
  asUrl: string | URL,
  options: AuthorizationServerMetadataOptions = {},
): Promise<AuthorizationServerMetadata> {
  const base = assertSecureUrl(asUrl, {
    allowInsecure: options.allowInsecure,
    purpose: 'authorization server URL',
  });
  const configuredIssuer = issuerOfMetadataUrl(base);
  const candidates = configuredIssuer ? [base] : authorizationServerMetadataUrls(base);
  let lastMiss: McpOAuthError | undefined;
  for (const url of candidates) {
    const answer = await getMetadata(url, options);
    if (!answer.found) {
      lastMiss = answer.error;
      continue;
    }
    const metadata = validateAuthorizationServerMetadata(answer.body, answer.url, options);
    const expected =
      options.expectedIssuer ?? (configuredIssuer === undefined ? undefined : configuredIssuer);
    if (expected !== undefined && !sameIssuer(metadata.issuer, expected)) {
      throw new IssuerMismatchError(expected, metadata.issuer);
    }
    return metadata;
  }
  throw new OAuthResponseError(
    ErrorCode.Http,
    `No authorization server metadata for ${redactUrl(base)} (tried ${candidates
      .map((u) => redactUrl(u))
      .join(', ')})`,
    lastMiss?.status === undefined ? {} : { status: lastMiss.status },
  );
}
