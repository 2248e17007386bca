import { ErrorCode, McpOAuthError, type ServerRecord } from '@mcp-oauth/core';
import type {
  AuthorizationServerMetadata,
  DiscoveryResult,
  DiscoveryState,
} from '@mcp-oauth/discovery';
import type { RuntimeContext } from './context.js';
import { loadDiscovery } from './deferred.js';

/**
 * Full discovery for the server (SPEC D2, D3, D7, D8), persisting only the
 * URLs (SPEC D4) and caching the AS metadata in memory (SPEC D5).
 */
export async function discoverServer(
  ctx: RuntimeContext,
  resourceMetadataUrl: string | undefined,
  signal?: AbortSignal,
): Promise<DiscoveryResult> {
  const key = await ctx.serverKey;
  const { canonicalResource, discover, discoveryState } = await loadDiscovery();
  const result = await discover({
    serverUrl: ctx.server.url,
    fetch: ctx.fetch,
    ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
    ...(ctx.allowInsecure ? { allowInsecure: true } : {}),
    ...(signal ? { signal } : {}),
  });
  ctx.metadata.set(result.authorizationServerUrl, result.metadata);
  const state = discoveryState(result);
  await ctx.records.update(key, (record) => {
    const next: ServerRecord = { ...record, authorizationServerUrl: state.authorizationServerUrl };
    if (state.resourceMetadataUrl) next.resourceMetadataUrl = state.resourceMetadataUrl;
    else delete next.resourceMetadataUrl;
    // The PRM may name a parent resource (RFC 9728 §3.3); refreshes must send
    // the same one (SPEC C8), so keep it when it differs from the server URL.
    if (result.resource !== canonicalResource(ctx.server.url)) next.resource = result.resource;
    else delete next.resource;
    return next;
  });
  return result;
}

/**
 * The authorization server that credentials are bound to, to store with them
 * (SPEC H2): its issuer, its token endpoint and the client authentication
 * methods it advertises there, which is all a refresh needs, so a new
 * process refreshes with one request.
 */
export function bindingOf(
  metadata: AuthorizationServerMetadata,
): Pick<ServerRecord, 'issuer' | 'tokenEndpoint' | 'tokenEndpointAuthMethods'> {
  const methods = metadata.token_endpoint_auth_methods_supported;
  return {
    issuer: metadata.issuer,
    ...(metadata.token_endpoint ? { tokenEndpoint: metadata.token_endpoint } : {}),
    ...(Array.isArray(methods) ? { tokenEndpointAuthMethods: [...methods] } : {}),
  };
}

/**
 * Refuses metadata of another authorization server than the one that issued
 * the record's credentials (SPEC H2): a refresh token or client secret is
 * only ever sent to its own issuer's token endpoint, whatever discovery
 * finds now. The record then needs a new login.
 */
export function assertIssuingServer(
  record: ServerRecord | undefined,
  metadata: AuthorizationServerMetadata,
): void {
  const { issuer, tokenEndpoint } = record ?? {};
  const moved =
    (issuer && metadata.issuer !== issuer) ||
    (tokenEndpoint && metadata.token_endpoint !== tokenEndpoint);
  if (moved) {
    throw new McpOAuthError(
      ErrorCode.IssuerMismatch,
      `The credentials were issued by ${issuer ?? tokenEndpoint}, but discovery now finds ${metadata.issuer} (token endpoint ${metadata.token_endpoint ?? 'none'}); they are sent nowhere else: log in again`,
    );
  }
}

/**
 * The token endpoint's metadata for a renewal (SPEC D5): the in-memory
 * cache, else the token endpoint the credentials are bound to (no request),
 * else one request at the persisted AS URL (no PRM probe), else full
 * discovery, whose URLs are then persisted. Only the authorization server
 * that issued the record's credentials is accepted (SPEC H2).
 */
export async function metadataForRenewal(
  ctx: RuntimeContext,
  record: ServerRecord | undefined,
  signal?: AbortSignal,
): Promise<{ metadata: AuthorizationServerMetadata; resource: string }> {
  const { canonicalResource, discoveryState, resolveMetadata } = await loadDiscovery();
  const cached = record?.authorizationServerUrl
    ? ctx.metadata.get(record.authorizationServerUrl)
    : undefined;
  if (!cached && record?.issuer && record.tokenEndpoint) {
    // The server the credentials are bound to (H2) is all a refresh needs: no request.
    const methods = record.tokenEndpointAuthMethods;
    return {
      metadata: {
        issuer: record.issuer,
        token_endpoint: record.tokenEndpoint,
        ...(Array.isArray(methods) ? { token_endpoint_auth_methods_supported: methods } : {}),
      } as AuthorizationServerMetadata,
      resource:
        typeof record.resource === 'string' ? record.resource : canonicalResource(ctx.server.url),
    };
  }
  const state: Partial<DiscoveryState> = {};
  if (record?.authorizationServerUrl) state.authorizationServerUrl = record.authorizationServerUrl;
  if (record?.resourceMetadataUrl) state.resourceMetadataUrl = record.resourceMetadataUrl;
  const resolved = await resolveMetadata({
    serverUrl: ctx.server.url,
    fetch: ctx.fetch,
    state,
    cache: ctx.metadata,
    ...(ctx.allowInsecure ? { allowInsecure: true } : {}),
    ...(signal ? { signal } : {}),
  });
  assertIssuingServer(record, resolved.metadata);
  if (resolved.discovery) {
    const found = discoveryState(resolved.discovery);
    const resource = resolved.discovery.resource;
    await ctx.records.patch(await ctx.serverKey, {
      ...found,
      ...(resource !== canonicalResource(ctx.server.url) ? { resource } : {}),
    });
    return { metadata: resolved.metadata, resource };
  }
  const resource =
    typeof record?.resource === 'string' ? record.resource : canonicalResource(ctx.server.url);
  return { metadata: resolved.metadata, resource };
}
