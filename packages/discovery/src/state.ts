import { ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import { fetchAuthorizationServerMetadata } from './authorization-server.js';
import { type DiscoverOptions, type DiscoveryResult, discover } from './discover.js';
import type { AuthorizationServerMetadata } from './types.js';

/** What a server record keeps of discovery (SPEC D4): URLs only, never documents. */
export interface DiscoveryState {
  authorizationServerUrl: string;
  resourceMetadataUrl?: string;
}

/**
 * The small, persistable part of a discovery result (SPEC D4): the AS URL
 * and the protected-resource metadata URL. Metadata documents are never
 * persisted, so a server's record stays well under 2 KB (SPEC ST2).
 */
export function discoveryState(
  result: Pick<DiscoveryResult, 'authorizationServerUrl' | 'resourceMetadataUrl'>,
): DiscoveryState {
  const state: DiscoveryState = { authorizationServerUrl: result.authorizationServerUrl };
  if (result.resourceMetadataUrl) state.resourceMetadataUrl = result.resourceMetadataUrl;
  return state;
}

/** Options of {@link resolveMetadata}. */
export interface ResolveMetadataOptions extends DiscoverOptions {
  /** Persisted discovery state of the server, if any. */
  readonly state?: Partial<DiscoveryState> | undefined;
  /** In-memory metadata by AS URL, filled as metadata is fetched. */
  readonly cache?: Map<string, AuthorizationServerMetadata> | undefined;
}

/** What {@link resolveMetadata} found, and how. */
export interface ResolvedMetadata {
  readonly authorizationServerUrl: string;
  readonly metadata: AuthorizationServerMetadata;
  /** `cache`: no request; `state`: one metadata request; `discovery`: full discovery. */
  readonly source: 'cache' | 'state' | 'discovery';
  /** The full result when discovery ran. */
  readonly discovery?: DiscoveryResult;
}

/**
 * AS metadata for a refresh, in the order of SPEC D5: metadata cached in
 * memory for the persisted AS URL; else one metadata request to the
 * persisted AS URL (issuer checked, no protected-resource probe); else full
 * {@link discover}. A refusal (insecure URL) is thrown; any other failure of
 * the persisted URL falls through to full discovery.
 */
export async function resolveMetadata(options: ResolveMetadataOptions): Promise<ResolvedMetadata> {
  const asUrl = options.state?.authorizationServerUrl;
  if (asUrl) {
    const cached = options.cache?.get(asUrl);
    if (cached) return { authorizationServerUrl: asUrl, metadata: cached, source: 'cache' };
    try {
      const metadata = await fetchAuthorizationServerMetadata(asUrl, {
        ...options,
        expectedIssuer: asUrl,
      });
      options.cache?.set(asUrl, metadata);
      return { authorizationServerUrl: asUrl, metadata, source: 'state' };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (error instanceof McpOAuthError && error.code === ErrorCode.InsecureUrl) throw error;
    }
  }
  const discovery = await discover({
    ...options,
    resourceMetadataUrl: options.resourceMetadataUrl ?? options.state?.resourceMetadataUrl,
  });
  options.cache?.set(discovery.authorizationServerUrl, discovery.metadata);
  return {
    authorizationServerUrl: discovery.authorizationServerUrl,
    metadata: discovery.metadata,
    source: 'discovery',
    discovery,
  };
}
