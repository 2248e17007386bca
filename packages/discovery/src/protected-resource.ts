import { ErrorCode, McpOAuthError, redactUrl } from '@mcp-oauth/core';
import { getMetadata, invalidMetadata } from './http.js';
import { resourceMatches } from './resource.js';
import { assertSecureUrl } from './secure-url.js';
import type { ProtectedResourceMetadata, RequestOptions } from './types.js';
import { protectedResourceMetadataUrls } from './well-known.js';

/** Protected-resource metadata and the URL it came from. */
export interface ProtectedResourceAnswer {
  readonly metadata: ProtectedResourceMetadata;
  readonly url: string;
}

/** Options of {@link fetchProtectedResourceMetadata}. */
export interface ProtectedResourceOptions extends RequestOptions {
  /** The `resource_metadata` URL from a `WWW-Authenticate` challenge (RFC 9728 §5.1). */
  readonly resourceMetadataUrl?: string | undefined;
}

/**
 * Checks a parsed RFC 9728 §2 document: `resource` present and matching the
 * server URL (§3.3, SPEC D8; `RESOURCE_MISMATCH` otherwise), a non-empty
 * `authorization_servers` list of secure URLs (SPEC D9).
 */
export function validateProtectedResourceMetadata(
  body: Record<string, unknown>,
  url: string,
  serverUrl: string | URL,
  options: { allowInsecure?: boolean | undefined } = {},
): ProtectedResourceMetadata {
  if (typeof body.resource !== 'string' || body.resource === '') {
    throw invalidMetadata(url, 'missing or non-string "resource"');
  }
  if (!resourceMatches(body.resource, serverUrl)) {
    throw new McpOAuthError(
      ErrorCode.ResourceMismatch,
      `Protected-resource metadata at ${redactUrl(url)} is for ${redactUrl(body.resource)}, not ${redactUrl(String(serverUrl))} (RFC 9728 §3.3); no token will be sent`,
    );
  }
  const servers = body.authorization_servers;
  if (
    !Array.isArray(servers) ||
    servers.length === 0 ||
    !servers.every((s) => typeof s === 'string')
  ) {
    throw invalidMetadata(url, '"authorization_servers" is missing or not a list of URLs');
  }
  for (const server of servers) {
    assertSecureUrl(server, {
      allowInsecure: options.allowInsecure,
      purpose: `authorization server (from ${redactUrl(url)})`,
    });
  }
  return body as ProtectedResourceMetadata;
}

/**
 * Fetches RFC 9728 protected-resource metadata for the MCP server: the
 * challenge's `resource_metadata` URL when known, else the path-aware then
 * the root well-known URL (SPEC D2). Throws typed errors; an HTTP 4xx at every
 * location gives `HTTP_ERROR` with that status.
 */
export async function fetchProtectedResourceMetadata(
  serverUrl: string | URL,
  options: ProtectedResourceOptions = {},
): Promise<ProtectedResourceAnswer> {
  const server = new URL(serverUrl);
  const candidates = options.resourceMetadataUrl
    ? [
        assertSecureUrl(options.resourceMetadataUrl, {
          allowInsecure: options.allowInsecure,
          purpose: 'resource metadata URL',
        }),
      ]
    : protectedResourceMetadataUrls(server).map((u) =>
        assertSecureUrl(u, {
          allowInsecure: options.allowInsecure,
          purpose: 'resource metadata URL',
        }),
      );
  let miss: McpOAuthError | undefined;
  for (const url of candidates) {
    const answer = await getMetadata(url, options);
    if (!answer.found) {
      miss = answer.error;
      continue;
    }
    const metadata = validateProtectedResourceMetadata(answer.body, answer.url, server, options);
    return { metadata, url: answer.url };
  }
  throw miss ?? invalidMetadata(server.href, 'no protected-resource metadata');
}
