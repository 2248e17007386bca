import { ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import {
  fetchAuthorizationServerMetadata,
  validateAuthorizationServerMetadata,
} from './authorization-server.js';
import { getMetadata } from './http.js';
import { fetchProtectedResourceMetadata } from './protected-resource.js';
import { canonicalResource } from './resource.js';
import { assertSecureUrl } from './secure-url.js';
import type {
  AuthorizationServerMetadata,
  ProtectedResourceMetadata,
  RequestOptions,
} from './types.js';
import { issuerOfMetadataUrl, legacyMetadataUrls } from './well-known.js';

/** Options of {@link discover}. */
export interface DiscoverOptions extends RequestOptions {
  /** The MCP server URL. */
  readonly serverUrl: string | URL;
  /** `resource_metadata` from the server's `WWW-Authenticate` challenge, or persisted (SPEC D2). */
  readonly resourceMetadataUrl?: string | undefined;
  /**
   * A configured authorization server (its issuer URL, or its full
   * well-known metadata URL): skips protected-resource metadata (SPEC D1).
   */
  readonly authorizationServerUrl?: string | undefined;
}

/** What discovery found. Persist only {@link discoveryState} of it (SPEC D4). */
export interface DiscoveryResult {
  /** The authorization server's URL (its issuer, or the MCP server origin on the legacy path). */
  readonly authorizationServerUrl: string;
  /** Validated RFC 8414 / OpenID metadata (synthesised default endpoints on the 2025-03-26 fallback). */
  readonly metadata: AuthorizationServerMetadata;
  /** RFC 9728 metadata, when the server published it. */
  readonly resourceMetadata?: ProtectedResourceMetadata;
  /** Where `resourceMetadata` came from. */
  readonly resourceMetadataUrl?: string;
  /** The canonical RFC 8707 `resource` to send (SPEC C8): the PRM `resource`, else the server URL. */
  readonly resource: string;
  /** True on the 2025-03-26 path: no protected-resource metadata, AS at the MCP server (SPEC D3, D7). */
  readonly legacy: boolean;
}

/** Errors that are refusals, never reasons to try the legacy fallback. */
const REFUSALS: ReadonlySet<string> = new Set([
  ErrorCode.InsecureUrl,
  ErrorCode.IssuerMismatch,
  ErrorCode.ResourceMismatch,
  ErrorCode.Cancelled,
]);

const isRefusal = (error: unknown, signal?: AbortSignal) =>
  signal?.aborted || (error instanceof McpOAuthError && REFUSALS.has(error.code));

/**
 * Finds the authorization server of an MCP server (SPEC D1–D3, D7–D9):
 *
 * 1. A configured `authorizationServerUrl`: its metadata, issuer checked.
 * 2. RFC 9728 protected-resource metadata (the challenge's URL, else the
 *    well-known ones), its `resource` checked against the server URL, then
 *    RFC 8414 / OpenID metadata of its first authorization server, issuer
 *    checked.
 * 3. If that chain fails for any reason but a refusal (insecure URL, issuer
 *    or resource mismatch): the path-aware RFC 8414 document at the MCP
 *    server. When no protected-resource metadata exists at all (4xx), the
 *    2025-03-26 root document follows, and when that is missing too (4xx),
 *    the 2025-03-26 default endpoints `/authorize`, `/token`, `/register` at
 *    the server's origin. The legacy path does not compare the issuer.
 *
 * Throws a typed `McpOAuthError`; when every fallback fails, the error of
 * the protected-resource chain.
 */
export async function discover(options: DiscoverOptions): Promise<DiscoveryResult> {
  const server = assertSecureUrl(options.serverUrl, {
    allowInsecure: options.allowInsecure,
    purpose: 'MCP server URL',
  });
  const resource = canonicalResource(options.serverUrl);
  if (options.authorizationServerUrl) {
    const metadata = await fetchAuthorizationServerMetadata(
      options.authorizationServerUrl,
      options,
    );
    return { authorizationServerUrl: metadata.issuer, metadata, resource, legacy: false };
  }

  let chainError: unknown;
  let prmMissing = false;
  let prm: Awaited<ReturnType<typeof fetchProtectedResourceMetadata>> | undefined;
  try {
    prm = await fetchProtectedResourceMetadata(server, options);
  } catch (error) {
    if (isRefusal(error, options.signal)) throw error;
    chainError = error;
    // A 4xx at every location: the server predates RFC 9728 (MCP 2025-03-26).
    prmMissing = error instanceof McpOAuthError && isClientError(error.status);
  }
  if (prm) {
    const asUrl = prm.metadata.authorization_servers?.[0] as string;
    try {
      const metadata = await fetchAuthorizationServerMetadata(asUrl, {
        ...options,
        expectedIssuer: asUrl,
      });
      return {
        authorizationServerUrl: asUrl,
        metadata,
        resourceMetadata: prm.metadata,
        resourceMetadataUrl: prm.url,
        // As published (RFC 9728 §3.3 matched it above): re-serialising may change it.
        resource: prm.metadata.resource,
        legacy: false,
      };
    } catch (error) {
      if (isRefusal(error, options.signal)) throw error;
      chainError = error;
    }
  }

  let legacy: Pick<DiscoveryResult, 'authorizationServerUrl' | 'metadata'> | undefined;
  try {
    legacy = await legacyDiscovery(server, prmMissing, options);
  } catch (error) {
    // Without PRM the legacy document is the only one: its error is the informative one.
    if (isRefusal(error, options.signal) || prmMissing) throw error;
  }
  if (legacy) return { ...legacy, resource, legacy: true };
  throw chainError;
}

const isClientError = (status: number | undefined) =>
  status !== undefined && status >= 400 && status < 500;

async function legacyDiscovery(
  server: URL,
  prmMissing: boolean,
  options: DiscoverOptions,
): Promise<Pick<DiscoveryResult, 'authorizationServerUrl' | 'metadata'> | undefined> {
  for (const url of legacyMetadataUrls(server, prmMissing)) {
    const answer = await getMetadata(url, options);
    if (!answer.found) continue;
    const metadata = validateAuthorizationServerMetadata(answer.body, answer.url, options);
    // The base the document was found for, so that persisted state (SPEC D4)
    // leads fetchAuthorizationServerMetadata back to the same document.
    const base = issuerOfMetadataUrl(url) ?? server.origin;
    return { authorizationServerUrl: base, metadata };
  }
  if (!prmMissing) return undefined;
  // MCP 2025-03-26 "Fallbacks for Servers without Metadata Discovery".
  const at = (path: string) => new URL(path, server.origin).href;
  return {
    authorizationServerUrl: server.origin,
    metadata: {
      issuer: server.origin,
      authorization_endpoint: at('/authorize'),
      token_endpoint: at('/token'),
      registration_endpoint: at('/register'),
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    },
  };
}
